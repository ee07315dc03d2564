import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { downloadName } from '../../../lib/csv.js';
import { idParam, parseInput } from '../../../lib/validation.js';
import { handleForm } from '../../../web/forms.js';
import { formVersion } from '../fields.js';
import { measureInput } from './inputs.js';
import { measureFormValues, scorecardCsv, scorecardPage } from './presenters.js';
import { targetDirections, targetPositions } from './types.js';
import '../../../web/types.js';

const idParams = z.object({ id: idParam });
const viewQuery = z.object({ view: z.string().max(20).optional() });

/** The scorecard page, its CSV, and the measure forms (coordinators and analysts). */
export function scorecardPages(app: FastifyInstance) {
  const { scorecards } = app.services.plans;
  const signedIn = { config: { permission: 'signed-in' as const } };

  app.get('/plans/:id/scorecard', { ...signedIn, schema: { params: idParams, querystring: viewQuery } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const { view } = viewQuery.parse(request.query);
    const card = await scorecards.forPlan(request.actor, planId, { view: view === 'analyst' ? 'analyst' : 'published' });
    return reply.view('plans/scorecard/views/scorecard.njk', {
      title: `${card.plan.title} scorecard`,
      card,
      groups: scorecardPage(card),
    });
  });

  app.get('/plans/:id/scorecard.csv', { ...signedIn, schema: { params: idParams, querystring: viewQuery } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const { view } = viewQuery.parse(request.query);
    const card = await scorecards.forPlan(request.actor, planId, { view: view === 'analyst' ? 'analyst' : 'published' });
    const { name, csv } = scorecardCsv(card);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${downloadName(name)}"`)
      .send(csv);
  });

  const formOptions = { directions: targetDirections, positions: targetPositions };

  app.get('/plans/:id/measures/new', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const form = await scorecards.measureFormFor(request.actor, planId);
    return reply.view('plans/scorecard/views/measure-form.njk', { title: 'Add a measure', ...form, ...formOptions, measure: null });
  });

  app.post('/plans/:id/measures', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    return handleForm(request, reply, `/plans/${planId}/measures/new`, async () => {
      await scorecards.createMeasure(request.actor, planId, parseInput(measureInput, request.body));
      return { redirect: `/plans/${planId}/scorecard`, notice: 'The measure has been added to the scorecard' };
    });
  });

  app.get('/measures/:id/edit', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: measureId } = idParams.parse(request.params);
    const form = await scorecards.measureForEditing(request.actor, measureId);
    const name = form.indicators.find((i) => i.key === form.measure.indicatorKey)?.name ?? form.measure.indicatorKey;
    return reply.view('plans/scorecard/views/measure-form.njk', {
      title: `Change the measure: ${name}`,
      ...form,
      ...formOptions,
      measure: measureFormValues(form.measure),
    });
  });

  app.post('/measures/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: measureId } = idParams.parse(request.params);
    return handleForm(request, reply, `/measures/${measureId}/edit`, async () => {
      const m = await scorecards.updateMeasure(request.actor, measureId, formVersion(request.body), parseInput(measureInput, request.body));
      return { redirect: `/plans/${m.planId}/scorecard#measure-${m.id}`, notice: 'The measure has been updated' };
    });
  });

  app.post('/measures/:id/delete', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: measureId } = idParams.parse(request.params);
    return handleForm(request, reply, `/measures/${measureId}/edit`, async () => {
      const { planId } = await scorecards.removeMeasure(request.actor, measureId, formVersion(request.body));
      return { redirect: `/plans/${planId}/scorecard`, notice: 'The measure has been removed from the scorecard' };
    });
  });
}
