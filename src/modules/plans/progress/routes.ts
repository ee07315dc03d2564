import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { downloadName } from '../../../lib/csv.js';
import { AppError } from '../../../lib/errors.js';
import { idParam, parseInput } from '../../../lib/validation.js';
import { stackedBarChart } from '../../../web/charts.js';
import { handleForm } from '../../../web/forms.js';
import type { Actor } from '../../access/index.js';
import { formVersion, periodQuery } from '../fields.js';
import { canCloseRound, canReopenRound } from '../policy.js';
import { progressCsv, ragChartData, ragLabels } from '../presenters.js';
import { ragStatuses } from '../schema.js';
import { reviewInput, reviewPage, roundForm, updateInput } from './inputs.js';
import '../../../web/types.js';

const id = idParam;
const idParams = z.object({ id });
const roundActionParams = z.object({ id, actionId: id });
const printCss = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'views', 'progress-print.css'), 'utf8');

/** Pages for progress rounds, updates and their review, and the reports built from them. */
export function progressPages(app: FastifyInstance) {
  const { plans, progress } = app.services.plans;
  const signedIn = { config: { permission: 'signed-in' as const } };

  /** The period asked for, or the plan's most recent round. */
  async function periodFor(request: { actor: Actor; query: unknown }, planId: number) {
    const asked = periodQuery.parse(request.query).period;
    if (asked) return asked;
    const { rounds } = await plans.getPlan(request.actor, planId);
    if (!rounds[0]) throw new AppError('not_found', 'This plan has no progress rounds yet');
    return rounds[0].periodKey;
  }

  app.get('/assets/plans/progress-print.css', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(printCss),
  );

  app.get('/my-actions', signedIn, async (request, reply) => {
    const view = await progress.myActions(request.actor);
    return reply.view('plans/progress/views/my-actions.njk', { title: 'My agency’s actions', ...view });
  });

  app.get('/plans/:id/rounds/new', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const { plan, periods } = await progress.openablePeriods(request.actor, planId);
    return reply.view('plans/progress/views/round-form.njk', { title: 'Open a progress round', plan, periods });
  });

  app.post('/plans/:id/rounds', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    return handleForm(request, reply, `/plans/${planId}/rounds/new`, async () => {
      const round = await progress.openRound(request.actor, planId, parseInput(roundForm, request.body));
      return { redirect: `/rounds/${round.id}`, notice: 'The progress round is open' };
    });
  });

  app.get('/rounds/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: roundId } = idParams.parse(request.params);
    const view = await progress.getRound(request.actor, roundId);
    return reply.view('plans/progress/views/round.njk', {
      title: `Progress round: ${view.period.label}`,
      ...view,
      canClose: canCloseRound(view.role, view.round),
      canReopen: canReopenRound(view.role, view.round),
    });
  });

  // Closing asks to confirm first, saying what is still waiting for review.
  app.get('/rounds/:id/close', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: roundId } = idParams.parse(request.params);
    const summary = await progress.closingSummary(request.actor, roundId);
    return reply.view('plans/progress/views/close-round.njk', {
      title: `Close the progress round for ${summary.period.label}?`,
      ...summary,
    });
  });

  app.post('/rounds/:id/close', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: roundId } = idParams.parse(request.params);
    return handleForm(request, reply, `/rounds/${roundId}`, async () => {
      await progress.closeRound(request.actor, roundId, formVersion(request.body));
      return { redirect: `/rounds/${roundId}`, notice: 'The round is closed: its updates can no longer change' };
    });
  });

  app.post('/rounds/:id/reopen', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: roundId } = idParams.parse(request.params);
    return handleForm(request, reply, `/rounds/${roundId}`, async () => {
      await progress.reopenRound(request.actor, roundId, formVersion(request.body));
      return { redirect: `/rounds/${roundId}`, notice: 'The round is open again: updates can be submitted and reviewed' };
    });
  });

  app.get('/rounds/:id/actions/:actionId', { ...signedIn, schema: { params: roundActionParams } }, async (request, reply) => {
    const { id: roundId, actionId } = roundActionParams.parse(request.params);
    const view = await progress.getUpdate(request.actor, roundId, actionId);
    return reply.view('plans/progress/views/update.njk', {
      title: `Update for ${view.period.label}`,
      ...view,
      rags: ragStatuses,
      ragLabels,
    });
  });

  app.post('/rounds/:id/actions/:actionId/updates', { ...signedIn, schema: { params: roundActionParams } }, async (request, reply) => {
    const { id: roundId, actionId } = roundActionParams.parse(request.params);
    const back = `/rounds/${roundId}/actions/${actionId}`;
    return handleForm(request, reply, `${back}#update-form`, async () => {
      const update = await progress.submitUpdate(request.actor, roundId, actionId, parseInput(updateInput, request.body));
      return { redirect: back, notice: `Version ${update.version} of the update has been submitted` };
    });
  });

  app.post('/updates/:id/review', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: updateId } = idParams.parse(request.params);
    const back = reviewPage.parse(request.body ?? {});
    return handleForm(request, reply, `${back}#review-form`, async () => {
      const update = await progress.reviewUpdate(request.actor, updateId, parseInput(reviewInput, request.body));
      return {
        redirect: `/rounds/${update.roundId}`,
        notice: update.state === 'accepted' ? 'The update has been accepted' : 'The update has been returned to its lead agency',
      };
    });
  });

  app.get('/plans/:id/rag', { ...signedIn, schema: { params: idParams, querystring: periodQuery } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const view = await progress.ragSummary(request.actor, planId, await periodFor(request, planId));
    const { rounds } = await plans.getPlan(request.actor, planId);
    return reply.view('plans/progress/views/rag.njk', {
      title: `RAG summary: ${view.period.label}`,
      ...view,
      rounds,
      ragLabels,
      chart: stackedBarChart(ragChartData(view.table, view.keys, `RAG status of actions by priority, ${view.period.label}`)),
    });
  });

  app.get('/plans/:id/progress-table', { ...signedIn, schema: { params: idParams, querystring: periodQuery } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const view = await progress.progress(request.actor, planId, await periodFor(request, planId));
    const { rounds } = await plans.getPlan(request.actor, planId);
    return reply.view('plans/progress/views/progress-table.njk', {
      title: `${view.plan.title} progress update`,
      ...view,
      rounds,
      ragLabels,
    });
  });

  app.get(
    '/plans/:id/progress-table.csv',
    { ...signedIn, schema: { params: idParams, querystring: periodQuery } },
    async (request, reply) => {
      const { id: planId } = idParams.parse(request.params);
      const view = await progress.progress(request.actor, planId, await periodFor(request, planId));
      const { name, csv } = progressCsv(view);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${downloadName(name)}"`)
        .send(csv);
    },
  );
}
