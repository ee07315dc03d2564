import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import { testRuntime } from '../../../test/support/db.js';
import { buildUser } from '../../../test/support/factories.js';

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
