import { describe, expect, it } from 'vitest';
import { signedInAgent } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import * as factories from '../../../../test/support/factories.js';
import { systemActor } from '../../access/index.js';
import { planWorld } from '../test-support.js';

const world = async () => planWorld({ services: (await testRuntime()).services, ...factories });

const submitUrl = (roundId: number, actionId: number) => `/rounds/${roundId}/actions/${actionId}/updates`;

describe('the quarterly progress cycle', () => {
  it('lets the lead agency submit, the coordinator return, the contributor resubmit and the coordinator accept, keeping every version', async () => {
    const w = await world();
    const officer = await signedInAgent(w.contributor);
    const page = await officer.get(`/rounds/${w.round.id}/actions/${w.action.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Submit the update');

    const sent = await officer.post(submitUrl(w.round.id, w.action.id), {
      rag: 'amber',
      narrative: 'Op Hawk patrols continue',
      basedOn: 0,
    });
    expect(sent.statusCode).toBe(303);
    expect((await officer.follow(sent)).body).toContain('Version 1 of the update has been submitted');

    const coordinator = await signedInAgent(w.coordinator);
    let round = await coordinator.get(`/rounds/${w.round.id}`);
    expect(round.body).toMatch(/data-count="submitted"><strong>1</);

    const [v1] = (await w.services.plans.progress.getUpdate(w.coordinator.actor, w.round.id, w.action.id)).versions;
    const noComment = await coordinator.post(`/updates/${v1!.id}/review`, {
      decision: 'return',
      roundId: w.round.id,
      actionId: w.action.id,
    });
    const errorPage = await coordinator.follow(noComment);
    expect(errorPage.body).toContain('Say what needs to change before you return the update');

    await coordinator.post(`/updates/${v1!.id}/review`, {
      decision: 'return',
      comment: 'Add the figures',
      roundId: w.round.id,
      actionId: w.action.id,
    });
    round = await coordinator.get(`/rounds/${w.round.id}`);
    expect(round.body).toMatch(/data-count="returned"><strong>1</);

    const back = await officer.get(`/rounds/${w.round.id}/actions/${w.action.id}`);
    expect(back.body).toContain('Add the figures');
    await officer.post(submitUrl(w.round.id, w.action.id), { rag: 'green', narrative: 'Op Hawk: 12 arrests', basedOn: 1 });

    const detail = await w.services.plans.progress.getUpdate(w.coordinator.actor, w.round.id, w.action.id);
    expect(detail.versions.map((v) => [v.version, v.state, v.narrative])).toEqual([
      [2, 'submitted', 'Op Hawk: 12 arrests'],
      [1, 'returned', 'Op Hawk patrols continue'],
    ]);
    await coordinator.post(`/updates/${detail.latest!.id}/review`, { decision: 'accept', roundId: w.round.id, actionId: w.action.id });
    round = await coordinator.get(`/rounds/${w.round.id}`);
    expect(round.body).toMatch(/data-count="accepted"><strong>1</);
    expect(round.body).toMatch(/data-count="due"><strong>0</);

    const history = await officer.get(`/plan-actions/${w.action.id}`);
    expect(history.body).toContain('Op Hawk: 12 arrests');
    expect(history.body).toContain('Op Hawk patrols continue');
  });

  it('refuses updates from anyone but a contributor of a lead agency, and reviews from anyone but a coordinator', async () => {
    const w = await world();
    const form = { rag: 'green', narrative: 'Not mine to write', basedOn: 0 };
    expect((await (await signedInAgent(w.councilContributor)).post(submitUrl(w.round.id, w.action.id), form)).statusCode).toBe(403);
    expect((await (await signedInAgent(w.viewer)).post(submitUrl(w.round.id, w.action.id), form)).statusCode).toBe(403);
    expect((await (await signedInAgent(w.outsider)).post(submitUrl(w.round.id, w.action.id), form)).statusCode).toBe(404);

    const officer = await signedInAgent(w.contributor);
    await officer.post(submitUrl(w.round.id, w.action.id), { rag: 'green', narrative: 'Mine', basedOn: 0 });
    const { latest } = await w.services.plans.progress.getUpdate(w.contributor.actor, w.round.id, w.action.id);
    expect((await officer.post(`/updates/${latest!.id}/review`, { decision: 'accept' })).statusCode).toBe(403);
    expect((await (await signedInAgent(w.outsider)).post(`/updates/${latest!.id}/review`, { decision: 'accept' })).statusCode).toBe(404);
  });

  it('freezes a closed round: no submissions and no reviews', async () => {
    const w = await world();
    const officer = await signedInAgent(w.contributor);
    await officer.post(submitUrl(w.round.id, w.action.id), { rag: 'green', narrative: 'Before closing', basedOn: 0 });
    const coordinator = await signedInAgent(w.coordinator);
    const closed = await coordinator.post(`/rounds/${w.round.id}/close`, { version: w.round.version });
    expect((await coordinator.follow(closed)).body).toContain('can no longer change');

    const late = await officer.post(submitUrl(w.round.id, w.action.id), { rag: 'green', narrative: 'After closing', basedOn: 1 });
    expect((await officer.follow(late)).body).toContain('This round is closed');
    const { latest } = await w.services.plans.progress.getUpdate(w.coordinator.actor, w.round.id, w.action.id);
    expect(latest!.narrative).toBe('Before closing');
    await expect(w.services.plans.progress.reviewUpdate(w.coordinator.actor, latest!.id, { decision: 'accept' })).rejects.toThrow(/closed/);
  });

  it('asks to confirm closing, saying how many updates are still unreviewed, and lets a coordinator reopen the round (audited)', async () => {
    const w = await world();
    const officer = await signedInAgent(w.contributor);
    await officer.post(submitUrl(w.round.id, w.action.id), { rag: 'amber', narrative: 'Waiting for review', basedOn: 0 });
    const coordinator = await signedInAgent(w.coordinator);
    const roundPage = await coordinator.get(`/rounds/${w.round.id}`);
    expect(roundPage.body).toContain(`href="/rounds/${w.round.id}/close"`); // a link to the confirmation, not a one-click form
    expect(roundPage.body).not.toContain(`action="/rounds/${w.round.id}/close"`);
    const confirm = await coordinator.get(`/rounds/${w.round.id}/close`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Close the progress round for 2020/21 Q3');
    expect(confirm.body).toMatch(/Updates waiting for review<\/dt>\s*<dd class="govuk-summary-list__value">1</);
    expect(confirm.body).toContain('1 update is still waiting for review');
    expect((await (await signedInAgent(w.viewer)).get(`/rounds/${w.round.id}/close`)).statusCode).toBe(403);
    expect((await (await signedInAgent(w.outsider)).get(`/rounds/${w.round.id}/close`)).statusCode).toBe(404);

    const closed = await coordinator.follow(await coordinator.post(`/rounds/${w.round.id}/close`, { version: w.round.version }));
    expect(closed.body).toContain('Reopen the round');
    const version = Number(/name="version" value="(\d+)"/.exec(closed.body)![1]);
    expect((await (await signedInAgent(w.contributor)).post(`/rounds/${w.round.id}/reopen`, { version })).statusCode).toBe(403);
    const reopened = await coordinator.follow(await coordinator.post(`/rounds/${w.round.id}/reopen`, { version }));
    expect(reopened.body).toContain('The round is open again');
    expect(reopened.body).toContain('The round is open.');
    // The update left waiting can now be reviewed.
    const { latest } = await w.services.plans.progress.getUpdate(w.coordinator.actor, w.round.id, w.action.id);
    await w.services.plans.progress.reviewUpdate(w.coordinator.actor, latest!.id, { decision: 'accept' });
    const audit = await w.services.audit.list({ limit: 20, offset: 0 });
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['round.close', 'round.reopen']));
  });

  it('refuses the second of two submissions based on the same version, keeping the typed text on the page', async () => {
    const w = await world();
    const first = await signedInAgent(w.contributor);
    const second = await signedInAgent(w.contributor);
    await first.get(`/rounds/${w.round.id}/actions/${w.action.id}`);
    await second.get(`/rounds/${w.round.id}/actions/${w.action.id}`);
    await first.post(submitUrl(w.round.id, w.action.id), { rag: 'green', narrative: 'First writer', basedOn: 0 });
    const refused = await second.post(submitUrl(w.round.id, w.action.id), {
      rag: 'red',
      narrative: 'Second writer’s careful text',
      basedOn: 0,
    });
    const page = await second.follow(refused);
    expect(page.body).toContain('Someone else changed this update while you were editing it');
    expect(page.body).toContain('Second writer’s careful text');
    const { versions } = await w.services.plans.progress.getUpdate(w.contributor.actor, w.round.id, w.action.id);
    expect(versions.map((v) => v.narrative)).toEqual(['First writer']);
  });

  it('shows contributors the updates due for the actions their agency leads', async () => {
    const w = await world();
    const mine = await (await signedInAgent(w.contributor)).get('/my-actions');
    expect(mine.body).toContain('Tackle commercial burglary');
    expect(mine.body).toContain('2020/21-Q3');
    const notMine = await (await signedInAgent(w.councilContributor)).get('/my-actions');
    expect(notMine.body).not.toContain('Tackle commercial burglary');
  });

  it('opens rounds only for periods of the plan, once each, and only for coordinators', async () => {
    const w = await world();
    const coordinator = await signedInAgent(w.coordinator);
    const form = await coordinator.get(`/plans/${w.plan.id}/rounds/new`);
    expect(form.body).toContain('2021/22 Q4 (January to March 2022)');
    expect(form.body).not.toContain('value="2020/21-Q3"');
    const outside = await coordinator.post(`/plans/${w.plan.id}/rounds`, {
      periodKey: '2016/17-Q1',
      'dueDate-day': '1',
      'dueDate-month': '2',
      'dueDate-year': '2021',
    });
    expect((await coordinator.follow(outside)).body).toContain('Select a reporting period within the plan');
    const badDate = await coordinator.post(`/plans/${w.plan.id}/rounds`, {
      periodKey: '2020/21-Q4',
      'dueDate-day': '31',
      'dueDate-month': '2',
      'dueDate-year': '2021',
    });
    expect((await coordinator.follow(badDate)).body).toContain('Enter a real due date');
    const ok = await coordinator.post(`/plans/${w.plan.id}/rounds`, {
      periodKey: '2020/21-Q4',
      'dueDate-day': '15',
      'dueDate-month': '4',
      'dueDate-year': '2021',
    });
    expect(ok.headers.location).toMatch(/^\/rounds\/\d+$/);
    const contributor = await signedInAgent(w.contributor);
    expect(
      (
        await contributor.post(`/plans/${w.plan.id}/rounds`, {
          periodKey: '2021/22-Q1',
          'dueDate-day': '1',
          'dueDate-month': '7',
          'dueDate-year': '2021',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('counts an update left due after the due date as overdue', async () => {
    const w = await world();
    const past = await w.services.plans.progress.openRound(systemActor, w.plan.id, { periodKey: '2020/21-Q2', dueDate: '2020-10-15' });
    const view = await w.services.plans.progress.getRound(w.coordinator.actor, past.id);
    expect(view.byPriority.total).toMatchObject({ total: 1, due: 1, overdue: 1 });
    expect(view.byAgency.groups.map((g) => g.label)).toEqual(['Test Constabulary']);
  });
});
