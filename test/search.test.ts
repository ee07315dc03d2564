/** Search across the modules (plans, governance, partnerships, evidence): what is found, by whom, on the page and in the API. */
import { describe, expect, it } from 'vitest';
import { signedInAgent, testApp } from './support/app.js';
import { testRuntime } from './support/db.js';
import * as factories from './support/factories.js';
import { parseInput } from '../src/lib/validation.js';
import { systemActor } from '../src/modules/access/index.js';
import { planWorld } from '../src/modules/plans/test-support.js';
import { searchQuery } from '../src/modules/search/inputs.js';

const { buildAgency, buildUser } = factories;

/**
 * Two partnerships with records about burglary: Test Safe City (plan, update, meeting minutes, a decision,
 * an action arising, a risk) and Elsewhere CSP (an action and a risk about the Wexcombe estate).
 */
const world = async () => {
  const { services } = await testRuntime();
  const w = await planWorld({ services, ...factories });
  const gov = services.governance;
  await services.plans.progress.submitUpdate(w.contributor.actor, w.round.id, w.action.id, {
    rag: 'green',
    narrative: 'Burglaries fell by a fifth after targeted patrols <script>alert(1)</script> & visits to businesses',
    basedOn: 0,
  });
  const meeting = await gov.meetings.createMeeting(w.coordinator.actor, w.partnership.id, {
    title: 'Safe City board',
    kind: 'board',
    date: '2021-07-14',
    startTime: '10:00',
    endTime: '12:00',
    location: 'Civic centre',
  });
  const item = await gov.meetings.addAgendaItem(w.coordinator.actor, meeting.id, { title: 'Performance' });
  await gov.minutes.saveMinutes(w.coordinator.actor, meeting.id, item.id, item.version, {
    minutes: 'The board reviewed burglary hotspots in the city centre.',
  });
  await gov.minutes.addDecision(w.coordinator.actor, meeting.id, { text: 'Burglary stays a priority for 2021/22' });
  const arising = await gov.minutes.addAction(w.coordinator.actor, meeting.id, {
    description: 'Share the burglary problem profile with members',
    ownerAgencyId: String(w.police.id),
    dueOn: '2021-08-01',
  });
  const risk = await gov.risks.createRisk(w.coordinator.actor, w.partnership.id, {
    title: 'Repeat burglary of small shops',
    ownerAgencyId: String(w.police.id),
    inherentLikelihood: '4',
    inherentImpact: '3',
    residualLikelihood: '3',
    residualImpact: '3',
    assessedOn: '2021-12-20',
  });
  // Elsewhere CSP, which the Test Safe City people cannot see.
  const elsewhereAgency = await buildAgency({ name: 'Elsewhere Borough Council' });
  await factories.addMember(w.other, elsewhereAgency);
  const { plans } = services.plans;
  const { planInput, priorityInput, actionInput } = await import('../src/modules/plans/plans/inputs.js');
  const otherPlan = await plans.createPlan(
    systemActor,
    w.other.id,
    parseInput(planInput, { title: 'Elsewhere Plan', firstYear: '2020/21', lastYear: '2021/22', status: 'agreed' }),
  );
  const otherPriority = await plans.createPriority(
    systemActor,
    otherPlan.id,
    parseInput(priorityInput, { number: 1, title: 'Safer estates' }),
  );
  const hidden = await plans.createAction(
    systemActor,
    otherPlan.id,
    parseInput(actionInput, {
      priorityId: otherPriority.id,
      text: 'Burglary patrols on the Wexcombe estate',
      leadAgencyIds: [elsewhereAgency.id],
      status: 'ongoing',
    }),
  );
  const hiddenRisk = await gov.risks.createRisk(systemActor, w.other.id, {
    title: 'Wexcombe burglary network',
    ownerAgencyId: String(elsewhereAgency.id),
    inherentLikelihood: '4',
    inherentImpact: '3',
    residualLikelihood: '3',
    residualImpact: '3',
    assessedOn: '2021-12-20',
  });
  const admin = await buildUser({ isAdmin: true });
  return { ...w, meeting, arising, risk, hidden, hiddenRisk, admin };
};

const search = async (
  actor: Parameters<Awaited<ReturnType<typeof testRuntime>>['services']['search']['search']>[0],
  q: string,
  extra = {},
) => (await testRuntime()).services.search.search(actor, parseInput(searchQuery, { q, ...extra }));

describe('search', () => {
  it('finds every kind of record of the user’s partnership by the stem of a word, grouped by kind', async () => {
    const w = await world();
    const answer = await search(w.viewer.actor, 'burglaries');
    const kinds = answer.results.map((r) => r.kind);
    expect(new Set(kinds)).toEqual(new Set(['action', 'update', 'minutes', 'decision', 'arising', 'risk']));
    // Grouped: each kind's results together, in the order kinds are listed.
    expect(kinds).toEqual([...kinds].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    expect(answer.results.find((r) => r.kind === 'action')).toMatchObject({
      title: 'Tackle commercial burglary',
      url: `/plan-actions/${w.action.id}`,
    });
    expect(answer.results.find((r) => r.kind === 'update')).toMatchObject({
      url: `/rounds/${w.round.id}/actions/${w.action.id}`,
      context: 'Update for 2020/21 Q3 (October to December 2020)',
    });
    expect(answer.results.find((r) => r.kind === 'minutes')).toMatchObject({
      title: 'Performance',
      url: `/meetings/${w.meeting.id}`,
      context: 'Safe City board',
    });
    expect(answer.results.find((r) => r.kind === 'arising')?.url).toBe(`/actions/${w.arising.id}`);
    expect(answer.results.find((r) => r.kind === 'risk')?.url).toBe(`/risks/${w.risk.id}`);
    // The matched word is marked in the snippet, whatever its form.
    const update = answer.results.find((r) => r.kind === 'update')!;
    expect(update.pieces).toContainEqual({ text: 'Burglaries', mark: true });
    expect(answer.counts).toContainEqual({ kind: 'risk', count: 1 });
  });

  it('never reveals a record of another partnership, not even that it exists', async () => {
    const w = await world();
    for (const person of [w.viewer, w.coordinator, w.contributor]) {
      const answer = await search(person.actor, 'Wexcombe');
      expect(answer).toMatchObject({ total: 0, counts: [], results: [] });
      const burglary = await search(person.actor, 'burglary');
      expect(burglary.results.map((r) => r.url)).not.toContain(`/plan-actions/${w.hidden.id}`);
      expect(burglary.results.map((r) => r.url)).not.toContain(`/risks/${w.hiddenRisk.id}`);
    }
    // Its own members find it; administrators see everything.
    const outsider = await search(w.outsider.actor, 'Wexcombe');
    expect(outsider.results.map((r) => r.url)).toEqual([`/plan-actions/${w.hidden.id}`, `/risks/${w.hiddenRisk.id}`]);
    const admin = await search(w.admin.actor, 'burglary', { kind: 'risk' });
    expect(admin.results.map((r) => r.url)).toEqual(expect.arrayContaining([`/risks/${w.risk.id}`, `/risks/${w.hiddenRisk.id}`]));
  });

  it('finds agencies and indicators for anyone signed in, and pages the results 20 at a time', async () => {
    const w = await world();
    for (let i = 1; i <= 23; i++) await buildAgency({ name: `Quarrybank Youth Club ${i}` });
    const loner = await buildUser({}); // in no partnership
    const first = await search(loner.actor, 'quarrybank');
    expect(first.total).toBe(23);
    expect(first.results).toHaveLength(20);
    expect(first.results.every((r) => r.kind === 'agency')).toBe(true);
    const second = await search(loner.actor, 'quarrybank', { page: '2' });
    expect(second.results).toHaveLength(3);
    expect(new Set([...first.results, ...second.results].map((r) => r.url)).size).toBe(23);
    expect((await search(loner.actor, 'burglary')).total).toBe(0);
    expect((await search(w.viewer.actor, 'Test Safe City', { kind: 'partnership' })).results[0]).toMatchObject({
      kind: 'partnership',
      url: `/partnerships/${w.partnership.id}`,
    });
  });
});

const order = ['action', 'update', 'priority', 'minutes', 'decision', 'arising', 'risk', 'partnership', 'agency', 'indicator'];

describe('the search page and API', () => {
  it('shows results grouped under headings, with escaped snippets and the words marked, without JavaScript', async () => {
    const w = await world();
    const agent = await signedInAgent(w.viewer);
    const home = await agent.get('/plans');
    expect(home.body).toContain('action="/search"'); // the header's search box
    const page = await agent.get('/search?q=burglaries');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2 class="govuk-heading-m">Plan actions</h2>');
    expect(page.body).toContain('<h2 class="govuk-heading-m">Progress updates</h2>');
    expect(page.body).toContain('<mark>Burglaries</mark>');
    // PostgreSQL's headline leaves out anything shaped like a tag; the rest is escaped.
    expect(page.body).toContain('targeted patrols alert(1) &amp; visits');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).not.toContain('Wexcombe');
    expect(page.body).toContain(`href="/search?q=burglaries&amp;kind=risk"`);

    const tooLong = await agent.get(`/search?q=${'a'.repeat(201)}`);
    expect(tooLong.statusCode).toBe(200);
    expect(tooLong.body).toContain('Error: Search');
    expect(tooLong.body).toContain('Search words must be 200 characters or fewer');
  });

  it('answers GET /api/v1/search with { data: [{ kind, title, url, snippet }] } within the token’s partnerships', async () => {
    const w = await world();
    const { services } = await testRuntime();
    const { secret } = await services.access.createToken(systemActor, w.viewer.id, 'search test');
    const app = await testApp();
    const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${secret}` } });
    const response = await get('/api/v1/search?q=burglaries&kind=update');
    expect(response.statusCode).toBe(200);
    const body = response.json<{ data: { kind: string; title: string; url: string; snippet: string }[]; meta: { total: number } }>();
    expect(body.meta.total).toBe(1);
    expect(body.data).toEqual([
      {
        kind: 'update',
        title: 'Tackle commercial burglary',
        url: `/rounds/${w.round.id}/actions/${w.action.id}`,
        snippet: '<mark>Burglaries</mark> fell by a fifth after targeted patrols alert(1) &amp; visits to businesses',
      },
    ]);
    expect((await get('/api/v1/search?q=Wexcombe')).json()).toMatchObject({ data: [], meta: { total: 0 } });
    expect((await get('/api/v1/search?q=burglary&kind=nonsense')).statusCode).toBe(400);
    const openapi = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(openapi.paths).toHaveProperty('/api/v1/search');
  });
});
