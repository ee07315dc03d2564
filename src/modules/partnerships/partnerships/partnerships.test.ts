import { describe, expect, it } from 'vitest';
import { signedInAgent, testApp, Agent } from '../../../../test/support/app.js';
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

describe('partnership pages', () => {
  it('lets an administrator add a partnership under a parent, re-showing errors with the typed values', async () => {
    const county = await buildPartnership({ name: 'Testshire Strategy Group', kind: 'strategy-group' });
    const admin = await buildUser({ isAdmin: true });
    const agent = await signedInAgent(admin);
    const form = await agent.get('/partnerships/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Testshire Strategy Group');

    const bad = await agent.post('/partnerships', {
      name: 'Safer East Testshire',
      kind: 'community-safety-partnership',
      areaCode: 'E2200',
      parentId: county.id,
    });
    const again = await agent.follow(bad);
    expect(titleOf(again.body)).toMatch(/^Error: /);
    expect(errorSummary(again.body)).toContain('Enter an ONS area code like E22000000');
    expect(inputValue(again.body, 'name')).toBe('Safer East Testshire');
    expect(again.body).toMatch(new RegExp(`<option value="${county.id}" selected>`));

    const ok = await agent.post('/partnerships', {
      name: 'Safer East Testshire',
      kind: 'community-safety-partnership',
      areaName: 'East Testshire',
      areaCode: 'E22000999',
      parentId: county.id,
      meetingCadence: 'quarterly',
    });
    expect(ok.headers.location).toMatch(/^\/partnerships\/\d+$/);
    const page = await agent.follow(ok);
    expect(page.body).toContain('Safer East Testshire has been added');
    expect(page.body).toContain('East Testshire (E22000999)');
    expect(page.body).toContain('Quarterly');

    const dup = await agent.post('/partnerships', { name: 'SAFER EAST TESTSHIRE', kind: 'thematic-board' });
    expect(errorSummary((await agent.follow(dup)).body)).toContain('A partnership called SAFER EAST TESTSHIRE already exists');
  });

  it('keeps partnership creation to administrators', async () => {
    const p = await buildPartnership();
    const coordinator = await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] });
    const agent = await signedInAgent(coordinator);
    expect((await agent.get('/partnerships')).body).not.toContain('Add a partnership');
    expect((await agent.get('/partnerships/new')).statusCode).toBe(403);
    expect((await agent.post('/partnerships', { name: 'Mine now', kind: 'thematic-board' })).statusCode).toBe(403);
  });

  it('lets a coordinator edit the partnership, refuses a loop in the structure and keeps typed values on a conflict', async () => {
    const parent = await buildPartnership({ name: 'Testshire Strategy Group', kind: 'strategy-group' });
    const p = await buildPartnership({ name: 'Safer Testshire', parentId: parent.id });
    const child = await buildPartnership({ name: 'Testshire Night-time Economy Group', kind: 'operational-group', parentId: p.id });
    const coordinator = await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] });
    const agent = await signedInAgent(coordinator);

    const form = await agent.get(`/partnerships/${p.id}/edit`);
    expect(form.statusCode).toBe(200);
    const loop = await agent.post(`/partnerships/${p.id}`, {
      name: 'Safer Testshire',
      kind: 'community-safety-partnership',
      parentId: child.id,
      version: 1,
    });
    expect(errorSummary((await agent.follow(loop)).body)).toContain('A partnership cannot sit under itself or one of its sub-groups');

    const saved = await agent.post(`/partnerships/${p.id}`, {
      name: 'Safer Testshire',
      kind: 'community-safety-partnership',
      parentId: parent.id,
      meetingCadence: 'monthly',
      purpose: 'Reduce crime in Testshire',
      version: 1,
    });
    expect(saved.headers.location).toBe(`/partnerships/${p.id}`);
    const page = await agent.follow(saved);
    expect(page.body).toContain('Reduce crime in Testshire');

    const stale = await agent.post(`/partnerships/${p.id}`, {
      name: 'Safer Testshire',
      kind: 'community-safety-partnership',
      purpose: 'My careful rewrite of the purpose',
      version: 1,
    });
    const conflict = await agent.follow(stale);
    expect(errorSummary(conflict.body)).toContain('Someone else changed this partnership');
    expect(conflict.body).toContain('My careful rewrite of the purpose');

    const updates = (await auditActions('partnership')).filter((a) => a.action === 'partnership.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ before: { meetingCadence: null }, after: { meetingCadence: 'monthly' } });
  });

  it('does not let a viewer edit, and answers 404 to someone outside the partnership', async () => {
    const p = await buildPartnership();
    const viewer = await signedInAgent(await buildUser({ roles: [{ partnership: p, role: 'viewer' }] }));
    const outsider = await signedInAgent(await buildUser());
    expect((await viewer.get(`/partnerships/${p.id}`)).body).not.toContain(`/partnerships/${p.id}/edit`);
    expect((await viewer.get(`/partnerships/${p.id}/edit`)).statusCode).toBe(403);
    expect((await viewer.post(`/partnerships/${p.id}`, { name: 'X', kind: 'thematic-board', version: 1 })).statusCode).toBe(403);
    expect((await outsider.get(`/partnerships/${p.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/partnerships/${p.id}/edit`)).statusCode).toBe(404);
  });

  it('shows the governance structure as a tree: parent above, sub-groups below, links only where the user may go', async () => {
    const county = await buildPartnership({ name: 'Testshire Strategy Group', kind: 'strategy-group' });
    const p = await buildPartnership({ name: 'Safer Testshire', parentId: county.id });
    const sub = await buildPartnership({ name: 'Testshire Youth Board', kind: 'thematic-board', parentId: p.id });
    await buildPartnership({ name: 'Testshire Youth Panel', kind: 'operational-group', parentId: sub.id });
    const user = await buildUser({ seatIn: [p, sub] });
    const agent = await signedInAgent(user);
    const html = (await agent.get(`/partnerships/${p.id}`)).body;
    const tree = /<div class="saferhub-tree">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    const order = ['Testshire Strategy Group', 'Safer Testshire', 'Testshire Youth Board', 'Testshire Youth Panel'].map((n) =>
      tree.indexOf(n),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(tree).toContain('aria-current="page">Safer Testshire');
    expect(tree).toContain(`href="/partnerships/${sub.id}"`);
    expect(tree).not.toContain(`href="/partnerships/${county.id}"`); // visible as a name, not a link
  });

  it('groups the members by agency kind, police first', async () => {
    const p = await buildPartnership();
    await addMember(p, await buildAgency({ name: 'Testshire Voluntary Action', kind: 'voluntary', responsibleAuthority: false }));
    await addMember(p, await buildAgency({ name: 'Testshire Police', kind: 'police' }), 'chair');
    await addMember(p, await buildAgency({ name: 'Testshire Borough Council', kind: 'local-authority' }));
    const user = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    const html = (await (await signedInAgent(user)).get(`/partnerships/${p.id}`)).body;
    const captions = [...html.matchAll(/<caption[^>]*>([^<]*)<\/caption>/g)].map((m) => m[1]!.trim());
    expect(captions).toEqual(['Police', 'Local authority', 'Voluntary']);
    expect(html).toMatch(/Testshire Police<\/a> <strong class="govuk-tag govuk-tag--blue">Responsible authority/);
  });
});

describe('memberships', () => {
  it('lets a coordinator add and remove a member, audited with the values before and after', async () => {
    const p = await buildPartnership();
    const fire = await buildAgency({ name: 'Testshire Fire and Rescue', kind: 'fire-and-rescue' });
    const agent = await signedInAgent(await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] }));
    await agent.get(`/partnerships/${p.id}`);

    const missing = await agent.post(`/partnerships/${p.id}/members`, { agencyId: '', role: 'member', officer: 'Station Manager' });
    const again = await agent.follow(missing);
    expect(errorSummary(again.body)).toContain('Select an agency');
    expect(inputValue(again.body, 'officer')).toBe('Station Manager');

    const added = await agent.post(`/partnerships/${p.id}/members`, { agencyId: fire.id, role: 'vice-chair', officer: 'Station Manager' });
    expect(added.headers.location).toBe(`/partnerships/${p.id}#members`);
    const page = await agent.follow(added);
    expect(page.body).toContain('The member has been added');
    expect(page.body).toContain('Testshire Fire and Rescue');
    expect(page.body).toContain('Vice chair');

    const twice = await agent.post(`/partnerships/${p.id}/members`, { agencyId: fire.id, role: 'vice-chair', officer: 'Station Manager' });
    expect(errorSummary((await agent.follow(twice)).body)).toContain('That agency already holds this seat');

    const membershipId = /\/members\/(\d+)\/delete/.exec(page.body)?.[1];
    const removed = await agent.post(`/partnerships/${p.id}/members/${membershipId}/delete`);
    expect((await agent.follow(removed)).body).toContain('The member has been removed');
    const after = (await agent.get(`/partnerships/${p.id}`)).body;
    expect(after.slice(after.indexOf('id="members"'), after.indexOf('id="add-member"'))).toContain('No members yet');

    const audit = await auditActions('membership');
    expect(audit.map((a) => a.action)).toEqual(['membership.create', 'membership.delete']);
    expect(audit[0]!.after).toMatchObject({ agencyId: fire.id, role: 'vice-chair', officer: 'Station Manager' });
    expect(audit[1]!.before).toMatchObject({ agencyId: fire.id, role: 'vice-chair' });
    expect(audit[1]!.after).toBeNull();
  });

  it('keeps membership changes to coordinators', async () => {
    const p = await buildPartnership();
    const agency = await buildAgency();
    const seat = await addMember(p, agency);
    for (const role of ['viewer', 'contributor'] as const) {
      const agent = await signedInAgent(await buildUser({ roles: [{ partnership: p, role }] }));
      const page = await agent.get(`/partnerships/${p.id}`);
      expect(page.body).not.toContain('Add a member');
      expect(page.body).not.toContain('/delete');
      expect((await agent.post(`/partnerships/${p.id}/members`, { agencyId: agency.id, role: 'observer' })).statusCode).toBe(403);
      expect((await agent.post(`/partnerships/${p.id}/members/${seat!.id}/delete`)).statusCode).toBe(403);
    }
    const outsider = await signedInAgent(await buildUser());
    expect((await outsider.post(`/partnerships/${p.id}/members/${seat!.id}/delete`)).statusCode).toBe(404);
    const { database } = await testRuntime();
    const [count] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from memberships`);
    expect(count!.n).toBe(1);
  });

  it('sends someone who is not signed in to the sign-in page, and back afterwards', async () => {
    const p = await buildPartnership();
    const user = await buildUser({ seatIn: [p] });
    const agent = new Agent(await testApp());
    const response = await agent.get(`/partnerships/${p.id}`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(`/partnerships/${p.id}`)}`);
    await agent.get(String(response.headers.location));
    const signedIn = await agent.post('/sign-in', { email: user.email, password: user.password, returnTo: `/partnerships/${p.id}` });
    expect(signedIn.headers.location).toBe(`/partnerships/${p.id}`);
  });
});
