import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, parseInput } from '../../../lib/validation.js';
import { handleForm } from '../../../web/forms.js';
import { periodQuery } from '../fields.js';
import { planPeriods } from '../periods.js';
import { abilityTo, canEditAssurance } from '../policy.js';
import { assuranceRatings } from '../schema.js';
import { assessmentInput, dimensionInput } from './inputs.js';
import '../../../web/types.js';

const id = idParam;
const idParams = z.object({ id });
const childParams = z.object({ id, childId: id });

/** Pages for the assurance assessment of a priority and the partnership's dimensions. */
export function assurancePages(app: FastifyInstance) {
  const { plans, assurance } = app.services.plans;
  const signedIn = { config: { permission: 'signed-in' as const } };

  app.get('/plans/:id/assurance', { ...signedIn, schema: { params: idParams, querystring: periodQuery } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const view = await assurance.getPlanGrid(request.actor, planId, periodQuery.parse(request.query).period);
    return reply.view('plans/assurance/views/plan-grid.njk', {
      title: view.period ? `Assurance assessment, ${view.period.label}` : 'Assurance assessment',
      ...view,
      canAssess: canEditAssurance(view.role),
    });
  });

  app.get('/priorities/:id/assessment', { ...signedIn, schema: { params: idParams, querystring: periodQuery } }, async (request, reply) => {
    const { id: priorityId } = idParams.parse(request.params);
    const { priority, plan } = await plans.priorityFor(request.actor, priorityId, abilityTo.editAssurance);
    const periods = planPeriods(plan);
    const period = periodQuery.parse(request.query).period ?? periods[periods.length - 1]!.key;
    const view = await assurance.getAssessment(request.actor, priorityId, period);
    return reply.view('plans/assurance/views/assessment-form.njk', {
      title: `Assess priority ${priority.number} for ${view.period.label}`,
      ...view,
      ratings: assuranceRatings,
    });
  });

  app.post('/priorities/:id/assessment', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: priorityId } = idParams.parse(request.params);
    const input = parseInput(assessmentInput, request.body);
    return handleForm(request, reply, `/priorities/${priorityId}/assessment?period=${encodeURIComponent(input.periodKey)}`, async () => {
      await assurance.saveAssessment(request.actor, priorityId, input);
      return { redirect: `/priorities/${priorityId}#assurance`, notice: 'The assessment has been saved' };
    });
  });

  app.get('/partnerships/:id/assurance-dimensions', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: partnershipId } = idParams.parse(request.params);
    const view = await assurance.listDimensions(request.actor, partnershipId);
    return reply.view('plans/assurance/views/dimensions.njk', {
      title: `Assurance dimensions of ${view.partnership.name}`,
      ...view,
      canCoordinate: canEditAssurance(view.role),
    });
  });

  app.post('/partnerships/:id/assurance-dimensions', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: partnershipId } = idParams.parse(request.params);
    return handleForm(request, reply, `/partnerships/${partnershipId}/assurance-dimensions`, async () => {
      await assurance.addDimension(request.actor, partnershipId, parseInput(dimensionInput, request.body));
      return { redirect: `/partnerships/${partnershipId}/assurance-dimensions`, notice: 'The dimension has been added' };
    });
  });

  app.post(
    '/partnerships/:id/assurance-dimensions/:childId/delete',
    { ...signedIn, schema: { params: childParams } },
    async (request, reply) => {
      const { id: partnershipId, childId } = childParams.parse(request.params);
      return handleForm(request, reply, `/partnerships/${partnershipId}/assurance-dimensions`, async () => {
        await assurance.removeDimension(request.actor, partnershipId, childId);
        return { redirect: `/partnerships/${partnershipId}/assurance-dimensions`, notice: 'The dimension has been removed' };
      });
    },
  );
}
