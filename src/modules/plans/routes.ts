import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { idParam } from '../../lib/validation.js';
import { financialYearKey } from '../../lib/periods.js';
import { handleForm } from '../../web/forms.js';
import { dateFromParts } from './inputs.js';
import { planPeriods } from './periods.js';
import { actionStatuses, assuranceRatings, ownershipLevels, planStatuses, type Plan } from './schema.js';
import { planPeriodLabel } from './service.js';
import '../../web/types.js';

const id = idParam;
const idParams = z.object({ id });
const childParams = z.object({ id, childId: id });
const version = (body: unknown) => Number((body as Record<string, unknown>)?.version ?? 0);
const body = (request: { body: unknown }) => (request.body ?? {}) as Record<string, unknown>;

/** Form body with a GOV.UK date input folded into one YYYY-MM-DD field. */
const withDate = (request: { body: unknown }, field: string) => {
  const b = body(request);
  return { ...b, [field]: dateFromParts(b, field) };
};

/** Pages for plans, priorities, actions, key areas of focus and the assurance assessment. */
export async function planRoutes(app: FastifyInstance) {
  const { plans: svc, assurance } = app.services.plans;
  const signedIn = { config: { permission: 'signed-in' as const } };

  app.get('/plans', signedIn, async (request, reply) => {
    const rows = await svc.listVisiblePlans(request.actor);
    const partnerships = await app.services.partnerships.listPartnerships(request.actor);
    const roles = await Promise.all(partnerships.map((p) => app.services.policy.roleIn(request.actor, p.id)));
    return reply.view('plans/views/plans.njk', {
      title: 'Plans',
      rows: rows.map((r) => ({ ...r, period: planPeriodLabel(r.plan) })),
      partnerships: partnerships.map((p, i) => ({ id: p.id, name: p.name, coordinator: roles[i] === 'coordinator' })),
    });
  });

  app.get('/partnerships/:id/plans', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: partnershipId } = idParams.parse(request.params);
    const view = await svc.listPlans(request.actor, partnershipId);
    return reply.view('plans/views/plans.njk', {
      title: `Plans of ${view.partnership.name}`,
      partnership: view.partnership,
      canCreate: view.role === 'coordinator',
      rows: view.plans.map((plan) => ({ plan, partnershipName: view.partnership.name, period: planPeriodLabel(plan) })),
    });
  });

  app.get('/partnerships/:id/plans/new', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: partnershipId } = idParams.parse(request.params);
    const view = await svc.listPlans(request.actor, partnershipId);
    await app.services.policy.require(request.actor, partnershipId, 'coordinate');
    return reply.view('plans/views/plan-form.njk', {
      title: 'Add a plan',
      partnership: view.partnership,
      plan: null,
      statuses: planStatuses,
    });
  });

  app.post('/partnerships/:id/plans', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: partnershipId } = idParams.parse(request.params);
    return handleForm(request, reply, `/partnerships/${partnershipId}/plans/new`, async () => {
      const plan = await svc.createPlan(request.actor, partnershipId, request.body as never);
      return { redirect: `/plans/${plan.id}`, notice: `${plan.title} has been added` };
    });
  });

  app.get('/plans/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const view = await svc.getPlan(request.actor, planId);
    return reply.view('plans/views/plan.njk', {
      title: view.plan.title,
      ...view,
      period: planPeriodLabel(view.plan),
      canCoordinate: view.role === 'coordinator',
    });
  });

  app.get('/plans/:id/edit', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const { plan } = await svc.planFor(request.actor, planId, 'coordinate');
    return reply.view('plans/views/plan-form.njk', {
      title: `Change ${plan.title}`,
      plan: { ...plan, firstYear: financialYearKey(plan.firstYear), lastYear: financialYearKey(plan.lastYear) },
      statuses: planStatuses,
    });
  });

  app.post('/plans/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    return handleForm(request, reply, `/plans/${planId}/edit`, async () => {
      const plan = await svc.updatePlan(request.actor, planId, version(request.body), request.body as never);
      return { redirect: `/plans/${plan.id}`, notice: `${plan.title} has been updated` };
    });
  });

  // Priorities -----------------------------------------------------------------------------------------
  const priorityForm = async (planId: number, title: string, priority: Record<string, unknown> | null, reply: FastifyReply) =>
    reply.view('plans/views/priority-form.njk', { title, planId, priority, agencies: await svc.listAgencies(), levels: ownershipLevels });

  app.get('/plans/:id/priorities/new', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    await svc.planFor(request.actor, planId, 'coordinate');
    return priorityForm(planId, 'Add a priority', null, reply);
  });

  app.post('/plans/:id/priorities', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    return handleForm(request, reply, `/plans/${planId}/priorities/new`, async () => {
      const p = await svc.createPriority(request.actor, planId, request.body as never);
      return { redirect: `/priorities/${p.id}`, notice: `Priority ${p.number} has been added` };
    });
  });

  app.get('/priorities/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: priorityId } = idParams.parse(request.params);
    const grid = await assurance.getGrid(request.actor, priorityId);
    const { priorities } = await svc.planContents(app.services.database.db, grid.plan);
    const full = priorities.find((p) => p.id === priorityId)!;
    return reply.view('plans/views/priority.njk', {
      title: `Priority ${full.number}: ${full.title}`,
      ...grid,
      priority: full,
      planPeriods: planPeriods(grid.plan),
      canCoordinate: grid.role === 'coordinator',
    });
  });

  app.get('/priorities/:id/edit', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: priorityId } = idParams.parse(request.params);
    const { priority, plan } = await svc.priorityFor(request.actor, priorityId, 'coordinate');
    const { priorities } = await svc.planContents(app.services.database.db, plan);
    const sponsorIds = priorities.find((p) => p.id === priorityId)?.sponsors.map((s) => s.id) ?? [];
    return priorityForm(
      plan.id,
      `Change priority ${priority.number}`,
      { ...priority, activities: priority.activities.join('\n'), sponsorIds },
      reply,
    );
  });

  app.post('/priorities/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: priorityId } = idParams.parse(request.params);
    return handleForm(request, reply, `/priorities/${priorityId}/edit`, async () => {
      const p = await svc.updatePriority(request.actor, priorityId, version(request.body), request.body as never);
      return { redirect: `/priorities/${p.id}`, notice: `Priority ${p.number} has been updated` };
    });
  });

  // Actions --------------------------------------------------------------------------------------------
  const actionForm = async (plan: Plan, title: string, action: Record<string, unknown> | null, reply: FastifyReply) => {
    const { priorities } = await svc.planContents(app.services.database.db, plan);
    return reply.view('plans/views/action-form.njk', {
      title,
      planId: plan.id,
      action,
      priorities,
      agencies: await svc.listAgencies(),
      statuses: actionStatuses,
    });
  };

  app.get('/plans/:id/actions/new', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const { plan } = await svc.planFor(request.actor, planId, 'coordinate');
    const priorityId = Number((request.query as Record<string, unknown>)?.priority ?? 0) || undefined;
    return actionForm(plan, 'Add an action', priorityId ? { priorityId, status: 'not-started' } : null, reply);
  });

  app.post('/plans/:id/actions', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    return handleForm(request, reply, `/plans/${planId}/actions/new`, async () => {
      const a = await svc.createAction(request.actor, planId, withDate(request, 'targetDate'));
      return { redirect: `/plan-actions/${a.id}`, notice: 'The action has been added' };
    });
  });

  app.get('/plan-actions/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: actionId } = idParams.parse(request.params);
    const view = await svc.getAction(request.actor, actionId);
    return reply.view('plans/views/action.njk', {
      title: `Action under priority ${view.priority.number}`,
      ...view,
      canCoordinate: view.role === 'coordinator',
    });
  });

  app.get('/plan-actions/:id/edit', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: actionId } = idParams.parse(request.params);
    await svc.actionFor(request.actor, actionId, 'coordinate');
    const view = await svc.getAction(request.actor, actionId);
    const [y, m, d] = (view.action.targetDate ?? '').split('-');
    return actionForm(
      view.plan,
      'Change the action',
      {
        ...view.action,
        'targetDate-day': d ? String(Number(d)) : '',
        'targetDate-month': m ? String(Number(m)) : '',
        'targetDate-year': y ?? '',
        leadAgencyIds: view.leads.map((l) => l.id),
        supportingAgencyIds: view.supporting.map((s) => s.id),
      },
      reply,
    );
  });

  app.post('/plan-actions/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: actionId } = idParams.parse(request.params);
    return handleForm(request, reply, `/plan-actions/${actionId}/edit`, async () => {
      await svc.updateAction(request.actor, actionId, version(request.body), withDate(request, 'targetDate'));
      return { redirect: `/plan-actions/${actionId}`, notice: 'The action has been updated' };
    });
  });

  // Key areas of focus ---------------------------------------------------------------------------------
  app.post('/plans/:id/focus-areas', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    return handleForm(request, reply, `/plans/${planId}#focus-areas`, async () => {
      await svc.addFocusArea(request.actor, planId, request.body);
      return { redirect: `/plans/${planId}#focus-areas`, notice: 'The key area of focus has been added' };
    });
  });

  app.post('/plans/:id/focus-areas/:childId/delete', { ...signedIn, schema: { params: childParams } }, async (request, reply) => {
    const { id: planId, childId } = childParams.parse(request.params);
    return handleForm(request, reply, `/plans/${planId}#focus-areas`, async () => {
      await svc.removeFocusArea(request.actor, planId, childId);
      return { redirect: `/plans/${planId}#focus-areas`, notice: 'The key area of focus has been removed' };
    });
  });

  // Assurance ------------------------------------------------------------------------------------------
  const periodQuery = z.object({ period: z.string().max(20).optional() });

  app.get('/priorities/:id/assessment', { ...signedIn, schema: { params: idParams, querystring: periodQuery } }, async (request, reply) => {
    const { id: priorityId } = idParams.parse(request.params);
    const { priority, plan } = await svc.priorityFor(request.actor, priorityId, 'coordinate');
    const periods = planPeriods(plan);
    const period = periodQuery.parse(request.query).period ?? periods[periods.length - 1]!.key;
    const view = await assurance.getAssessment(request.actor, priorityId, period);
    return reply.view('plans/views/assessment-form.njk', {
      title: `Assess priority ${priority.number} for ${view.period.label}`,
      ...view,
      ratings: assuranceRatings,
    });
  });

  app.post('/priorities/:id/assessment', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: priorityId } = idParams.parse(request.params);
    const period = String(body(request).periodKey ?? '');
    return handleForm(request, reply, `/priorities/${priorityId}/assessment?period=${encodeURIComponent(period)}`, async () => {
      await assurance.saveAssessment(request.actor, priorityId, period, body(request));
      return { redirect: `/priorities/${priorityId}#assurance`, notice: 'The assessment has been saved' };
    });
  });

  app.get('/partnerships/:id/assurance-dimensions', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: partnershipId } = idParams.parse(request.params);
    const view = await assurance.listDimensions(request.actor, partnershipId);
    return reply.view('plans/views/dimensions.njk', {
      title: `Assurance dimensions of ${view.partnership.name}`,
      ...view,
      canCoordinate: view.role === 'coordinator',
    });
  });

  app.post('/partnerships/:id/assurance-dimensions', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: partnershipId } = idParams.parse(request.params);
    return handleForm(request, reply, `/partnerships/${partnershipId}/assurance-dimensions`, async () => {
      await assurance.addDimension(request.actor, partnershipId, request.body);
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
