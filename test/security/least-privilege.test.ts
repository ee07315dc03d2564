import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.js';
import { canEditAgency } from '../../src/modules/access/index.js';
import { signedInAgent } from '../support/app.js';
import { testRuntime } from '../support/db.js';
import { addMember, buildAgency, buildPartnership, buildUser } from '../support/factories.js';

async function rows<T>(query: ReturnType<typeof sql>) {
  const { database } = await testRuntime();
  return queryRows<T>(database.db, query);
}

const rename = { name: 'Renamed by someone', kind: 'local-authority', responsibleAuthority: 'yes', version: 1 };

describe('editing agencies (finding: any coordinator could rename any agency in the county)', () => {
  it('refuses a coordinator of a partnership where the agency holds no seat, and audits the refusal', async () => {
    const theirs = await buildPartnership();
    const elsewhere = await buildPartnership();
    const agency = await buildAgency({ name: 'Testshire Fire and Rescue' });
    await addMember(elsewhere, agency);
    const coordinator = await buildUser({ roles: [{ partnership: theirs, role: 'coordinator' }] });
    const agent = await signedInAgent(coordinator);

    expect((await agent.get(`/agencies/${agency.id}`)).body).not.toContain(`/agencies/${agency.id}/edit`);
    expect((await agent.get(`/agencies/${agency.id}/edit`)).statusCode).toBe(403);
    const refused = await agent.post(`/agencies/${agency.id}`, rename);
    expect(refused.statusCode).toBe(403);
    const [stored] = await rows<{ name: string }>(sql`select name from agencies where id = ${agency.id}`);
    expect(stored!.name).toBe('Testshire Fire and Rescue');
    const refusals = await rows<{ user_id: number; entity_type: string }>(
      sql`select user_id, entity_type from audit_log where action = 'access.refused' and entity_type = 'agency'`,
    );
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.every((r) => r.user_id === coordinator.id)).toBe(true);
  });

  it('lets a coordinator of a partnership where the agency sits, and an administrator, change it', async () => {
    const p = await buildPartnership();
    const agency = await buildAgency({ name: 'Testshire Probation' });
    await addMember(p, agency);
    const coordinator = await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] });
    const agent = await signedInAgent(coordinator);
    expect((await agent.get(`/agencies/${agency.id}`)).body).toContain(`/agencies/${agency.id}/edit`);
    expect((await agent.post(`/agencies/${agency.id}`, { ...rename, name: 'Testshire Probation Service' })).statusCode).toBe(303);

    const admin = await signedInAgent(await buildUser({ isAdmin: true }));
    expect(
      (await admin.post(`/agencies/${agency.id}`, { ...rename, name: 'Testshire Probation Delivery Unit', version: 2 })).statusCode,
    ).toBe(303);
    const updates = await rows<{ action: string }>(sql`select action from audit_log where action = 'agency.update'`);
    expect(updates).toHaveLength(2);
  });

  it('answers 404 for an agency that does not exist', async () => {
    const p = await buildPartnership();
    const agent = await signedInAgent(await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] }));
    expect((await agent.post('/agencies/987654', rename)).statusCode).toBe(404);
  });

  it('is one small rule', () => {
    const person = { userId: 1, agencyId: 1, isAdmin: false };
    expect(canEditAgency(person, [3, 4], [4])).toBe(true);
    expect(canEditAgency(person, [3, 4], [5])).toBe(false);
    expect(canEditAgency(person, [], [5])).toBe(false);
    expect(canEditAgency({ ...person, isAdmin: true }, [], [])).toBe(true);
    expect(canEditAgency({ ...person, isAdmin: true, onlyPartnershipId: 3 }, [3], [])).toBe(false);
  });
});
