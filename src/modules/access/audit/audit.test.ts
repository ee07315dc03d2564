import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/database.js';
import { testRuntime } from '../../../../test/support/db.js';
import { signedInAgent } from '../../../../test/support/app.js';
import { buildAgency, buildPartnership, buildUser } from '../../../../test/support/factories.js';

const tableBody = (html: string) => /<tbody[\s\S]*?<\/tbody>/.exec(html)?.[0] ?? '';

async function rows<T>(query: ReturnType<typeof sql>) {
  const { database } = await testRuntime();
  return queryRows<T>(database.db, query);
}

describe('the audit log', () => {
  it('records who did what from which agency, with the values before and after', async () => {
    const user = await buildUser({ isAdmin: true });
    const { services } = await testRuntime();
    const agency = await services.partnerships.createAgency(
      { ...user.actor, requestId: 'REQ1' },
      { name: 'Testshire Probation', kind: 'probation', responsibleAuthority: 'yes' },
    );
    await services.partnerships.updateAgency(user.actor, agency.id, agency.version, {
      name: 'Testshire Probation Service',
      kind: 'probation',
      responsibleAuthority: 'yes',
    });

    const { rows } = await services.audit.list({ agencyId: user.agency.id, limit: 10, offset: 0 });
    const [update, create] = rows;
    expect(create).toMatchObject({
      action: 'agency.create',
      entityType: 'agency',
      entityId: String(agency.id),
      agencyName: user.agency.name,
      before: null,
    });
    expect(create!.after).toMatchObject({ name: 'Testshire Probation', responsibleAuthority: true });
    expect(update).toMatchObject({
      action: 'agency.update',
      before: { name: 'Testshire Probation' },
      after: { name: 'Testshire Probation Service' },
    });
    expect(update!.occurredAt).toBeInstanceOf(Date);
  });

  it('is append-only: the database refuses to change or delete an entry', async () => {
    const { database, services } = await testRuntime();
    await services.audit.record({ userId: null, agencyId: null, isAdmin: true }, { action: 'test.event', details: { n: 1 } });
    await expect(database.db.execute(sql`update audit_log set action = 'rewritten'`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    const rows = await queryRows<{ action: string }>(database.db, sql`select action from audit_log`);
    expect(rows).toEqual([{ action: 'test.event' }]);
  });
});

describe('audit log page', () => {
  it('shows administrators who did what, filtered by user, agency and date', async () => {
    const south = await buildAgency({ name: 'Testshire South Council' });
    const north = await buildAgency({ name: 'Testshire North Council' });
    const alice = await buildUser({ agency: south });
    const bob = await buildUser({ agency: north });
    const admin = await buildUser({ isAdmin: true });
    await signedInAgent(alice);
    await signedInAgent(bob);
    const agent = await signedInAgent(admin);

    const all = await agent.get('/audit');
    expect(all.statusCode).toBe(200);
    expect(tableBody(all.body)).toContain('Testshire South Council');
    expect(tableBody(all.body)).toContain('Testshire North Council');

    const byUser = tableBody((await agent.get(`/audit?user=${alice.id}`)).body);
    expect(byUser).toContain('sign-in');
    expect(byUser).toContain('Testshire South Council');
    expect(byUser).not.toContain('Testshire North Council');

    const byAgency = tableBody((await agent.get(`/audit?agency=${north.id}`)).body);
    expect(byAgency).toContain('Testshire North Council');
    expect(byAgency).not.toContain('Testshire South Council');

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(tableBody((await agent.get(`/audit?from=${today}&to=${today}`)).body)).toContain('sign-in');
    const future = await agent.get(`/audit?from=${tomorrow}`);
    expect(future.body).toContain('No entries match these filters');
    expect(future.body).toContain(`value="${tomorrow}"`);
  });

  it('answers 403 to anyone who is not an administrator, and audits the refusal', async () => {
    const p = await buildPartnership();
    const coordinator = await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] });
    const agent = await signedInAgent(coordinator);
    expect((await agent.get('/')).body).not.toContain('href="/audit"');
    const refused = await agent.get('/audit');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You do not have permission to see this page');
    const [entry] = await rows<{ user_id: number; action: string }>(
      sql`select user_id, action from audit_log where action = 'access.refused'`,
    );
    expect(entry!.user_id).toBe(coordinator.id);
  });
});
