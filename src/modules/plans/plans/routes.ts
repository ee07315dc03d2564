import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { idParam, parseInput } from '../../../lib/validation.js';
import { handleForm } from '../../../web/forms.js';
import { formVersion } from '../fields.js';
import { planPeriods } from '../periods.js';
import { abilityTo, canEditAssurance, canEditPlans } from '../policy.js';
import { actionFormValues, planFormValues, planPeriodLabel, planRow, priorityFormValues } from '../presenters.js';
import { actionStatuses, ownershipLevels, planStatuses, type Plan, type Priority } from '../schema.js';
import { actionForm, focusInput, newActionQuery, planInput, priorityInput } from './inputs.js';
import '../../../web/types.js';

const id = idParam;
const idParams = z.object({ id });
const childParams = z.object({ id, childId: id });

/** Pages for plans, priorities, actions and key areas of focus. */
export function planPages(app: FastifyInstance) {
  const { plans: svc, assurance } = app.services.plans;
  const signedIn = { config: { permission: 'signed-in' as const } };

  app.get('/plans', signedIn, async (request, reply) => {
    const { rows, partnerships } = await svc.plansIndex(request.actor);
    return reply.view('plans/plans/views/plans.njk', {
      title: 'Plans',
      rows: rows.map((r) => planRow(r.plan, r.partnershipName)),
      partnerships,
    });
  });

  app.get('/partnerships/:id/plans', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: partnershipId } = idParams.parse(request.params);
    const view = await svc.listPlans(request.actor, partnershipId);
    return reply.view('plans/plans/views/plans.njk', {
      title: `Plans of ${view.partnership.name}`,
      partnership: view.partnership,
      canCreate: canEditPlans(view.role),
      rows: view.plans.map((plan) => planRow(plan, view.partnership.name)),
    });
  });

  app.get('/partnerships/:id/plans/new', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: partnershipId } = idParams.parse(request.params);
    const partnership = await svc.newPlanFor(request.actor, partnershipId);
    return reply.view('plans/plans/views/plan-form.njk', { title: 'Add a plan', partnership, plan: null, statuses: planStatuses });
  });

  app.post('/partnerships/:id/plans', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: partnershipId } = idParams.parse(request.params);
    return handleForm(request, reply, `/partnerships/${partnershipId}/plans/new`, async () => {
      const plan = await svc.createPlan(request.actor, partnershipId, parseInput(planInput, request.body));
      return { redirect: `/plans/${plan.id}`, notice: `${plan.title} has been added` };
    });
  });

  app.get('/plans/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const view = await svc.getPlan(request.actor, planId);
    return reply.view('plans/plans/views/plan.njk', {
      title: view.plan.title,
      ...view,
      period: planPeriodLabel(view.plan),
      canCoordinate: canEditPlans(view.role),
    });
  });

  app.get('/plans/:id/edit', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const { plan } = await svc.planFor(request.actor, planId, abilityTo.editPlans);
    return reply.view('plans/plans/views/plan-form.njk', {
      title: `Change ${plan.title}`,
      plan: planFormValues(plan),
      statuses: planStatuses,
    });
  });

  app.post('/plans/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    return handleForm(request, reply, `/plans/${planId}/edit`, async () => {
      const plan = await svc.updatePlan(request.actor, planId, formVersion(request.body), parseInput(planInput, request.body));
      return { redirect: `/plans/${plan.id}`, notice: `${plan.title} has been updated` };
    });
  });

  // Priorities -----------------------------------------------------------------------------------------
  const renderPriorityForm = async (
    planId: number,
    title: string,
    priority: ReturnType<typeof priorityFormValues> | null,
    reply: FastifyReply,
  ) =>
    reply.view('plans/plans/views/priority-form.njk', {
      title,
      planId,
      priority,
      agencies: await svc.listAgencies(),
      levels: ownershipLevels,
    });

  app.get('/plans/:id/priorities/new', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    await svc.planFor(request.actor, planId, abilityTo.editPlans);
    return renderPriorityForm(planId, 'Add a priority', null, reply);
  });

  app.post('/plans/:id/priorities', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    return handleForm(request, reply, `/plans/${planId}/priorities/new`, async () => {
      const p = await svc.createPriority(request.actor, planId, parseInput(priorityInput, request.body));
      return { redirect: `/priorities/${p.id}`, notice: `Priority ${p.number} has been added` };
    });
  });

  app.get('/priorities/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: priorityId } = idParams.parse(request.params);
    const grid = await assurance.getGrid(request.actor, priorityId);
    const { priority } = await svc.getPriority(request.actor, priorityId);
    return reply.view('plans/plans/views/priority.njk', {
      title: `Priority ${priority.number}: ${priority.title}`,
      ...grid,
      priority,
      planPeriods: planPeriods(grid.plan),
      canCoordinate: canEditPlans(grid.role),
      canAssess: canEditAssurance(grid.role),
    });
  });

  app.get('/priorities/:id/edit', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: priorityId } = idParams.parse(request.params);
    const { priority, plan, sponsorIds } = await svc.priorityForEditing(request.actor, priorityId);
    return renderPriorityForm(plan.id, `Change priority ${priority.number}`, priorityFormValues(priority, sponsorIds), reply);
  });

  app.post('/priorities/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: priorityId } = idParams.parse(request.params);
    return handleForm(request, reply, `/priorities/${priorityId}/edit`, async () => {
      const p = await svc.updatePriority(request.actor, priorityId, formVersion(request.body), parseInput(priorityInput, request.body));
      return { redirect: `/priorities/${p.id}`, notice: `Priority ${p.number} has been updated` };
    });
  });

  // Actions --------------------------------------------------------------------------------------------
  const renderActionForm = (
    form: { plan: Plan; priorities: Priority[]; agencies: unknown[] },
    title: string,
    action: Record<string, unknown> | null,
    reply: FastifyReply,
  ) =>
    reply.view('plans/plans/views/action-form.njk', {
      title,
      planId: form.plan.id,
      action,
      priorities: form.priorities,
      agencies: form.agencies,
      statuses: actionStatuses,
    });

  app.get('/plans/:id/actions/new', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    const form = await svc.actionFormFor(request.actor, planId);
    const priorityId = newActionQuery.parse(request.query ?? {});
    return renderActionForm(form, 'Add an action', priorityId ? { priorityId, status: 'not-started' } : null, reply);
  });

  app.post('/plans/:id/actions', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    return handleForm(request, reply, `/plans/${planId}/actions/new`, async () => {
      const a = await svc.createAction(request.actor, planId, parseInput(actionForm, request.body));
      return { redirect: `/plan-actions/${a.id}`, notice: 'The action has been added' };
    });
  });

  app.get('/plan-actions/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: actionId } = idParams.parse(request.params);
    const view = await svc.getAction(request.actor, actionId);
    return reply.view('plans/plans/views/action.njk', {
      title: `Action under priority ${view.priority.number}`,
      ...view,
      canCoordinate: canEditPlans(view.role),
    });
  });

  app.get('/plan-actions/:id/edit', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: actionId } = idParams.parse(request.params);
    await svc.actionFor(request.actor, actionId, abilityTo.editPlans);
    const view = await svc.getAction(request.actor, actionId);
    const form = await svc.actionFormFor(request.actor, view.plan.id);
    return renderActionForm(form, 'Change the action', actionFormValues(view.action, view.leads, view.supporting), reply);
  });

  app.post('/plan-actions/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: actionId } = idParams.parse(request.params);
    return handleForm(request, reply, `/plan-actions/${actionId}/edit`, async () => {
      await svc.updateAction(request.actor, actionId, formVersion(request.body), parseInput(actionForm, request.body));
      return { redirect: `/plan-actions/${actionId}`, notice: 'The action has been updated' };
    });
  });

  // Key areas of focus ---------------------------------------------------------------------------------
  app.post('/plans/:id/focus-areas', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id: planId } = idParams.parse(request.params);
    return handleForm(request, reply, `/plans/${planId}#focus-areas`, async () => {
      await svc.addFocusArea(request.actor, planId, parseInput(focusInput, request.body));
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
}
