import type { Db } from '../../../db/database.js';
import { AppError, EditConflictError, forbidden, notFound, ValidationError } from '../../../lib/errors.js';
import { parsePeriod } from '../../../lib/periods.js';
import type { Actor, AuditService, PartnershipAbility, Policy } from '../../access/index.js';
import { findAgency, findPartnership } from '../../partnerships/index.js';
import { notificationTitles, notify } from '../../notifications/index.js';
import { planPeriods } from '../periods.js';
import * as planRepo from '../plans/repository.js';
import type { PlanService } from '../plans/service.js';
import { abilityTo, canReviewUpdate, isOpen, submitRefusal, type PartnershipRole } from '../policy.js';
import type { Round, Update } from '../schema.js';
import type { ReviewInput, RoundInput, UpdateInput } from './inputs.js';
import * as progressRepo from './repository.js';
import { countByStatus, isOverdue, latestInRound, ragCounts, ragKeys, standingIn, statusOf } from './standing.js';

const frozen = () => new AppError('conflict', 'This round is closed, so its updates can no longer change');

/** Progress rounds, updates and their review, and the views built from them. */
export function createProgressService(db: Db, audit: AuditService, policy: Policy, plans: PlanService) {
  async function roundFor(actor: Actor, roundId: number, ability: PartnershipAbility = abilityTo.read) {
    const round = await progressRepo.findRound(db, roundId);
    if (!round) throw await policy.refuseNotFound(actor, 'round');
    const { plan, role } = await plans.planFor(actor, round.planId, ability);
    return { round, plan, role };
  }

  /** The round's actions with their lead agencies, latest version in the round and where each stands. */
  async function roundRows(round: Round, actor: Actor, role: PartnershipRole) {
    const plan = (await planRepo.findPlan(db, round.planId))!;
    const contents = await plans.planContents(plan);
    const updates = await progressRepo.listUpdatesForRounds(db, [round.id]);
    const latest = latestInRound(updates);
    const rows = contents.priorities.flatMap((p) =>
      p.actions.map((a) => {
        const update = latest.get(a.id) ?? null;
        const status = statusOf(update);
        return {
          priority: { id: p.id, number: p.number, title: p.title },
          action: a,
          leads: a.leads,
          update,
          standing: standingIn(updates, a.id),
          status,
          overdue: isOverdue(round, status),
          canSubmit: submitRefusal(actor, a, role, round) === null,
        };
      }),
    );
    return { plan, contents, rows };
  }

  async function submit(actor: Actor, round: Round, actionId: number, v: UpdateInput) {
    const action = await planRepo.findAction(db, actionId);
    if (!action || action.planId !== round.planId) throw notFound('Action');
    const plan = (await planRepo.findPlan(db, round.planId))!;
    const role = await policy.require(actor, plan.partnershipId, abilityTo.submitUpdates, 'action');
    const leads = (await planRepo.listActionAgencies(db, [actionId])).filter((a) => a.role === 'lead').map((a) => ({ id: a.agencyId }));
    switch (submitRefusal(actor, { leads }, role, round)) {
      case 'role':
        throw forbidden();
      case 'not-lead':
        throw forbidden('Only a contributor from a lead agency of this action can submit its update');
      case 'closed':
        throw frozen();
    }
    const authorName = await progressRepo.userName(db, actor.userId);
    return db.transaction(async (tx) => {
      const latest = await progressRepo.latestUpdate(tx, round.id, actionId);
      if ((latest?.version ?? 0) !== v.basedOn) throw new EditConflictError('update');
      const row = await progressRepo.insertUpdate(tx, {
        roundId: round.id,
        actionId,
        version: v.basedOn + 1,
        rag: v.rag,
        narrative: v.narrative,
        evidenceUrl: v.evidenceUrl ?? null,
        state: 'submitted',
        authorId: actor.userId,
        authorName,
        authorAgencyId: actor.agencyId,
      });
      if (!row) throw new EditConflictError('update');
      await audit.record(
        actor,
        { action: 'update.submit', entityType: 'progress-update', entityId: row.id, partnershipId: plan.partnershipId, after: row },
        tx,
      );
      return row;
    });
  }

  return {
    roundFor,

    /** Periods a coordinator may open: the plan's quarters and years without a round yet. */
    async openablePeriods(actor: Actor, planId: number) {
      const { plan } = await plans.planFor(actor, planId, abilityTo.runRounds);
      const taken = new Set((await progressRepo.listRounds(db, [planId])).map((r) => r.periodKey));
      return { plan, periods: planPeriods(plan).filter((p) => !taken.has(p.key)) };
    },

    async openRound(actor: Actor, planId: number, v: RoundInput) {
      const { plan } = await plans.planFor(actor, planId, abilityTo.runRounds);
      const period = planPeriods(plan).find((p) => p.key === v.periodKey);
      if (!period) throw new ValidationError([{ field: 'periodKey', message: 'Select a reporting period within the plan' }]);
      const leads = new Set((await plans.planContents(plan)).priorities.flatMap((p) => p.actions.flatMap((a) => a.leads.map((l) => l.id))));
      return db.transaction(async (tx) => {
        const round = await progressRepo.insertRound(tx, { planId, periodKey: period.key, dueDate: v.dueDate, openedBy: actor.userId });
        if (!round) throw new ValidationError([{ field: 'periodKey', message: `A round for ${period.label} is already open or closed` }]);
        await audit.record(
          actor,
          { action: 'round.open', entityType: 'progress-round', entityId: round.id, partnershipId: plan.partnershipId, after: round },
          tx,
        );
        await notify(tx, {
          kind: 'round-opened',
          to: { agencies: [...leads], partnershipId: plan.partnershipId },
          title: notificationTitles.roundOpened(period.key, plan.title, v.dueDate),
          path: `/rounds/${round.id}`,
          partnershipId: plan.partnershipId,
          causedBy: actor.userId,
        });
        return round;
      });
    },

    async closeRound(actor: Actor, roundId: number, version: number) {
      const { round: before, plan } = await roundFor(actor, roundId, abilityTo.runRounds);
      if (!isOpen(before)) throw frozen();
      return db.transaction(async (tx) => {
        const after = await progressRepo.closeRound(tx, roundId, version, actor.userId);
        if (!after) throw new EditConflictError('round');
        await audit.record(
          actor,
          { action: 'round.close', entityType: 'progress-round', entityId: roundId, partnershipId: plan.partnershipId, before, after },
          tx,
        );
        return after;
      });
    },

    /**
     * What closing a round would leave behind, for the page that asks to confirm: updates still waiting for
     * review (submitted, neither accepted nor returned), returned updates not resubmitted, and actions with no update.
     */
    async closingSummary(actor: Actor, roundId: number) {
      const { round, plan, role } = await roundFor(actor, roundId, abilityTo.runRounds);
      if (!isOpen(round)) throw frozen();
      const { rows } = await roundRows(round, actor, role);
      const count = (state: string | null) => rows.filter((r) => (r.update?.state ?? null) === state).length;
      return {
        round,
        plan,
        period: parsePeriod(round.periodKey),
        actions: rows.length,
        unreviewed: count('submitted'),
        returned: count('returned'),
        missing: count(null),
      };
    },

    /** Reopens a closed round so that updates can again be submitted and reviewed; audited. */
    async reopenRound(actor: Actor, roundId: number, version: number) {
      const { round: before, plan } = await roundFor(actor, roundId, abilityTo.runRounds);
      if (isOpen(before)) throw new AppError('conflict', 'This round is already open');
      return db.transaction(async (tx) => {
        const after = await progressRepo.reopenRound(tx, roundId, version);
        if (!after) throw new EditConflictError('round');
        await audit.record(
          actor,
          { action: 'round.reopen', entityType: 'progress-round', entityId: roundId, partnershipId: plan.partnershipId, before, after },
          tx,
        );
        return after;
      });
    },

    /** The round page: every action with where it stands, and counts per priority and per lead agency. */
    async getRound(actor: Actor, roundId: number) {
      const { round, role } = await roundFor(actor, roundId);
      const { plan, rows } = await roundRows(round, actor, role);
      const byPriority = countByStatus(rows, (r) => [
        { key: String(r.priority.number), label: `${r.priority.number}. ${r.priority.title}` },
      ]);
      const byAgency = countByStatus(rows, (r) => r.leads.map((l) => ({ key: String(l.id), label: l.name })));
      byAgency.groups.sort((a, b) => a.label.localeCompare(b.label));
      return { round, plan, role, period: parsePeriod(round.periodKey), rows, byPriority, byAgency };
    },

    /** One action's update in one round: every version, and what the actor may do. */
    async getUpdate(actor: Actor, roundId: number, actionId: number) {
      const { round, plan, role } = await roundFor(actor, roundId);
      const detail = await plans.getAction(actor, actionId);
      if (detail.action.planId !== round.planId) throw notFound('Action');
      const versions = (await progressRepo.listUpdatesForRounds(db, [roundId]))
        .filter((u) => u.actionId === actionId)
        .sort((a, b) => b.version - a.version);
      const latest: Update | null = versions[0] ?? null;
      const canSubmit = submitRefusal(actor, detail, role, round) === null;
      const canReview = canReviewUpdate(role, round, latest);
      return { ...detail, round, plan, role, period: parsePeriod(round.periodKey), versions, latest, canSubmit, canReview };
    },

    submitUpdate: async (actor: Actor, roundId: number, actionId: number, input: UpdateInput) =>
      submit(actor, (await roundFor(actor, roundId, abilityTo.submitUpdates)).round, actionId, input),

    /** For the API: the round is named by its period. */
    async submitUpdateForPeriod(actor: Actor, actionId: number, periodKey: string, input: UpdateInput) {
      const { plan } = await plans.actionFor(actor, actionId, abilityTo.submitUpdates);
      const round = await progressRepo.findRoundByPeriod(db, plan.id, periodKey);
      if (!round) throw new AppError('not_found', `No progress round is open for ${periodKey}`);
      return submit(actor, round, actionId, input);
    },

    /** Accept the latest submitted version, or return it with a comment. */
    async reviewUpdate(actor: Actor, updateId: number, v: ReviewInput) {
      const update = await progressRepo.findUpdate(db, updateId);
      if (!update) throw await policy.refuseNotFound(actor, 'update');
      const { round, plan } = await roundFor(actor, update.roundId, abilityTo.reviewUpdates);
      if (!isOpen(round)) throw frozen();
      const reviewerName = await progressRepo.userName(db, actor.userId);
      const action = await planRepo.findAction(db, update.actionId);
      return db.transaction(async (tx) => {
        const latest = await progressRepo.latestUpdate(tx, round.id, update.actionId);
        if (latest?.id !== update.id) throw new EditConflictError('update');
        const after = await progressRepo.reviewUpdate(tx, update.id, {
          state: v.decision === 'accept' ? 'accepted' : 'returned',
          reviewComment: v.comment ?? null,
          reviewedBy: actor.userId,
          reviewerName,
        });
        if (!after) throw new EditConflictError('update');
        await audit.record(
          actor,
          {
            action: v.decision === 'accept' ? 'update.accept' : 'update.return',
            entityType: 'progress-update',
            entityId: update.id,
            partnershipId: plan.partnershipId,
            before: update,
            after,
          },
          tx,
        );
        await notify(tx, {
          kind: 'update-reviewed',
          to: { users: update.authorId === null ? [] : [update.authorId] },
          title: (v.decision === 'accept' ? notificationTitles.updateAccepted : notificationTitles.updateReturned)(
            round.periodKey,
            action?.text ?? 'an action',
          ),
          path: `/rounds/${round.id}/actions/${update.actionId}`,
          partnershipId: plan.partnershipId,
          causedBy: actor.userId,
        });
        return after;
      });
    },

    /** Priorities, actions, lead agencies and each action's standing update for one period (seed 002's table). */
    async progress(actor: Actor, planId: number, periodKey: string) {
      const { plan, role } = await plans.planFor(actor, planId);
      const round = await progressRepo.findRoundByPeriod(db, planId, periodKey);
      if (!round) throw new AppError('not_found', `There is no progress round for ${periodKey}`);
      const { contents, rows } = await roundRows(round, actor, role);
      const partnership = await findPartnership(db, plan.partnershipId);
      return { plan, role, round, partnership: partnership!, period: parsePeriod(periodKey), priorities: contents.priorities, rows };
    },

    /** RAG counts per priority for one period, from each action's standing update. */
    async ragSummary(actor: Actor, planId: number, periodKey: string) {
      const view = await this.progress(actor, planId, periodKey);
      return { ...view, keys: ragKeys, table: ragCounts(view.priorities, view.rows) };
    },

    /** Actions the actor's agency leads across every partnership they can see, with open rounds' updates due. */
    async myActions(actor: Actor) {
      if (actor.agencyId === null) return { items: [], agencyName: null };
      const visible = await policy.visiblePartnershipIds(actor);
      const led = await planRepo.listActionsLedBy(db, actor.agencyId, visible);
      const planIds = [...new Set(led.map((l) => l.planId))];
      const rounds = (await progressRepo.listRounds(db, planIds)).filter(isOpen);
      const byRoundAction = new Map<string, Update>();
      const updates = rounds.length
        ? await progressRepo.listUpdatesForRounds(
            db,
            rounds.map((r) => r.id),
          )
        : [];
      for (const r of rounds)
        for (const [actionId, u] of latestInRound(updates.filter((u) => u.roundId === r.id))) byRoundAction.set(`${r.id}:${actionId}`, u);
      const items = led.map((l) => ({
        ...l,
        due: rounds
          .filter((r) => r.planId === l.planId)
          .map((r) => {
            const update = byRoundAction.get(`${r.id}:${l.action.id}`) ?? null;
            const status = statusOf(update);
            return { round: r, period: parsePeriod(r.periodKey), status, overdue: isOverdue(r, status) };
          }),
      }));
      const agency = await findAgency(db, actor.agencyId);
      return { items, agencyName: agency?.name ?? null };
    },
  };
}

export type ProgressService = ReturnType<typeof createProgressService>;
