import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signedInAgent } from '../../../test/support/app.js';
import { testRuntime } from '../../../test/support/db.js';
import { addMember, buildAgency, buildPartnership, buildUser } from '../../../test/support/factories.js';
import { systemActor } from '../access/index.js';
import { loadEvidenceDemo } from '../evidence/index.js';

const CRIME_RATE = 'ho:recorded-crime-excluding-fraud-rate';

/** Southampton's evidence (without police.uk months), a partnership for its area, and people in each role. */
async function world() {
  const { services } = await testRuntime();
  await loadEvidenceDemo(services, { policeUk: false });
  const partnership = await buildPartnership({ name: `Test Safe City ${Math.random()}`, areaCode: 'E22000120', areaName: 'Southampton' });
  const police = await buildAgency({ name: 'Test Constabulary', kind: 'police' });
  const council = await buildAgency({ name: 'Test City Council' });
  await addMember(partnership, police);
  await addMember(partnership, council);
  const coordinator = await buildUser({ agency: council, roles: [{ partnership, role: 'coordinator' }] });
  const officer = await buildUser({ agency: police, roles: [{ partnership, role: 'contributor' }] });
  const viewer = await buildUser({ agency: council, roles: [{ partnership, role: 'viewer' }] });
  const outsider = await buildUser({ roles: [{ partnership: await buildPartnership(), role: 'coordinator' }] });
  return { services, partnership, police, council, coordinator, officer, viewer, outsider };
}

/** A coordinator starts a 2016/17 assessment through the page and comes back with its id. */
async function startAssessment(w: Awaited<ReturnType<typeof world>>) {
  const agent = await signedInAgent(w.coordinator);
  const res = await agent.post(`/partnerships/${w.partnership.id}/assessments`, {
    title: 'Strategic needs assessment 2016/17',
    year: '2016/17',
    benchmarkCode: '',
    summary: 'Crime rose.',
  });
  expect(res.statusCode).toBe(303);
  const id = Number(String(res.headers.location).split('/').pop());
  return { agent, id };
}

describe('the strategic assessment', () => {
  it('builds the evidence pack, pre-scores a theme from it and ranks themes, with and without data', async () => {
    const w = await world();
    const { agent, id } = await startAssessment(w);
    const view = await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id);
    const crime = view.pack!.rows.find((r) => r.key === CRIME_RATE)!;
    // Seed 004: 121.5 per 1,000 against England's 73.4, the highest of the sixteen.
    expect(crime.value).toBeCloseTo(121.5, 1);
    expect(crime.benchmarkValue).toBeCloseTo(73.4, 1);
    expect(crime.comparison).toBe('worse');
    expect(crime.rank).toBe(1);
    expect(crime.of).toBeGreaterThan(10);
    expect(crime.href).toBe('/evidence/indicators/ho%3Arecorded-crime-excluding-fraud-rate?area=E22000120&period=2016%2F17');
    // Worst first: the first row is significantly worse than England.
    expect(view.pack!.rows[0]!.comparison).toBe('worse');
    const violent = view.pack!.rows.find((r) => r.key === 'sa:violent-crime')!;
    expect(violent.count).toBe(9544);
    expect(violent.change).toBeCloseTo(0.144, 3);
    expect(violent.changeSignificance).toBe('higher');

    const a = await agent.post(`/assessments/${id}/themes`, { title: 'Overall crime', indicatorKey: CRIME_RATE });
    const crimeTheme = Number(String(a.headers.location).split('/').pop());
    const b = await agent.post(`/assessments/${id}/themes`, { title: 'Modern slavery' });
    const slaveryTheme = Number(String(b.headers.location).split('/').pop());

    // Changing a pre-score needs a reason; the page says which field is wrong.
    const theme = await w.services.assessment.assessments.themeForEditing(w.coordinator.actor, crimeTheme);
    const refused = await agent.post(`/assessment-themes/${crimeTheme}/score`, {
      version: theme.theme.version,
      'score-scale': '2',
      'reason-scale': '',
    });
    expect(refused.headers.location).toBe(`/assessment-themes/${crimeTheme}/score`);
    const page = await agent.get(`/assessment-themes/${crimeTheme}/score`);
    expect(page.body).toContain('Scale against the benchmark: Give a reason for changing the score worked out from the data');
    await agent.post(`/assessment-themes/${crimeTheme}/score`, { version: theme.theme.version, 'score-harm': '3' });
    const slavery = await w.services.assessment.assessments.themeForEditing(w.coordinator.actor, slaveryTheme);
    await agent.post(`/assessment-themes/${slaveryTheme}/score`, {
      version: slavery.theme.version,
      'score-harm': '5',
      'score-vulnerability': '5',
    });

    const { matrix } = await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id);
    // Overall crime: scale 5×2 + trend (2016/17 only: not tested) + similar 5×1 + harm 3×3 = 24.
    // Modern slavery has no data: harm 5×3 + vulnerability 5×3 = 30.
    expect(matrix.map((m) => [m.title, m.rank, m.total])).toEqual([
      ['Modern slavery', 1, 30],
      ['Overall crime', 2, 24],
    ]);
    const csv = await agent.get(`/assessments/${id}/matrix.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[2]).toContain('Overall crime');
    expect(csv.body).toContain('pre-scored');

    // Every change is in the audit log.
    const audit = await w.services.audit.list({ userId: w.coordinator.id, limit: 100, offset: 0 });
    const actions = audit.rows.filter((r) => r.partnershipId === w.partnership.id).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['assessment.create', 'assessment-theme.create', 'assessment-theme.score']));
  });

  it('keeps an agreed assessment’s pack, figures and scores when new data is imported; a draft’s pack follows the data', async () => {
    const w = await world();
    const { agent, id } = await startAssessment(w);
    const t = await agent.post(`/assessments/${id}/themes`, { title: 'Overall crime', indicatorKey: CRIME_RATE });
    const themeId = Number(String(t.headers.location).split('/').pop());
    await agent.post(`/assessment-themes/${themeId}/findings`, {
      statement: 'Crime is high',
      indicatorKey: CRIME_RATE,
      sourceKind: 'indicator',
    });
    const before = await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id);
    const version = before.assessment.version;
    expect((await agent.post(`/assessments/${id}/agree`, { version: String(version) })).headers.location).toBe(`/assessments/${id}`);
    const agreed = await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id);
    expect(agreed.assessment.status).toBe('agreed');

    // A new import halves Southampton's 2016/17 crime: now below England's rate.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'assessment-')), 'observations.csv');
    fs.writeFileSync(file, `indicator,area_code,period,numerator,denominator\n${CRIME_RATE},E22000120,2016/17,15000,248662\n`);
    const outcome = await w.services.evidenceImports.importFile(systemActor, {
      choice: 'observations',
      filePath: file,
      fileName: 'observations.csv',
    });
    expect(outcome.status).toBe('succeeded');

    const after = await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id);
    expect(after.pack).toEqual(agreed.pack);
    expect(after.matrix).toEqual(agreed.matrix);
    expect(after.themes[0]!.findings[0]!.figure).toEqual(agreed.themes[0]!.findings[0]!.figure);
    expect(after.themes[0]!.findings[0]!.figure!.value).toBeCloseTo(121.5, 1);
    // Its pack can no longer be refreshed.
    const refresh = await agent.post(`/assessments/${id}/pack`, { version: String(after.assessment.version) });
    expect(refresh.statusCode).toBe(303);
    expect((await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id)).pack).toEqual(agreed.pack);

    // A draft made now reads the new figure.
    const draft = await w.services.assessment.assessments.createAssessment(w.coordinator.actor, w.partnership.id, {
      title: 'Later',
      year: 2017,
      benchmarkCode: 'E92000001',
    });
    expect(draft.pack!.rows.find((r) => r.key === CRIME_RATE)!.comparison).toBe('better');
  });

  it('adopts chosen themes into a new draft plan and answers the API with them; viewers and outsiders cannot change it', async () => {
    const w = await world();
    const { agent, id } = await startAssessment(w);
    const ids: number[] = [];
    for (const title of ['Violence against women and girls', 'Serious violence', 'Vehicle crime']) {
      const res = await agent.post(`/assessments/${id}/themes`, { title });
      ids.push(Number(String(res.headers.location).split('/').pop()));
    }
    // Findings with an indicator figure: the measures of their theme.
    const indicatorFinding = (theme: number, indicatorKey: string) =>
      agent.post(`/assessment-themes/${theme}/findings`, {
        statement: `The figure of ${indicatorKey}`,
        indicatorKey,
        sourceKind: 'indicator',
      });
    await indicatorFinding(ids[0]!, 'sa:domestic-violent-crime');
    await indicatorFinding(ids[0]!, 'sa:feel-safe-dark');
    await indicatorFinding(ids[1]!, 'sa:violent-crime');
    await indicatorFinding(ids[1]!, 'sa:violent-crime'); // the same indicator twice: one measure
    await indicatorFinding(ids[2]!, 'sa:theft-of-a-motor-vehicle');
    const v = (await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id)).assessment.version;
    await agent.post(`/assessments/${id}/agree`, { version: String(v) });
    const agreed = (await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id)).assessment;

    // A reason is needed for the theme left out.
    const missing = await agent.post(`/assessments/${id}/adopt`, {
      version: String(agreed.version),
      themeIds: [String(ids[0]), String(ids[1])],
    });
    expect(missing.headers.location).toBe(`/assessments/${id}/adopt`);
    expect((await agent.get(`/assessments/${id}/adopt`)).body).toContain('Say why this theme was not adopted as a priority');

    const adopted = await agent.post(`/assessments/${id}/adopt`, {
      version: String(agreed.version),
      themeIds: [String(ids[0]), String(ids[1])],
      [`reason-${ids[2]}`]: 'Falling, and led by the police alone',
    });
    expect(adopted.headers.location).toMatch(/^\/plans\/\d+$/);
    const plan = await agent.get(String(adopted.headers.location));
    expect(plan.body).toContain('Violence against women and girls');
    expect(plan.body).toContain('Serious violence');
    expect(plan.body).toContain('Draft');

    // The adopted themes' measures are the new plan's scorecard measures, each linked to its priority, for the
    // partnership's area against England from the pack's latest period, with the target by the indicator's polarity.
    const planId = Number(String(adopted.headers.location).split('/').pop());
    const scorecard = await w.services.plans.scorecards.forPlan(w.coordinator.actor, planId, { view: 'analyst' });
    expect(
      scorecard.measures.map((m) => [m.priority?.title, m.indicator.key, m.area.code, m.benchmark?.code, m.baselinePeriod, m.target]),
    ).toEqual([
      [
        'Violence against women and girls',
        'sa:domestic-violent-crime',
        'E22000120',
        'E92000001',
        '2016/17',
        { kind: 'direction', direction: 'reduce' },
      ],
      [
        'Violence against women and girls',
        'sa:feel-safe-dark',
        'E22000120',
        'E92000001',
        '2017',
        { kind: 'direction', direction: 'increase' },
      ],
      ['Serious violence', 'sa:violent-crime', 'E22000120', 'E92000001', '2016/17', { kind: 'direction', direction: 'reduce' }],
    ]);
    expect(scorecard.measures[0]!.latest?.value).toBeGreaterThan(0);
    const audited = await w.services.audit.list({ userId: w.coordinator.id, limit: 100, offset: 0 });
    expect(audited.rows.filter((r) => r.action === 'measure.create')).toHaveLength(3);

    const viewer = await signedInAgent(w.viewer);
    const api = await viewer.get(`/api/v1/assessments/${id}`);
    expect(api.statusCode).toBe(200);
    const data = (
      JSON.parse(api.body) as {
        data: {
          adoptedPriorities: { title: string; priorityId: number; planId: number }[];
          themes: { title: string; decision: string; decisionReason: string | null }[];
        };
      }
    ).data;
    expect(data.adoptedPriorities.map((p) => p.title)).toEqual(['Violence against women and girls', 'Serious violence']);
    expect(data.adoptedPriorities[0]!.planId).toBe(Number(String(adopted.headers.location).split('/').pop()));
    expect(data.themes.find((t) => t.title === 'Vehicle crime')).toMatchObject({
      decision: 'not-adopted',
      decisionReason: 'Falling, and led by the police alone',
    });
    const list = JSON.parse((await viewer.get(`/api/v1/partnerships/${w.partnership.id}/assessments`)).body) as {
      data: { id: number; status: string }[];
    };
    expect(list.data).toEqual([expect.objectContaining({ id, status: 'agreed' })]);
    const openapi = await viewer.get('/api/v1/openapi.json');
    expect(openapi.body).toContain('/api/v1/assessments/{id}');

    // The viewer reads but cannot change; an outsider gets 404.
    expect((await viewer.get(`/assessments/${id}`)).body).not.toContain('Add a theme');
    expect((await viewer.post(`/assessments/${id}/themes`, { title: 'Mine' })).statusCode).toBe(403);
    const outsider = await signedInAgent(w.outsider);
    expect((await outsider.get(`/assessments/${id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/assessments/${id}`)).statusCode).toBe(404);
  });

  it('lets a coordinator choose the pack’s indicators, grouped by source, with the edit-conflict rule; frozen once agreed', async () => {
    const w = await world();
    const { agent, id } = await startAssessment(w);
    const all = (await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id)).pack!.rows.length;
    const page = await agent.get(`/assessments/${id}/indicators`);
    expect(page.statusCode).toBe(200);
    // Grouped by who publishes them, every indicator held ticked by default.
    const legends = [...page.body.matchAll(/<legend[^>]*>\s*([^<]*?)\s*<\/legend>/g)].map((m) => m[1]);
    expect(legends).toEqual([
      'Hampshire Constabulary',
      'Home Office police recorded crime',
      'Home Office recorded crime',
      'Southampton Community Safety Survey 2017 and 2015',
    ]);
    expect(page.body.match(/name="indicatorKeys"[^>]*checked/g)).toHaveLength(all);
    const version = (await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id)).assessment.version;

    // None ticked: an error that says what to do.
    const none = await agent.post(`/assessments/${id}/indicators`, { version: String(version) });
    expect(none.headers.location).toBe(`/assessments/${id}/indicators`);
    const refused = await agent.get(`/assessments/${id}/indicators`);
    expect(refused.body).toContain('Select at least one indicator for the evidence pack');
    expect(refused.body).toContain('href="#indicatorKeys"');

    const saved = await agent.post(`/assessments/${id}/indicators`, {
      version: String(version),
      indicatorKeys: ['sa:violent-crime', CRIME_RATE],
    });
    expect(saved.headers.location).toBe(`/assessments/${id}#evidence-pack`);
    const after = await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id);
    expect(after.assessment.indicatorKeys?.sort()).toEqual([CRIME_RATE, 'sa:violent-crime']);
    expect(after.pack!.rows.map((r) => r.key)).toEqual([CRIME_RATE, 'sa:violent-crime']);
    const shown = await agent.get(`/assessments/${id}/indicators`);
    expect(shown.body.match(/name="indicatorKeys"[^>]*checked/g)).toHaveLength(2);

    // A stale version is an edit conflict that keeps the boxes as they were ticked.
    const stale = await agent.post(`/assessments/${id}/indicators`, { version: String(version), indicatorKeys: 'sa:robbery' });
    expect(stale.headers.location).toBe(`/assessments/${id}/indicators`);
    const conflict = await agent.get(`/assessments/${id}/indicators`);
    expect(conflict.body).toContain('Someone else changed this assessment');
    expect(conflict.body.match(/name="indicatorKeys"[^>]*checked/g)).toHaveLength(1);
    expect(conflict.body).toMatch(/value="sa:robbery" checked/);

    // An indicator the area does not hold is refused; ticking them all goes back to the default.
    const unknown = await agent.post(`/assessments/${id}/indicators`, {
      version: String(after.assessment.version),
      indicatorKeys: 'sa:nothing',
    });
    expect(unknown.headers.location).toBe(`/assessments/${id}/indicators`);
    const keys = (await w.services.assessment.assessments.indicatorChoices(w.coordinator.actor, id)).indicators.map((i) => i.key);
    await agent.post(`/assessments/${id}/indicators`, { version: String(after.assessment.version), indicatorKeys: keys });
    const reset = await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id);
    expect(reset.assessment.indicatorKeys).toBeNull();
    expect(reset.pack!.rows).toHaveLength(all);
    const audit = await w.services.audit.list({ userId: w.coordinator.id, limit: 100, offset: 0 });
    expect(audit.rows.filter((r) => r.action === 'assessment.indicators')).toHaveLength(2);

    // A viewer may not choose; once agreed the choice is frozen.
    expect((await (await signedInAgent(w.viewer)).get(`/assessments/${id}/indicators`)).statusCode).toBe(403);
    await agent.post(`/assessments/${id}/themes`, { title: 'Overall crime' });
    const v = (await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id)).assessment.version;
    await agent.post(`/assessments/${id}/agree`, { version: String(v) });
    await expect(w.services.assessment.assessments.chooseIndicators(w.coordinator.actor, id, v + 1, [CRIME_RATE])).rejects.toThrow(
      'can no longer change',
    );
  });

  it('changes and removes a draft’s findings with the edit-conflict rule, audited; not once agreed, nor by a viewer', async () => {
    const w = await world();
    const { agent, id } = await startAssessment(w);
    const t = await agent.post(`/assessments/${id}/themes`, { title: 'Serious violence' });
    const themeId = Number(String(t.headers.location).split('/').pop());
    const add = (statement: string) =>
      agent.post(`/assessment-themes/${themeId}/findings`, {
        statement,
        figureText: '−13%',
        sourceKind: 'document',
        sourceTitle: 'Serious violence problem profile',
        'sourceDate-day': '20',
        'sourceDate-month': '12',
        'sourceDate-year': '2021',
      });
    await add('Most serious violence fell.');
    await add('Knife crime rose in the city centre.');
    const [first, second] = (await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id)).themes[0]!.findings;

    // The theme page links to each finding's page, which shows its values to change.
    expect((await agent.get(`/assessment-themes/${themeId}`)).body).toContain(`href="/assessment-findings/${first!.id}/edit"`);
    const form = await agent.get(`/assessment-findings/${first!.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Most serious violence fell.');
    expect(form.body).toMatch(/name="sourceDate-day"[^>]*value="20"/);

    // A blank statement is refused with a message by the field.
    await agent.post(`/assessment-findings/${first!.id}`, {
      version: String(first!.version),
      statement: '',
      sourceKind: 'document',
      sourceTitle: 'x',
    });
    expect((await agent.get(`/assessment-findings/${first!.id}/edit`)).body).toContain('Enter the finding');

    const saved = await agent.post(`/assessment-findings/${first!.id}`, {
      version: String(first!.version),
      statement: 'Most serious violence fell by 13% on the year before.',
      figureText: '−13%',
      indicatorKey: 'sa:violent-crime',
      sourceKind: 'indicator',
    });
    expect(saved.headers.location).toBe(`/assessment-themes/${themeId}`);
    const changed = (await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id)).themes[0]!.findings[0]!;
    expect(changed).toMatchObject({ statement: 'Most serious violence fell by 13% on the year before.', sourceKind: 'indicator' });
    expect(changed.figure?.value).toBe(9544);

    // The page opened before that save is now stale: an edit conflict that keeps what was typed.
    const stale = await agent.post(`/assessment-findings/${first!.id}`, {
      version: String(first!.version),
      statement: 'My older wording',
      sourceKind: 'document',
      sourceTitle: 'Serious violence problem profile',
    });
    expect(stale.headers.location).toBe(`/assessment-findings/${first!.id}/edit`);
    const conflict = await agent.get(`/assessment-findings/${first!.id}/edit`);
    expect(conflict.body).toContain('Someone else changed this finding');
    expect(conflict.body).toContain('My older wording');
    // Removing on a stale version is refused too; on the current one it goes.
    expect((await agent.post(`/assessment-findings/${first!.id}/delete`, { version: String(first!.version) })).headers.location).toBe(
      `/assessment-findings/${first!.id}/edit`,
    );
    const removed = await agent.post(`/assessment-findings/${second!.id}/delete`, { version: String(second!.version) });
    expect(removed.headers.location).toBe(`/assessment-themes/${themeId}`);
    const left = (await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id)).themes[0]!.findings;
    expect(left.map((f) => f.id)).toEqual([first!.id]);
    const audit = await w.services.audit.list({ userId: w.coordinator.id, limit: 100, offset: 0 });
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['assessment-finding.update', 'assessment-finding.delete']));

    // A viewer cannot open or change it; an outsider gets 404; once agreed nobody can.
    const viewer = await signedInAgent(w.viewer);
    expect((await viewer.get(`/assessment-findings/${first!.id}/edit`)).statusCode).toBe(403);
    expect((await viewer.post(`/assessment-findings/${first!.id}/delete`, { version: String(changed.version) })).statusCode).toBe(403);
    expect((await (await signedInAgent(w.outsider)).get(`/assessment-findings/${first!.id}/edit`)).statusCode).toBe(404);
    const v = (await w.services.assessment.assessments.getAssessment(w.coordinator.actor, id)).assessment.version;
    await agent.post(`/assessments/${id}/agree`, { version: String(v) });
    expect((await agent.get(`/assessment-themes/${themeId}`)).statusCode).toBe(409);
    await expect(w.services.assessment.assessments.removeFinding(w.coordinator.actor, first!.id, changed.version)).rejects.toThrow(
      'can no longer change',
    );
  });

  it('asks the member agencies for contributions and shows who has replied', async () => {
    const w = await world();
    const { agent, id } = await startAssessment(w);
    const opened = await agent.post(`/assessments/${id}/contribution-requests`, {
      'dueDate-day': '15',
      'dueDate-month': '1',
      'dueDate-year': '2099',
    });
    expect(opened.headers.location).toMatch(/^\/contribution-requests\/\d+$/);
    const url = String(opened.headers.location);
    const officer = await signedInAgent(w.officer);
    // The member agency's lead officer is told that their view is asked for, with a link to the request.
    const told = await officer.get('/notifications');
    expect(told.body).toContain('Your agency’s view is asked for');
    expect(told.body).toContain(`href="${url}"`);
    const replied = await officer.post(`${url}/replies`, { view: 'Knife crime is our first concern.', basedOn: '0' });
    expect(replied.headers.location).toBe(url);
    const page = await agent.get(url);
    expect(page.body).toContain('1 of 2 member agencies have replied');
    expect(page.body).toContain('Knife crime is our first concern.');
    expect(page.body).toMatch(
      /Test City Council<\/th>\s*<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--grey">Not replied/,
    );
    // A second reply on a stale version is an edit conflict; the viewer cannot reply.
    const stale = await officer.post(`${url}/replies`, { view: 'Again', basedOn: '0' });
    expect(stale.headers.location).toBe(`${url}#reply-form`);
    expect((await officer.get(url)).body).toContain('Someone from your agency replied meanwhile');
    expect((await (await signedInAgent(w.viewer)).post(`${url}/replies`, { view: 'x', basedOn: '0' })).statusCode).toBe(403);
  });
});
