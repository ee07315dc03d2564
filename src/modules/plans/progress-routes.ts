import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam } from '../../lib/validation.js';
import { downloadName, toCsv } from '../../lib/csv.js';
import { AppError } from '../../lib/errors.js';
import { handleForm } from '../../web/forms.js';
import { dateFromParts } from './inputs.js';
import { ragChart, ragLabels } from './present.js';
import { ragStatuses } from './schema.js';
import '../../web/types.js';

const id = idParam;
const idParams = z.object({ id });
const roundActionParams = z.object({ id, actionId: id });
const periodQuery = z.object({ period: z.string().max(20).optional() });
const printCss = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'views', 'progress-print.css'), 'utf8');

/** Pages for progress rounds, updates and their review, and the reports built from them. */
export async function progressRoutes(app: FastifyInstance) {
  const { plans, progress } = app.services.plans;
  const signedIn = { config: { permission: 'signed-in' as const } };

  /** The period asked for, or the plan's most recent round. */
  async function periodFor(request: { actor: import('../access/actor.js').Actor; query: unknown }, planId: number) {
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
    return reply.view('plans/views/my-actions.njk', { title: 'My agency’s actions', ...view });
  });

  app.get('/plans/:id/rounds/new', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const { plan, periods } = await progress.openablePeriods(request.actor, planId);
    return reply.view('plans/views/round-form.njk', { title: 'Open a progress round', plan, periods });
  });

  app.post('/plans/:id/rounds', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    return handleForm(request, reply, `/plans/${planId}/rounds/new`, async () => {
      const b = (request.body ?? {}) as Record<string, unknown>;
      const round = await progress.openRound(request.actor, planId, { ...b, dueDate: dateFromParts(b, 'dueDate') } as never);
      return { redirect: `/rounds/${round.id}`, notice: 'The progress round is open' };
    });
  });

  app.get('/rounds/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: roundId } = idParams.parse(request.params);
    const view = await progress.getRound(request.actor, roundId);
    return reply.view('plans/views/round.njk', {
      title: `Progress round: ${view.period.label}`,
      ...view,
      canCoordinate: view.role === 'coordinator',
    });
  });

  app.post('/rounds/:id/close', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: roundId } = idParams.parse(request.params);
    return handleForm(request, reply, `/rounds/${roundId}`, async () => {
      await progress.closeRound(request.actor, roundId, Number((request.body as Record<string, unknown>)?.version ?? 0));
      return { redirect: `/rounds/${roundId}`, notice: 'The round is closed: its updates can no longer change' };
    });
  });

  app.get('/rounds/:id/actions/:actionId', { ...signedIn, schema: { params: roundActionParams } }, async (request, reply) => {
    const { id: roundId, actionId } = roundActionParams.parse(request.params);
    const view = await progress.getUpdate(request.actor, roundId, actionId);
    return reply.view('plans/views/update.njk', { title: `Update for ${view.period.label}`, ...view, rags: ragStatuses, ragLabels });
  });

  app.post('/rounds/:id/actions/:actionId/updates', { ...signedIn, schema: { params: roundActionParams } }, async (request, reply) => {
    const { id: roundId, actionId } = roundActionParams.parse(request.params);
    const back = `/rounds/${roundId}/actions/${actionId}`;
    return handleForm(request, reply, `${back}#update-form`, async () => {
      const update = await progress.submitUpdate(request.actor, roundId, actionId, request.body as never);
      return { redirect: back, notice: `Version ${update.version} of the update has been submitted` };
    });
  });

  app.post('/updates/:id/review', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: updateId } = idParams.parse(request.params);
    const b = (request.body ?? {}) as Record<string, unknown>;
    const back = `/rounds/${Number(b.roundId) || 0}/actions/${Number(b.actionId) || 0}`;
    return handleForm(request, reply, `${back}#review-form`, async () => {
      const update = await progress.reviewUpdate(request.actor, updateId, b as never);
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
    return reply.view('plans/views/rag.njk', {
      title: `RAG summary: ${view.period.label}`,
      ...view,
      rounds,
      ragLabels,
      chart: ragChart(view.table, view.keys, `RAG status of actions by priority, ${view.period.label}`),
    });
  });

  app.get('/plans/:id/progress-table', { ...signedIn, schema: { params: idParams, querystring: periodQuery } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const view = await progress.progress(request.actor, planId, await periodFor(request, planId));
    const { rounds } = await plans.getPlan(request.actor, planId);
    return reply.view('plans/views/progress-table.njk', { title: `${view.plan.title} progress update`, ...view, rounds, ragLabels });
  });

  app.get(
    '/plans/:id/progress-table.csv',
    { ...signedIn, schema: { params: idParams, querystring: periodQuery } },
    async (request, reply) => {
      const { id: planId } = idParams.parse(request.params);
      const view = await progress.progress(request.actor, planId, await periodFor(request, planId));
      const csv = toCsv(
        ['Priority', 'Action', 'Lead agency', 'RAG status', 'Update', 'Evidence', 'Review state', 'Author', 'Period'],
        view.rows.map((r) => [
          `${r.priority.number}. ${r.priority.title}`,
          r.action.text,
          r.leads.map((l) => l.name).join('; '),
          r.standing ? ragLabels[r.standing.rag] : 'No update',
          r.standing?.narrative ?? '',
          r.standing?.evidenceUrl ?? '',
          r.standing?.state ?? 'due',
          r.standing?.authorName ?? '',
          view.period.key,
        ]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${downloadName(`${view.plan.title} progress ${view.period.key}`)}"`)
        .send(csv);
    },
  );
}
