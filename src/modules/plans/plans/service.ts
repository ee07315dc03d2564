import type { Db, DbOrTx } from '../../../db/database.js';
import { AppError, EditConflictError, ValidationError } from '../../../lib/errors.js';
import type { Actor, AuditService, PartnershipAbility, Policy } from '../../access/index.js';
import { findPartnership, listAgencies, listPartnerships } from '../../partnerships/index.js';
import { periodEnd } from '../periods.js';
import { abilityTo, canEditPlans, mayReportOn } from '../policy.js';
import * as progressRepo from '../progress/repository.js';
import { latestByAction } from '../progress/standing.js';
import type { Plan } from '../schema.js';
import type { ActionInput, FocusInput, PlanInput, PriorityInput } from './inputs.js';
import * as repo from './repository.js';
import { isUniqueViolation } from '../../../db/errors.js';

/** A clash on the plan's unique priority number becomes a message on the number field; anything else is rethrown. */
const priorityNumberTaken = (error: unknown, number: number) =>
  isUniqueViolation(error) ? new ValidationError([{ field: 'number', message: `This plan already has a priority ${number}` }]) : error;

/** Plans, their priorities, actions and key areas of focus. Coordinators change them; the partnership reads them. */
export function createPlanService(db: Db, audit: AuditService, policy: Policy) {
  /** The plan, if the actor may reach it with the given ability; otherwise 404 (or 403 for a role too low). */
  async function planFor(actor: Actor, planId: number, ability: PartnershipAbility = abilityTo.read) {
    const plan = await repo.findPlan(db, planId);
    if (!plan) throw await policy.refuseNotFound(actor, 'plan');
    const role = await policy.require(actor, plan.partnershipId, ability, 'plan');
    return { plan, role };
  }

  async function checkAgencies(ids: number[], field: string) {
    const known = new Set((await listAgencies(db)).map((a) => a.id));
    if (ids.some((id) => !known.has(id))) throw new ValidationError([{ field, message: 'Select agencies from the list' }]);
  }

  async function actionFor(actor: Actor, actionId: number, ability: PartnershipAbility = abilityTo.read) {
    const action = await repo.findAction(db, actionId);
    if (!action) throw await policy.refuseNotFound(actor, 'action');
    const { plan, role } = await planFor(actor, action.planId, ability);
    return { action, plan, role };
  }

  async function priorityFor(actor: Actor, priorityId: number, ability: PartnershipAbility = abilityTo.read) {
    const priority = await repo.findPriority(db, priorityId);
    if (!priority) throw await policy.refuseNotFound(actor, 'priority');
    const { plan, role } = await planFor(actor, priority.planId, ability);
    return { priority, plan, role };
  }

  /** The partnership, if the actor may reach it with the given ability; otherwise 404 (or 403). */
  async function partnershipFor(actor: Actor, partnershipId: number, ability: PartnershipAbility) {
    const partnership = await findPartnership(db, partnershipId);
    if (!partnership) throw await policy.refuseNotFound(actor, 'partnership');
    const role = await policy.require(actor, partnershipId, ability);
    return { partnership, role };
  }

  /**
   * Priorities with their sponsors, and actions with their agencies and latest update, for a plan the caller
   * has already reached through `planFor`.
   */
  async function planContents(plan: Plan) {
    const [priorities, actions, focusAreas, rounds] = await Promise.all([
      repo.listPriorities(db, plan.id),
      repo.listActions(db, plan.id),
      repo.listFocusAreas(db, plan.id),
      progressRepo.listRounds(db, [plan.id]),
    ]);
    const [sponsors, agencies, updates] = await Promise.all([
      repo.listSponsors(
        db,
        priorities.map((p) => p.id),
      ),
      repo.listActionAgencies(
        db,
        actions.map((a) => a.id),
      ),
      progressRepo.listUpdatesForRounds(
        db,
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

    listAgencies: () => listAgencies(db),

    /** The plans page: every plan the actor can see, and the partnerships they can see with whether they may add a plan. */
    async plansIndex(actor: Actor) {
      const visible = await policy.visiblePartnershipIds(actor);
      const [rows, partnerships] = await Promise.all([repo.listPlansIn(db, visible), listPartnerships(db, visible)]);
      const roles = await Promise.all(partnerships.map((p) => policy.roleIn(actor, p.id)));
      return {
        rows,
        partnerships: partnerships.map((p, i) => ({ id: p.id, name: p.name, canCreate: canEditPlans(roles[i] ?? null) })),
      };
    },

    async listPlans(actor: Actor, partnershipId: number) {
      const { partnership, role } = await partnershipFor(actor, partnershipId, abilityTo.read);
      return { partnership, role, plans: await repo.listPlans(db, partnershipId) };
    },

    /** The add-a-plan page: the partnership, when the actor may add plans to it. */
    async newPlanFor(actor: Actor, partnershipId: number) {
      return (await partnershipFor(actor, partnershipId, abilityTo.editPlans)).partnership;
    },

    async getPlan(actor: Actor, planId: number) {
      const { plan, role } = await planFor(actor, planId);
      const partnership = await findPartnership(db, plan.partnershipId);
      return { plan, role, partnership: partnership!, ...(await planContents(plan)) };
    },

    /** A priority with its sponsors and its actions (each with its agencies and latest update). */
    async getPriority(actor: Actor, priorityId: number) {
      const { plan, role } = await priorityFor(actor, priorityId);
      const { priorities } = await planContents(plan);
      return { plan, role, priority: priorities.find((p) => p.id === priorityId)! };
    },

    /** The change-a-priority page: the priority and its sponsors' ids, for a coordinator. */
    async priorityForEditing(actor: Actor, priorityId: number) {
      const { priority, plan } = await priorityFor(actor, priorityId, abilityTo.editPlans);
      const sponsors = await repo.listSponsors(db, [priorityId]);
      return { priority, plan, sponsorIds: sponsors.map((s) => s.agencyId) };
    },

    /** What the action form offers a coordinator: the plan's priorities and every agency. */
    async actionFormFor(actor: Actor, planId: number) {
      const { plan } = await planFor(actor, planId, abilityTo.editPlans);
      const [priorities, agencies] = await Promise.all([repo.listPriorities(db, planId), listAgencies(db)]);
      return { plan, priorities, agencies };
    },

    async createPlan(actor: Actor, partnershipId: number, values: PlanInput) {
      await partnershipFor(actor, partnershipId, abilityTo.editPlans);
      return db.transaction(async (tx) => {
        const plan = await repo.insertPlan(tx, { ...values, strategicAssessment: values.strategicAssessment ?? null, partnershipId });
        await audit.record(actor, { action: 'plan.create', entityType: 'plan', entityId: plan.id, partnershipId, after: plan }, tx);
        return plan;
      });
    },

    /**
     * The next plan as a draft with the priorities a strategic assessment adopted: the partnership's draft
     * plan covering `firstYear` when there is one (a priority with the same title is linked, not added
     * twice), otherwise a new draft plan. Audited; runs inside the caller's transaction when given one, so the
     * assessment records its adoption in the same transaction. Returns each adopted priority in order.
     */
    async draftPlanWithPriorities(
      actor: Actor,
      partnershipId: number,
      values: { title: string; firstYear: number; lastYear: number; strategicAssessment: string | null },
      adopted: { title: string; description: string | null; activities: string[] }[],
      outer?: DbOrTx,
    ) {
      await partnershipFor(actor, partnershipId, abilityTo.editPlans);
      const work = async (tx: DbOrTx) => {
        // A draft plan that starts in, or already covers, the year the new priorities start.
        const existing = (await repo.listPlans(tx, partnershipId)).find(
          (p) => p.status === 'draft' && p.firstYear <= values.firstYear && values.firstYear <= p.lastYear,
        );
        let plan = existing;
        if (!plan) {
          plan = await repo.insertPlan(tx, { ...values, status: 'draft', partnershipId });
          await audit.record(actor, { action: 'plan.create', entityType: 'plan', entityId: plan.id, partnershipId, after: plan }, tx);
        }
        const current = await repo.listPriorities(tx, plan.id);
        const same = (a: string, b: string) =>
          a
            .trim()
            .toLowerCase()
            .replace(/[.\s]+$/, '') ===
          b
            .trim()
            .toLowerCase()
            .replace(/[.\s]+$/, '');
        let next = current.reduce((n, p) => Math.max(n, p.number), 0) + 1;
        const priorities = [];
        for (const a of adopted) {
          const found = current.find((p) => same(p.title, a.title));
          if (found) {
            priorities.push(found);
            continue;
          }
          const priority = await repo.insertPriority(tx, {
            planId: plan.id,
            number: next++,
            title: a.title,
            description: a.description,
            activities: a.activities,
            ownershipLevel: null,
            ownershipStatement: null,
          });
          await audit.record(
            actor,
            { action: 'priority.create', entityType: 'priority', entityId: priority.id, partnershipId, after: priority },
            tx,
          );
          priorities.push(priority);
        }
        return { plan, priorities, created: !existing };
      };
      return outer ? work(outer) : db.transaction(work);
    },

    async updatePlan(actor: Actor, planId: number, version: number, values: PlanInput) {
      const { plan: before } = await planFor(actor, planId, abilityTo.editPlans);
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

    async createPriority(actor: Actor, planId: number, v: PriorityInput) {
      const { plan } = await planFor(actor, planId, abilityTo.editPlans);
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

    async updatePriority(actor: Actor, priorityId: number, version: number, v: PriorityInput) {
      const { priority: before, plan } = await priorityFor(actor, priorityId, abilityTo.editPlans);
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

    async createAction(actor: Actor, planId: number, v: ActionInput) {
      const { plan } = await planFor(actor, planId, abilityTo.editPlans);
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

    async updateAction(actor: Actor, actionId: number, version: number, v: ActionInput) {
      const { action: before, plan } = await actionFor(actor, actionId, abilityTo.editPlans);
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
      const isLead = mayReportOn(actor, { leads });
      return { action, plan, role, priority: priority!, leads, supporting, history: sorted, isLead };
    },

    async addFocusArea(actor: Actor, planId: number, { text }: FocusInput) {
      const { plan } = await planFor(actor, planId, abilityTo.editPlans);
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
      const { plan } = await planFor(actor, planId, abilityTo.editPlans);
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

export type PlanService = ReturnType<typeof createPlanService>;
