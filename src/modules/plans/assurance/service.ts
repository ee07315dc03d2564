import type { Db } from '../../../db/database.js';
import { AppError, EditConflictError, ValidationError, type FieldError } from '../../../lib/errors.js';
import { parsePeriod } from '../../../lib/periods.js';
import type { Actor, AuditService, Policy } from '../../access/index.js';
import { findPartnership } from '../../partnerships/index.js';
import { periodEnd, planPeriods } from '../periods.js';
import type { PlanService } from '../plans/service.js';
import { abilityTo, startingDimensions } from '../policy.js';
import { assuranceRatings, type AssuranceRating } from '../schema.js';
import type { AssessmentInput, DimensionInput } from './inputs.js';
import * as assuranceRepo from './repository.js';
import { isUniqueViolation } from '../../../db/errors.js';

const isRating = (value: string | undefined): value is AssuranceRating => assuranceRatings.includes(value as AssuranceRating);
const unrated = { rating: undefined, narrative: null, version: 0 };

/** The assurance assessment: each priority rated on the partnership's dimensions, period by period. */
export function createAssuranceService(db: Db, audit: AuditService, policy: Policy, plans: PlanService) {
  /** The partnership's dimensions; a partnership that has none starts with policy.ts's `startingDimensions`. */
  async function dimensionsOf(partnershipId: number) {
    const existing = await assuranceRepo.listDimensions(db, partnershipId);
    if (existing.length) return existing;
    const partnership = await findPartnership(db, partnershipId);
    await db.transaction(async (tx) => {
      if ((await assuranceRepo.listDimensions(tx, partnershipId)).length) return;
      for (const name of startingDimensions(partnership?.kind ?? '')) await assuranceRepo.insertDimension(tx, partnershipId, name);
    });
    return assuranceRepo.listDimensions(db, partnershipId);
  }

  return {
    dimensionsOf,

    /** A priority's ratings as a grid: one row per dimension, one column per period. */
    async getGrid(actor: Actor, priorityId: number) {
      const { priority, plan, role } = await plans.priorityFor(actor, priorityId);
      const dimensions = await dimensionsOf(plan.partnershipId);
      const ratings = await assuranceRepo.listRatings(db, [priorityId]);
      const periods = [...new Set(ratings.map((r) => r.periodKey))]
        .sort((a, b) => periodEnd(a).localeCompare(periodEnd(b)))
        .map(parsePeriod);
      const grid = dimensions.map((d) => ({
        dimension: d,
        cells: periods.map((p) => ratings.find((r) => r.dimensionId === d.id && r.periodKey === p.key) ?? null),
      }));
      return { priority, plan, role, dimensions, periods, grid };
    },

    /**
     * The plan-wide grid of seed 001: every priority (rows) on every dimension (columns) for one period, by
     * default the latest period with any rating; `periods` are the periods that have ratings.
     */
    async getPlanGrid(actor: Actor, planId: number, periodKey?: string) {
      const { plan, role } = await plans.planFor(actor, planId);
      const [dimensions, { priorities }] = await Promise.all([dimensionsOf(plan.partnershipId), plans.planContents(plan)]);
      const ratings = await assuranceRepo.listRatings(
        db,
        priorities.map((p) => p.id),
      );
      const periods = [...new Set(ratings.map((r) => r.periodKey))]
        .sort((a, b) => periodEnd(a).localeCompare(periodEnd(b)))
        .map(parsePeriod);
      const period = periods.find((p) => p.key === periodKey) ?? periods[periods.length - 1] ?? null;
      if (periodKey && period?.key !== periodKey) throw new AppError('not_found', 'No priority of this plan is rated for that period');
      const rows = priorities.map((p) => ({
        priority: { id: p.id, number: p.number, title: p.title },
        cells: dimensions.map(
          (d) => ratings.find((r) => r.priorityId === p.id && r.dimensionId === d.id && r.periodKey === period?.key) ?? null,
        ),
      }));
      return { plan, role, dimensions, periods, period, rows };
    },

    /** The form's current values for one period. */
    async getAssessment(actor: Actor, priorityId: number, periodKey: string) {
      const { priority, plan } = await plans.priorityFor(actor, priorityId, abilityTo.editAssurance);
      const period = planPeriods(plan).find((p) => p.key === periodKey);
      if (!period) throw new AppError('not_found', 'That period is not part of the plan');
      const dimensions = await dimensionsOf(plan.partnershipId);
      const ratings = (await assuranceRepo.listRatings(db, [priorityId])).filter((r) => r.periodKey === periodKey);
      return {
        priority,
        plan,
        period,
        periods: planPeriods(plan),
        items: dimensions.map((d) => ({ dimension: d, rating: ratings.find((r) => r.dimensionId === d.id) ?? null })),
      };
    },

    /**
     * Saves the ratings for one period. Each dimension's form fields are rating-<id>, narrative-<id> and
     * version-<id>; a dimension left unrated is skipped. A rating changed by someone else is a conflict.
     */
    async saveAssessment(actor: Actor, priorityId: number, { periodKey, entries }: AssessmentInput) {
      const { priority, plan } = await plans.priorityFor(actor, priorityId, abilityTo.editAssurance);
      if (!planPeriods(plan).some((p) => p.key === periodKey))
        throw new ValidationError([{ field: 'periodKey', message: 'Select a reporting period within the plan' }]);
      const dimensions = await dimensionsOf(plan.partnershipId);
      const errors: FieldError[] = [];
      const changes: { dimensionId: number; rating: AssuranceRating; narrative: string | null; version: number }[] = [];
      for (const d of dimensions) {
        const { rating, narrative, version } = entries.get(d.id) ?? unrated;
        if (rating === undefined) {
          if (narrative) errors.push({ field: `rating-${d.id}`, message: `Select a rating for ${d.name.toLowerCase()}` });
          continue;
        }
        if (!isRating(rating)) {
          errors.push({ field: `rating-${d.id}`, message: `Select a rating for ${d.name.toLowerCase()}` });
          continue;
        }
        if (narrative && narrative.length > 4000)
          errors.push({ field: `narrative-${d.id}`, message: 'The narrative must be 4,000 characters or fewer' });
        changes.push({ dimensionId: d.id, rating, narrative, version });
      }
      if (errors.length) throw new ValidationError(errors);
      await db.transaction(async (tx) => {
        for (const c of changes) {
          const key = { priorityId, dimensionId: c.dimensionId, periodKey };
          const before = await assuranceRepo.findRating(tx, priorityId, c.dimensionId, periodKey);
          if (before && before.version === c.version && before.rating === c.rating && before.narrative === c.narrative) continue;
          const after = await assuranceRepo.saveRating(tx, key, c.version, {
            rating: c.rating,
            narrative: c.narrative,
            updatedBy: actor.userId,
          });
          if (!after) throw new EditConflictError('assessment');
          await audit.record(
            actor,
            {
              action: 'assurance.rate',
              entityType: 'assurance-rating',
              entityId: after.id,
              partnershipId: plan.partnershipId,
              before: before ?? null,
              after,
            },
            tx,
          );
        }
      });
      return priority;
    },

    async listDimensions(actor: Actor, partnershipId: number) {
      const partnership = await findPartnership(db, partnershipId);
      if (!partnership) throw await policy.refuseNotFound(actor, 'partnership');
      const role = await policy.require(actor, partnershipId, abilityTo.read);
      return { partnership, role, dimensions: await dimensionsOf(partnershipId) };
    },

    async addDimension(actor: Actor, partnershipId: number, { name }: DimensionInput) {
      await policy.require(actor, partnershipId, abilityTo.editAssurance);
      await dimensionsOf(partnershipId);
      try {
        return await db.transaction(async (tx) => {
          const row = await assuranceRepo.insertDimension(tx, partnershipId, name);
          await audit.record(
            actor,
            { action: 'dimension.create', entityType: 'assurance-dimension', entityId: row.id, partnershipId, after: row },
            tx,
          );
          return row;
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ValidationError([{ field: 'name', message: `There is already a dimension called ${name}` }]);
        throw error;
      }
    },

    async removeDimension(actor: Actor, partnershipId: number, id: number) {
      await policy.require(actor, partnershipId, abilityTo.editAssurance);
      await db.transaction(async (tx) => {
        const before = await assuranceRepo.deleteDimension(tx, partnershipId, id);
        if (!before) throw new AppError('not_found', 'Dimension not found');
        await audit.record(
          actor,
          { action: 'dimension.delete', entityType: 'assurance-dimension', entityId: id, partnershipId, before },
          tx,
        );
      });
    },
  };
}

export type AssuranceService = ReturnType<typeof createAssuranceService>;
