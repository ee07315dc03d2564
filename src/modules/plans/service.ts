import type { Db, DbOrTx } from '../../db/database.js';
import { AppError, EditConflictError, ValidationError } from '../../lib/errors.js';
import { financialYearKey } from '../../lib/periods.js';
import { parseInput } from '../../lib/validation.js';
import type { Actor } from '../access/actor.js';
import type { AuditService } from '../access/audit.js';
import type { PartnershipAbility, Policy } from '../access/policy.js';
import * as partnershipsRepo from '../partnerships/repository.js';
import { actionInput, focusInput, planInput, priorityInput, type ActionInput, type PlanInput, type PriorityInput } from './inputs.js';
import { latestByAction, periodEnd } from './periods.js';
import * as progressRepo from './progress-repository.js';
import * as repo from './repository.js';
import type { Plan } from './schema.js';

/** A clash on the plan's unique priority number becomes a message on the number field; anything else is rethrown. */
const priorityNumberTaken = (error: unknown, number: number) =>
  isUniqueViolation(error) ? new ValidationError([{ field: 'number', message: `This plan already has a priority ${number}` }]) : error;

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
};

/** Plans, their priorities, actions and key areas of focus. Coordinators change them; the partnership reads them. */
export function createPlanService(db: Db, audit: AuditService, policy: Policy) {
  /** The plan, if the actor may reach it with the given ability; otherwise 404 (or 403 for a role too low). */
  async function planFor(actor: Actor, planId: number, ability: PartnershipAbility = 'view') {
    const plan = await repo.findPlan(db, planId);
    if (!plan) throw await policy.refuseNotFound(actor, 'plan');
    const role = await policy.require(actor, plan.partnershipId, ability, 'plan');
    return { plan, role };
  }

  async function checkAgencies(ids: number[], field: string) {
    const known = new Set((await partnershipsRepo.listAgencies(db)).map((a) => a.id));
    if (ids.some((id) => !known.has(id))) throw new ValidationError([{ field, message: 'Select agencies from the list' }]);
  }

  async function actionFor(actor: Actor, actionId: number, ability: PartnershipAbility = 'view') {
    const action = await repo.findAction(db, actionId);
    if (!action) throw await policy.refuseNotFound(actor, 'action');
    const { plan, role } = await planFor(actor, action.planId, ability);
    return { action, plan, role };
  }

  async function priorityFor(actor: Actor, priorityId: number, ability: PartnershipAbility = 'view') {
    const priority = await repo.findPriority(db, priorityId);
    if (!priority) throw await policy.refuseNotFound(actor, 'priority');
    const { plan, role } = await planFor(actor, priority.planId, ability);
    return { priority, plan, role };
  }

  /** Priorities with their sponsors, and actions with their agencies and latest update. */
  async function planContents(tx: DbOrTx, plan: Plan) {
    const [priorities, actions, focusAreas, rounds] = await Promise.all([
      repo.listPriorities(tx, plan.id),
      repo.listActions(tx, plan.id),
      repo.listFocusAreas(tx, plan.id),
      progressRepo.listRounds(tx, [plan.id]),
    ]);
    const [sponsors, agencies, updates] = await Promise.all([
      repo.listSponsors(
        tx,
        priorities.map((p) => p.id),
      ),
      repo.listActionAgencies(
        tx,
        actions.map((a) => a.id),
      ),
      progressRepo.listUpdatesForRounds(
        tx,
        rounds.map((r) => r.id),
      ),
    ]);
    const latest = latestByAction(rounds, updates);
    const withActions = priorities.map((p) => ({
      ...p,
      sponsors: sponsors.filter((s) => s.priorityId === p.id).map((s) => ({ id: s.agencyId, name: s.agencyName })),
      actions: actions
        .filter((a) => a.priorityId === p.id)
        .map((a) => ({
          ...a,
          leads: agencies.filter((x) => x.actionId === a.id && x.role === 'lead').map((x) => ({ id: x.agencyId, name: x.agencyName })),
          supporting: agencies
            .filter((x) => x.actionId === a.id && x.role === 'supporting')
            .map((x) => ({ id: x.agencyId, name: x.agencyName })),
          latest: latest.get(a.id) ?? null,
        })),
    }));
    const sortedRounds = [...rounds].sort((a, b) => periodEnd(b.periodKey).localeCompare(periodEnd(a.periodKey)));
    return { priorities: withActions, focusAreas, rounds: sortedRounds };
  }

  return {
    planFor,
    actionFor,
    priorityFor,
    planContents,

    listAgencies: () => partnershipsRepo.listAgencies(db),

    async listPlans(actor: Actor, partnershipId: number) {
      const partnership = await partnershipsRepo.findPartnership(db, partnershipId);
      if (!partnership) throw await policy.refuseNotFound(actor, 'partnership');
      const role = await policy.require(actor, partnershipId, 'view');
      return { partnership, role, plans: await repo.listPlans(db, partnershipId) };
    },

    async listVisiblePlans(actor: Actor) {
      return repo.listPlansIn(db, await policy.visiblePartnershipIds(actor));
    },

    async getPlan(actor: Actor, planId: number) {
      const { plan, role } = await planFor(actor, planId);
      const partnership = await partnershipsRepo.findPartnership(db, plan.partnershipId);
      return { plan, role, partnership: partnership!, ...(await planContents(db, plan)) };
    },

    async createPlan(actor: Actor, partnershipId: number, input: PlanInput) {
      const partnership = await partnershipsRepo.findPartnership(db, partnershipId);
      if (!partnership) throw await policy.refuseNotFound(actor, 'partnership');
      await policy.require(actor, partnershipId, 'coordinate');
      const values = parseInput(planInput, input);
      return db.transaction(async (tx) => {
        const plan = await repo.insertPlan(tx, { ...values, strategicAssessment: values.strategicAssessment ?? null, partnershipId });
        await audit.record(actor, { action: 'plan.create', entityType: 'plan', entityId: plan.id, partnershipId, after: plan }, tx);
        return plan;
      });
    },

    async updatePlan(actor: Actor, planId: number, version: number, input: PlanInput) {
      const { plan: before } = await planFor(actor, planId, 'coordinate');
      const values = parseInput(planInput, input);
      return db.transaction(async (tx) => {
        const after = await repo.updatePlan(tx, planId, version, { ...values, strategicAssessment: values.strategicAssessment ?? null });
        if (!after) throw new EditConflictError('plan');
        await audit.record(
          actor,
          { action: 'plan.update', entityType: 'plan', entityId: planId, partnershipId: before.partnershipId, before, after },
          tx,
        );
        return after;
      });
    },

    async createPriority(actor: Actor, planId: number, input: PriorityInput) {
      const { plan } = await planFor(actor, planId, 'coordinate');
      const v = parseInput(priorityInput, input);
      await checkAgencies(v.sponsorIds, 'sponsorIds');
      try {
        return await db.transaction(async (tx) => {
          const priority = await repo.insertPriority(tx, {
            planId,
            number: v.number,
            title: v.title,
            description: v.description ?? null,
            activities: v.activities,
            ownershipLevel: v.ownershipLevel ?? null,
            ownershipStatement: v.ownershipStatement ?? null,
          });
          await repo.setSponsors(tx, priority.id, v.sponsorIds);
          await audit.record(
            actor,
            {
              action: 'priority.create',
              entityType: 'priority',
              entityId: priority.id,
              partnershipId: plan.partnershipId,
              after: { ...priority, sponsorIds: v.sponsorIds },
            },
            tx,
          );
          return priority;
        });
      } catch (error) {
        throw priorityNumberTaken(error, v.number);
      }
    },

    async updatePriority(actor: Actor, priorityId: number, version: number, input: PriorityInput) {
      const { priority: before, plan } = await priorityFor(actor, priorityId, 'coordinate');
      const v = parseInput(priorityInput, input);
      await checkAgencies(v.sponsorIds, 'sponsorIds');
      try {
        return await db.transaction(async (tx) => {
          const after = await repo.updatePriority(tx, priorityId, version, {
            number: v.number,
            title: v.title,
            description: v.description ?? null,
            activities: v.activities,
            ownershipLevel: v.ownershipLevel ?? null,
            ownershipStatement: v.ownershipStatement ?? null,
          });
          if (!after) throw new EditConflictError('priority');
          await repo.setSponsors(tx, priorityId, v.sponsorIds);
          await audit.record(
            actor,
            {
              action: 'priority.update',
              entityType: 'priority',
              entityId: priorityId,
              partnershipId: plan.partnershipId,
              before,
              after: { ...after, sponsorIds: v.sponsorIds },
            },
            tx,
          );
          return after;
        });
      } catch (error) {
        throw priorityNumberTaken(error, v.number);
      }
    },

    async createAction(actor: Actor, planId: number, input: ActionInput) {
      const { plan } = await planFor(actor, planId, 'coordinate');
      const v = parseInput(actionInput, input);
      const priority = await repo.findPriority(db, v.priorityId);
      if (!priority || priority.planId !== planId)
        throw new ValidationError([{ field: 'priorityId', message: 'Select a priority of this plan' }]);
      await checkAgencies([...v.leadAgencyIds, ...v.supportingAgencyIds], 'leadAgencyIds');
      return db.transaction(async (tx) => {
        const action = await repo.insertAction(tx, {
          planId,
          priorityId: v.priorityId,
          position: await repo.nextActionPosition(tx, v.priorityId),
          text: v.text,
          targetDate: v.targetDate ?? null,
          status: v.status,
        });
        await repo.setActionAgencies(tx, action.id, v.leadAgencyIds, v.supportingAgencyIds);
        await audit.record(
          actor,
          {
            action: 'action.create',
            entityType: 'action',
            entityId: action.id,
            partnershipId: plan.partnershipId,
            after: { ...action, leadAgencyIds: v.leadAgencyIds, supportingAgencyIds: v.supportingAgencyIds },
          },
          tx,
        );
        return action;
      });
    },

    async updateAction(actor: Actor, actionId: number, version: number, input: ActionInput) {
      const { action: before, plan } = await actionFor(actor, actionId, 'coordinate');
      const v = parseInput(actionInput, input);
      if (v.priorityId !== before.priorityId)
        throw new ValidationError([{ field: 'priorityId', message: 'An action stays under its priority; add a new action instead' }]);
      await checkAgencies([...v.leadAgencyIds, ...v.supportingAgencyIds], 'leadAgencyIds');
      return db.transaction(async (tx) => {
        const after = await repo.updateAction(tx, actionId, version, { text: v.text, targetDate: v.targetDate ?? null, status: v.status });
        if (!after) throw new EditConflictError('action');
        await repo.setActionAgencies(tx, actionId, v.leadAgencyIds, v.supportingAgencyIds);
        await audit.record(
          actor,
          {
            action: 'action.update',
            entityType: 'action',
            entityId: actionId,
            partnershipId: plan.partnershipId,
            before,
            after: { ...after, leadAgencyIds: v.leadAgencyIds, supportingAgencyIds: v.supportingAgencyIds },
          },
          tx,
        );
        return after;
      });
    },

    /** The action with its agencies and every update, newest first (earlier versions stay visible). */
    async getAction(actor: Actor, actionId: number) {
      const { action, plan, role } = await actionFor(actor, actionId);
      const [priority, agencies, history] = await Promise.all([
        repo.findPriority(db, action.priorityId),
        repo.listActionAgencies(db, [actionId]),
        progressRepo.listUpdatesForAction(db, actionId),
      ]);
      const leads = agencies.filter((a) => a.role === 'lead').map((a) => ({ id: a.agencyId, name: a.agencyName }));
      const supporting = agencies.filter((a) => a.role === 'supporting').map((a) => ({ id: a.agencyId, name: a.agencyName }));
      const sorted = [...history].sort(
        (a, b) => periodEnd(b.periodKey).localeCompare(periodEnd(a.periodKey)) || b.update.version - a.update.version,
      );
      const isLead = actor.isAdmin || leads.some((l) => l.id === actor.agencyId);
      return { action, plan, role, priority: priority!, leads, supporting, history: sorted, isLead };
    },

    async addFocusArea(actor: Actor, planId: number, input: unknown) {
      const { plan } = await planFor(actor, planId, 'coordinate');
      const { text } = parseInput(focusInput, input);
      return db.transaction(async (tx) => {
        const row = await repo.insertFocusArea(tx, planId, text);
        await audit.record(
          actor,
          { action: 'focus-area.create', entityType: 'focus-area', entityId: row.id, partnershipId: plan.partnershipId, after: row },
          tx,
        );
        return row;
      });
    },

    async removeFocusArea(actor: Actor, planId: number, id: number) {
      const { plan } = await planFor(actor, planId, 'coordinate');
      await db.transaction(async (tx) => {
        const before = await repo.deleteFocusArea(tx, planId, id);
        if (!before) throw new AppError('not_found', 'Key area of focus not found');
        await audit.record(
          actor,
          { action: 'focus-area.delete', entityType: 'focus-area', entityId: id, partnershipId: plan.partnershipId, before },
          tx,
        );
      });
    },
  };
}

/** "2017/18 to 2019/20" */
export const planPeriodLabel = (plan: Pick<Plan, 'firstYear' | 'lastYear'>) =>
  plan.firstYear === plan.lastYear
    ? financialYearKey(plan.firstYear)
    : `${financialYearKey(plan.firstYear)} to ${financialYearKey(plan.lastYear)}`;

export type PlanService = ReturnType<typeof createPlanService>;
