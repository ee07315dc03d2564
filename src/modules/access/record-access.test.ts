import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import { signedInAgent } from '../../../test/support/app.js';
import { testRuntime } from '../../../test/support/db.js';
import { addMember, buildAgency, buildPartnership, buildUser } from '../../../test/support/factories.js';

const refusals = async () => {
  const { database } = await testRuntime();
  return queryRows<{ user_id: number; partnership_id: number | null; entity_type: string; details: { reason: string } }>(
    database.db,
    sql`select user_id, partnership_id, entity_type, details from audit_log where action = 'access.refused' order by id`,
  );
};

describe('who sees which partnership', () => {
  it('shows a user the partnerships where their agency holds a seat or they hold a role, and no others', async () => {
    const seat = await buildPartnership({ name: 'Seat Partnership' });
    const role = await buildPartnership({ name: 'Role Partnership' });
    const neither = await buildPartnership({ name: 'Other Partnership' });
    const user = await buildUser({ seatIn: [seat], roles: [{ partnership: role, role: 'contributor' }] });
    const { services } = await testRuntime();

    expect((await services.partnerships.listPartnerships(user.actor)).map((p) => p.name)).toEqual(['Role Partnership', 'Seat Partnership']);
    expect(await services.policy.roleIn(user.actor, seat.id)).toBe('viewer');
    expect(await services.policy.roleIn(user.actor, role.id)).toBe('contributor');
    expect(await services.policy.roleIn(user.actor, neither.id)).toBeNull();

    const agent = await signedInAgent(user);
    const list = (await agent.get('/partnerships')).body;
    expect(list).toContain('Seat Partnership');
    expect(list).toContain('Role Partnership');
    expect(list).not.toContain('Other Partnership');
    expect((await agent.get('/')).body).not.toContain('Other Partnership');
  });

  it('answers 404 for a partnership outside the user’s, exactly as for one that does not exist, and audits the refusal', async () => {
    const other = await buildPartnership({ name: 'Other Partnership' });
    const user = await buildUser();
    const agent = await signedInAgent(user);
    const hidden = await agent.get(`/partnerships/${other.id}`);
    const missing = await agent.get('/partnerships/987654');
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(hidden.body).not.toContain('Other Partnership');
    expect(hidden.body).toContain('Page not found');

    const audit = await refusals();
    expect(audit[0]).toMatchObject({
      user_id: user.id,
      partnership_id: other.id,
      entity_type: 'partnership',
      details: { reason: 'outside partnerships' },
    });
    expect(audit[1]).toMatchObject({ user_id: user.id, partnership_id: 987654 });
  });

  it('shows administrators every partnership', async () => {
    await buildPartnership({ name: 'A Partnership' });
    await buildPartnership({ name: 'B Partnership' });
    const admin = await buildUser({ isAdmin: true });
    const { services } = await testRuntime();
    expect(await services.policy.visiblePartnershipIds(admin.actor)).toBe('all');
    expect(await services.partnerships.listPartnerships(admin.actor)).toHaveLength(2);
  });
});

describe('roles within a partnership', () => {
  it('lets a viewer look but not change, a contributor contribute, and a coordinator coordinate', async () => {
    const p = await buildPartnership();
    const { services } = await testRuntime();
    const viewer = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    const contributor = await buildUser({ roles: [{ partnership: p, role: 'contributor' }] });
    const coordinator = await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] });

    await expect(services.policy.require(viewer.actor, p.id, 'view')).resolves.toBe('viewer');
    await expect(services.policy.require(viewer.actor, p.id, 'contribute')).rejects.toMatchObject({ status: 403 });
    await expect(services.policy.require(contributor.actor, p.id, 'contribute')).resolves.toBe('contributor');
    await expect(services.policy.require(contributor.actor, p.id, 'coordinate')).rejects.toMatchObject({ status: 403 });
    await expect(services.policy.require(coordinator.actor, p.id, 'coordinate')).resolves.toBe('coordinator');

    const audit = await refusals();
    expect(audit.map((a) => a.details.reason)).toEqual(['insufficient role', 'insufficient role']);
  });

  it('takes a user’s own role over the viewer right their agency’s seat gives', async () => {
    const p = await buildPartnership();
    const agency = await buildAgency();
    await addMember(p, agency);
    const colleague = await buildUser({ agency });
    const coordinator = await buildUser({ agency, roles: [{ partnership: p, role: 'coordinator' }] });
    const { services } = await testRuntime();
    expect(await services.policy.roleIn(colleague.actor, p.id)).toBe('viewer');
    expect(await services.policy.roleIn(coordinator.actor, p.id)).toBe('coordinator');

    const viewerPage = (await (await signedInAgent(colleague)).get(`/partnerships/${p.id}`)).body;
    const coordinatorPage = (await (await signedInAgent(coordinator)).get(`/partnerships/${p.id}`)).body;
    expect(viewerPage).not.toContain('Add a member');
    expect(coordinatorPage).toContain('Add a member');
    expect(coordinatorPage).toContain(`/partnerships/${p.id}/edit`);
  });
});
