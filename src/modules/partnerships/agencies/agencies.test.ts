import { describe, expect, it } from 'vitest';
import { signedInAgent } from '../../../../test/support/app.js';
import { addMember, buildAgency, buildPartnership, buildUser } from '../../../../test/support/factories.js';
import { testRuntime } from '../../../../test/support/db.js';
import { queryRows } from '../../../db/database.js';
import { sql } from 'drizzle-orm';

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1]?.trim() ?? '';
const errorSummary = (html: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
const inputValue = (html: string, name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1];

async function auditActions(entityType: string) {
  const { database } = await testRuntime();
  return queryRows<{ action: string; before: unknown; after: unknown }>(
    database.db,
    sql`select action, before, after from audit_log where entity_type = ${entityType} order by id`,
  );
}

describe('agency pages', () => {
  it('lists agencies and shows an agency with its seats in the partnerships the user can see', async () => {
    const mine = await buildPartnership({ name: 'Safer Testshire' });
    const other = await buildPartnership({ name: 'Hidden Partnership' });
    const police = await buildAgency({ name: 'Testshire Police', kind: 'police' });
    await addMember(mine, police, 'chair', 'Chief Inspector');
    await addMember(other, police, 'member');
    const user = await buildUser({ seatIn: [mine] });
    const agent = await signedInAgent(user);

    const list = await agent.get('/agencies');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Testshire Police');
    expect(list.body).toContain(user.agency.name);

    const page = await agent.get(`/agencies/${police.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Safer Testshire');
    expect(page.body).toContain('Chief Inspector');
    expect(page.body).not.toContain('Hidden Partnership');
    expect((await agent.get('/agencies/999999')).statusCode).toBe(404);
  });

  it('lets a coordinator add an agency, and re-shows the form with the typed values when it is incomplete', async () => {
    const p = await buildPartnership();
    const coordinator = await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] });
    const agent = await signedInAgent(coordinator);

    await agent.get('/agencies/new');
    const bad = await agent.post('/agencies', { name: '', shortName: 'TVS', kind: '' });
    expect(bad.statusCode).toBe(303);
    expect(bad.headers.location).toBe('/agencies/new');
    const form = await agent.follow(bad);
    expect(titleOf(form.body)).toMatch(/^Error: Add an agency/);
    expect(errorSummary(form.body)).toContain('Enter the agency’s name');
    expect(errorSummary(form.body)).toContain('Select the kind of agency');
    expect(inputValue(form.body, 'shortName')).toBe('TVS');

    const created = await agent.post('/agencies', {
      name: 'Testshire Voluntary Services',
      shortName: 'TVS',
      kind: 'voluntary',
      responsibleAuthority: 'no',
    });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toMatch(/^\/agencies\/\d+$/);
    const page = await agent.follow(created);
    expect(page.body).toContain('Testshire Voluntary Services has been added');
    expect(page.body).toContain('Voluntary');

    const [audit] = await auditActions('agency');
    expect(audit).toMatchObject({
      action: 'agency.create',
      before: null,
      after: { name: 'Testshire Voluntary Services', kind: 'voluntary' },
    });
  });

  it('refuses a second agency with the same name, whatever its case', async () => {
    await buildAgency({ name: 'Testshire Fire and Rescue' });
    const admin = await buildUser({ isAdmin: true });
    const agent = await signedInAgent(admin);
    await agent.get('/agencies/new');
    const again = await agent.post('/agencies', {
      name: 'testshire fire and rescue',
      kind: 'fire-and-rescue',
      responsibleAuthority: 'yes',
    });
    const form = await agent.follow(again);
    expect(errorSummary(form.body)).toContain('An agency called testshire fire and rescue already exists');
    expect(inputValue(form.body, 'name')).toBe('testshire fire and rescue');
  });

  it('edits an agency, keeping the typed values when someone else saved first', async () => {
    const agency = await buildAgency({ name: 'Testshire Council', kind: 'local-authority' });
    const admin = await buildUser({ isAdmin: true });
    const agent = await signedInAgent(admin);
    const form = await agent.get(`/agencies/${agency.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(inputValue(form.body, 'version')).toBe('1');

    const saved = await agent.post(`/agencies/${agency.id}`, {
      name: 'Testshire County Council',
      kind: 'local-authority',
      responsibleAuthority: 'yes',
      version: 1,
    });
    expect(saved.headers.location).toBe(`/agencies/${agency.id}`);
    expect((await agent.follow(saved)).body).toContain('Testshire County Council has been updated');

    // A second editor still holding version 1 loses nothing they typed.
    const stale = await agent.post(`/agencies/${agency.id}`, {
      name: 'Testshire Borough Council',
      kind: 'local-authority',
      responsibleAuthority: 'yes',
      version: 1,
    });
    expect(stale.headers.location).toBe(`/agencies/${agency.id}/edit`);
    const conflict = await agent.follow(stale);
    expect(errorSummary(conflict.body)).toContain('Someone else changed this agency while you were editing it');
    expect(inputValue(conflict.body, 'name')).toBe('Testshire Borough Council');
    expect(conflict.body).toContain('See the current details');

    const updates = (await auditActions('agency')).filter((a) => a.action === 'agency.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ before: { name: 'Testshire Council' }, after: { name: 'Testshire County Council', version: 2 } });
  });

  it('does not let a viewer add or change agencies', async () => {
    const p = await buildPartnership();
    const agency = await buildAgency();
    const viewer = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    const agent = await signedInAgent(viewer);
    expect((await agent.get('/agencies')).body).not.toContain('Add an agency');
    expect((await agent.get('/agencies/new')).statusCode).toBe(403);
    expect((await agent.get(`/agencies/${agency.id}/edit`)).statusCode).toBe(403);
    expect((await agent.post('/agencies', { name: 'Sneaky', kind: 'other' })).statusCode).toBe(403);
    expect((await agent.post(`/agencies/${agency.id}`, { name: 'Renamed', kind: 'other', version: 1 })).statusCode).toBe(403);
  });
});
