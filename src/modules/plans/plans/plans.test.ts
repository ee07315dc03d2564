import { describe, expect, it } from 'vitest';
import { signedInAgent } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import * as factories from '../../../../test/support/factories.js';
import { systemActor } from '../../access/index.js';
import { planWorld } from '../test-support.js';
import { priorityInput } from './inputs.js';
import { parseInput } from '../../../lib/validation.js';

const world = async () => planWorld({ services: (await testRuntime()).services, ...factories });

describe('plans, priorities and actions', () => {
  it('lets a coordinator create a plan, a priority and an action; everyone in the partnership reads them', async () => {
    const w = await world();
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
    const w = await world();
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
    const w = await world();
    const coordinator = await signedInAgent(w.coordinator);
    const refused = await coordinator.post(`/plans/${w.plan.id}/priorities`, { number: '1', title: 'A second first priority' });
    expect(refused.statusCode).toBe(303);
    const page = await coordinator.follow(refused);
    expect(page.body).toContain('This plan already has a priority 1');
    expect(page.body).toContain('href="#number"');
    expect(page.body).toContain('value="A second first priority"');
  });

  it('answers 404 for plans, priorities, actions and rounds outside the user’s partnerships, pages and API alike', async () => {
    const w = await world();
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
    const w = await world();
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
    const w = await world();
    const coordinator = await signedInAgent(w.coordinator);
    await coordinator.post(`/plans/${w.plan.id}/focus-areas`, { text: 'Build capability against online threats' });
    const page = await coordinator.get(`/plans/${w.plan.id}`);
    expect(page.body).toContain('Build capability against online threats');
    const contributor = await signedInAgent(w.contributor);
    expect((await contributor.post(`/plans/${w.plan.id}/focus-areas`, { text: 'Not allowed' })).statusCode).toBe(403);
  });
});

describe('the plans API', () => {
  it('gives a plan’s priorities in order with actions, lead agencies and latest update', async () => {
    const w = await world();
    await w.services.plans.plans.createPriority(systemActor, w.plan.id, parseInput(priorityInput, { number: 2, title: 'Second priority' }));
    await w.services.plans.progress.submitUpdate(w.contributor.actor, w.round.id, w.action.id, {
      rag: 'green',
      narrative: 'Done well',
      basedOn: 0,
    });
    const viewer = await signedInAgent(w.viewer);
    const body = JSON.parse((await viewer.get(`/api/v1/plans/${w.plan.id}`)).body) as {
      data: { priorities: { number: number; actions: { text: string; leadAgencies: unknown; latestUpdate: unknown }[] }[] };
    };
    expect(body.data.priorities.map((p) => p.number)).toEqual([1, 2]);
    const [action] = body.data.priorities[0]!.actions;
    expect(action!.text).toBe('Tackle commercial burglary');
    expect(action!.leadAgencies).toEqual([{ id: w.police.id, name: 'Test Constabulary' }]);
    expect(action!.latestUpdate).toMatchObject({ rag: 'green', period: '2020/21-Q3', version: 1, state: 'submitted' });

    const list = JSON.parse((await viewer.get(`/api/v1/partnerships/${w.partnership.id}/plans`)).body) as { data: unknown };
    expect(list.data).toEqual([expect.objectContaining({ title: 'Test Strategy', firstYear: '2020/21', lastYear: '2021/22' })]);
    const progress = JSON.parse((await viewer.get(`/api/v1/plans/${w.plan.id}/progress?period=2020/21-Q3`)).body) as {
      data: { actions: unknown[] };
    };
    expect(progress.data.actions[0]).toMatchObject({ status: 'submitted', overdue: false });
  });
});
