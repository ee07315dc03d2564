import { describe, expect, it } from 'vitest';
import { signedInAgent, testApp } from '../../../test/support/app.js';
import { systemActor } from '../access/actor.js';
import { planWorld } from './test-support.js';

describe('plans, priorities and actions', () => {
  it('lets a coordinator create a plan, a priority and an action; everyone in the partnership reads them', async () => {
    const w = await planWorld();
    const coordinator = await signedInAgent(w.coordinator);
    const created = await coordinator.post(`/partnerships/${w.partnership.id}/plans`, {
      title: 'Community Safety Plan 2021–25',
      firstYear: '2021/22',
      lastYear: '2024/25',
      status: 'draft',
    });
    expect(created.headers.location).toMatch(/^\/plans\/\d+$/);
    const planUrl = String(created.headers.location);
    const priority = await coordinator.post(`${planUrl}/priorities`, {
      number: '1',
      title: 'Violence against women and girls',
      activities: 'Safe public spaces\nStalking',
      sponsorIds: [String(w.police.id), String(w.council.id)],
      ownershipLevel: 'joint',
      ownershipStatement: 'Jointly owned by the police and the council.',
    });
    const priorityId = Number(String(priority.headers.location).split('/').pop());
    const action = await coordinator.post(`${planUrl}/actions`, {
      priorityId: String(priorityId),
      text: 'Run a safe night-time economy scheme',
      leadAgencyIds: [String(w.police.id)],
      status: 'not-started',
      'targetDate-day': '31',
      'targetDate-month': '3',
      'targetDate-year': '2022',
    });
    expect(action.headers.location).toMatch(/^\/plan-actions\/\d+$/);

    const viewer = await signedInAgent(w.viewer);
    const page = await viewer.get(planUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2021/22 to 2024/25');
    expect(page.body).toContain('Run a safe night-time economy scheme');
    expect(page.body).not.toContain('Add a priority');
    const priorityPage = await viewer.get(`/priorities/${priorityId}`);
    expect(priorityPage.body).toContain('Safe public spaces');
    expect(priorityPage.body).toContain('Jointly owned by the police and the council.');
    expect(priorityPage.body).toContain('Test Constabulary');
    expect((await viewer.get(String(action.headers.location))).body).toContain('31 March 2022');

    expect(
      (
        await viewer.post(`/partnerships/${w.partnership.id}/plans`, {
          title: 'X',
          firstYear: '2021/22',
          lastYear: '2021/22',
          status: 'draft',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('explains what is wrong with a plan form and keeps what was typed', async () => {
    const w = await planWorld();
    const coordinator = await signedInAgent(w.coordinator);
    const refused = await coordinator.post(`/partnerships/${w.partnership.id}/plans`, {
      title: 'Typed title',
      firstYear: '2021',
      lastYear: '2020/21',
    });
    const page = await coordinator.follow(refused);
    expect(page.body).toContain('Enter a financial year like 2017/18');
    expect(page.body).toContain('Select the plan’s status');
    expect(page.body).toContain('value="Typed title"');
    expect(page.body).toMatch(/<title>Error: /);
  });

  it('refuses a second priority with the same number, saying so on the number field', async () => {
    const w = await planWorld();
    const coordinator = await signedInAgent(w.coordinator);
    const refused = await coordinator.post(`/plans/${w.plan.id}/priorities`, { number: '1', title: 'A second first priority' });
    expect(refused.statusCode).toBe(303);
    const page = await coordinator.follow(refused);
    expect(page.body).toContain('This plan already has a priority 1');
    expect(page.body).toContain('href="#number"');
    expect(page.body).toContain('value="A second first priority"');
  });

  it('answers 404 for plans, priorities, actions and rounds outside the user’s partnerships, pages and API alike', async () => {
    const w = await planWorld();
    const outsider = await signedInAgent(w.outsider);
    for (const url of [
      `/plans/${w.plan.id}`,
      `/priorities/${w.priority.id}`,
      `/plan-actions/${w.action.id}`,
      `/rounds/${w.round.id}`,
      `/rounds/${w.round.id}/actions/${w.action.id}`,
      `/plans/${w.plan.id}/progress-table`,
      `/plans/${w.plan.id}/progress-table.csv`,
      `/plans/${w.plan.id}/rag`,
      `/partnerships/${w.partnership.id}/plans`,
      `/api/v1/plans/${w.plan.id}`,
      `/api/v1/partnerships/${w.partnership.id}/plans`,
      `/api/v1/plans/${w.plan.id}/progress?period=2020/21-Q3`,
    ])
      expect((await outsider.get(url)).statusCode, url).toBe(404);
    expect((await outsider.get('/plans')).body).not.toContain('Test Strategy');
  });

  it('refuses the second of two edits to the same action, keeping the typed text', async () => {
    const w = await planWorld();
    const one = await signedInAgent(w.coordinator);
    const two = await signedInAgent(w.coordinator);
    await one.get(`/plan-actions/${w.action.id}/edit`);
    await two.get(`/plan-actions/${w.action.id}/edit`);
    const form = (text: string) => ({
      version: String(w.action.version),
      priorityId: String(w.priority.id),
      text,
      leadAgencyIds: [String(w.police.id)],
      status: 'in-progress',
    });
    expect((await one.post(`/plan-actions/${w.action.id}`, form('First edit'))).headers.location).toBe(`/plan-actions/${w.action.id}`);
    const refused = await two.post(`/plan-actions/${w.action.id}`, form('Second edit, carefully typed'));
    expect(refused.headers.location).toBe(`/plan-actions/${w.action.id}/edit`);
    const page = await two.follow(refused);
    expect(page.body).toContain('Someone else saved this action while you were editing it');
    expect(page.body).toContain('Second edit, carefully typed');
    expect((await one.get(`/plan-actions/${w.action.id}`)).body).toContain('First edit');
  });

  it('keeps key areas of focus with the plan', async () => {
    const w = await planWorld();
    const coordinator = await signedInAgent(w.coordinator);
    await coordinator.post(`/plans/${w.plan.id}/focus-areas`, { text: 'Build capability against online threats' });
    const page = await coordinator.get(`/plans/${w.plan.id}`);
    expect(page.body).toContain('Build capability against online threats');
    const contributor = await signedInAgent(w.contributor);
    expect((await contributor.post(`/plans/${w.plan.id}/focus-areas`, { text: 'Not allowed' })).statusCode).toBe(403);
  });
});

describe('reports from the progress round', () => {
  it('downloads the progress table as CSV with formula-like cells neutralised', async () => {
    const w = await planWorld();
    await w.services.plans.progress.submitUpdate(w.contributor.actor, w.round.id, w.action.id, {
      rag: 'red',
      narrative: '=HYPERLINK("http://evil.example","click")',
      basedOn: 0,
    });
    const csv = await (await signedInAgent(w.viewer)).get(`/plans/${w.plan.id}/progress-table.csv?period=2020/21-Q3`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('test-strategy-progress-2020-21-q3.csv');
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv.body).toContain('Test Constabulary');
    expect(csv.body).not.toMatch(/,=HYPERLINK/);
  });

  it('shows the RAG summary per priority as a chart and a table', async () => {
    const w = await planWorld();
    await w.services.plans.progress.submitUpdate(w.contributor.actor, w.round.id, w.action.id, {
      rag: 'amber',
      narrative: 'On the way',
      basedOn: 0,
    });
    const page = await (await signedInAgent(w.viewer)).get(`/plans/${w.plan.id}/rag?period=2020/21-Q3`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('role="img"');
    expect(page.body).toMatch(/Priority 1: 1 amber/);
    expect(page.body).toContain('Actions by RAG status and priority');
  });

  it('shows the progress update table with a print stylesheet', async () => {
    const w = await planWorld();
    const viewer = await signedInAgent(w.viewer);
    const page = await viewer.get(`/plans/${w.plan.id}/progress-table`);
    expect(page.body).toContain('/assets/plans/progress-print.css');
    expect(page.body).toContain('Tackle commercial burglary');
    const css = await (await testApp()).inject({ url: '/assets/plans/progress-print.css' });
    expect(css.body).toContain('@media print');
  });
});

describe('the plans API', () => {
  it('gives a plan’s priorities in order with actions, lead agencies and latest update', async () => {
    const w = await planWorld();
    await w.services.plans.plans.createPriority(systemActor, w.plan.id, { number: 2, title: 'Second priority' });
    await w.services.plans.progress.submitUpdate(w.contributor.actor, w.round.id, w.action.id, {
      rag: 'green',
      narrative: 'Done well',
      basedOn: 0,
    });
    const viewer = await signedInAgent(w.viewer);
    const body = JSON.parse((await viewer.get(`/api/v1/plans/${w.plan.id}`)).body);
    expect(body.data.priorities.map((p: { number: number }) => p.number)).toEqual([1, 2]);
    const [action] = body.data.priorities[0].actions;
    expect(action.text).toBe('Tackle commercial burglary');
    expect(action.leadAgencies).toEqual([{ id: w.police.id, name: 'Test Constabulary' }]);
    expect(action.latestUpdate).toMatchObject({ rag: 'green', period: '2020/21-Q3', version: 1, state: 'submitted' });

    const list = JSON.parse((await viewer.get(`/api/v1/partnerships/${w.partnership.id}/plans`)).body);
    expect(list.data).toEqual([expect.objectContaining({ title: 'Test Strategy', firstYear: '2020/21', lastYear: '2021/22' })]);
    const progress = JSON.parse((await viewer.get(`/api/v1/plans/${w.plan.id}/progress?period=2020/21-Q3`)).body);
    expect(progress.data.actions[0]).toMatchObject({ status: 'submitted', overdue: false });
  });

  it('takes an update from a lead agency’s contributor with a bearer token (no CSRF), and refuses others', async () => {
    const w = await planWorld();
    const app = await testApp();
    const token = async (userId: number) => (await w.services.access.createToken(systemActor, userId, 'test')).secret;
    const post = async (secret: string, payload: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/plan-actions/${w.action.id}/updates`,
        headers: { authorization: `Bearer ${secret}` },
        payload,
      });
    const payload = { period: '2020/21-Q3', rag: 'amber', narrative: 'Sent from the police system', basedOnVersion: 0 };

    const ok = await post(await token(w.contributor.id), payload);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().data).toMatchObject({ version: 1, state: 'submitted', rag: 'amber' });
    const again = await post(await token(w.contributor.id), payload);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('edit_conflict');
    expect((await post(await token(w.councilContributor.id), { ...payload, basedOnVersion: 1 })).statusCode).toBe(403);
    expect((await post(await token(w.outsider.id), payload)).statusCode).toBe(404);
    expect((await post(await token(w.contributor.id), { ...payload, period: '2021/22-Q1', basedOnVersion: 1 })).statusCode).toBe(404);

    const spec = (await app.inject({ url: '/api/v1/openapi.json' })).json();
    for (const path of [
      '/api/v1/partnerships/{id}/plans',
      '/api/v1/plans/{id}',
      '/api/v1/plans/{id}/progress',
      '/api/v1/plan-actions/{id}/updates',
    ])
      expect(Object.keys(spec.paths), path).toContain(path);
  });
});

describe('the assurance assessment', () => {
  it('starts each partnership with the six standard dimensions and shows ratings as a grid across periods', async () => {
    const w = await planWorld();
    const coordinator = await signedInAgent(w.coordinator);
    const form = await coordinator.get(`/priorities/${w.priority.id}/assessment?period=2020/21`);
    expect(form.statusCode).toBe(200);
    for (const name of [
      'County co-ordination',
      'Driving front-line delivery',
      'Understanding of risk and vulnerability',
      'Reporting and recording',
      'Alignment of resources',
      'Local links',
    ])
      expect(form.body).toContain(name);
    const dims = await w.services.plans.assurance.dimensionsOf(w.partnership.id);
    const save = (period: string, rating: string, version = 0) =>
      coordinator.post(`/priorities/${w.priority.id}/assessment`, {
        periodKey: period,
        [`rating-${dims[0]!.id}`]: rating,
        [`narrative-${dims[0]!.id}`]: `${rating} in ${period}`,
        [`version-${dims[0]!.id}`]: String(version),
      });
    await save('2020/21', 'developing');
    await save('2021/22', 'strong');
    const page = await coordinator.get(`/priorities/${w.priority.id}`);
    expect(page.body).toMatch(/2020\/21<\/th>\s*<th[^>]*>2021\/22/);
    expect(page.body).toContain('developing in 2020/21');
    expect(page.body).toContain('strong in 2021/22');

    const stale = await save('2020/21', 'weak', 0);
    expect((await coordinator.follow(stale)).body).toContain('Someone else changed this assessment');
    expect(
      (await (await signedInAgent(w.contributor)).post(`/priorities/${w.priority.id}/assessment`, { periodKey: '2020/21' })).statusCode,
    ).toBe(403);
  });

  it('lets a coordinator change the partnership’s dimensions', async () => {
    const w = await planWorld();
    const coordinator = await signedInAgent(w.coordinator);
    await coordinator.post(`/partnerships/${w.partnership.id}/assurance-dimensions`, { name: 'Voice of victims' });
    const page = await coordinator.get(`/partnerships/${w.partnership.id}/assurance-dimensions`);
    expect(page.body).toContain('Voice of victims');
    expect(page.body).toContain('Local links');
  });
});
