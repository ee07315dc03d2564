/**
 * The scorecard service (`services.plans.scorecards`): a plan's measures with their figures, computed live
 * from the evidence on every read (so an import shows at once), and the measures' changes. Everyone in the
 * partnership reads it; coordinators and analysts change the measures (policy.ts `abilityTo.editScorecard`);
 * every change is audited in its transaction and refused on an edit conflict (the measure's `version`).
 */
import type { Db, DbOrTx } from '../../../db/database.js';
import { EditConflictError, notFound, ValidationError, type FieldError } from '../../../lib/errors.js';
import { parsePeriod } from '../../../lib/periods.js';
import type { Actor, AuditService, Policy } from '../../access/index.js';
import {
  findComparatorGroup,
  findEvidenceAreas,
  findEvidenceIndicator,
  listEvidenceChoices,
  readEvidenceFigures,
  type EvidenceIndicator,
} from '../../evidence/index.js';
import { findPartnership } from '../../partnerships/index.js';
import { abilityTo, canEditScorecard, scorecardViewFor } from '../policy.js';
import type { PlanService } from '../plans/service.js';
import * as planRepo from '../plans/repository.js';
import type { Measure, Plan } from '../schema.js';
import { computeRows, summarise, targetTextOf } from './compute.js';
import type { MeasureInput } from './inputs.js';
import * as repo from './repository.js';
import type { Scorecard, ScorecardMeasure, ScorecardPolarity, Target, TargetDirection } from './types.js';

/** A measure adopted with a priority (from a strategic assessment's theme): what the theme's evidence says. */
export interface AdoptedMeasure {
  priorityId: number;
  indicatorKey: string;
  areaCode: string;
  benchmarkCode: string | null;
  baselinePeriod: string;
}

/** The default target of an adopted measure: the direction that is better by the indicator's polarity. */
export const directionFor = (polarity: ScorecardPolarity): TargetDirection =>
  polarity === 'lower-is-better' ? 'reduce' : polarity === 'higher-is-better' ? 'increase' : 'hold';

export interface ScorecardOptions {
  /** published (default): small numbers suppressed; analyst: every figure (only for coordinators and analysts). */
  view?: 'published' | 'analyst';
}

export const targetOf = (m: Pick<Measure, 'targetKind' | 'targetValue' | 'targetDirection' | 'targetPosition'>): Target =>
  m.targetKind === 'value'
    ? { kind: 'value', value: m.targetValue ?? 0 }
    : m.targetKind === 'direction'
      ? { kind: 'direction', direction: m.targetDirection ?? 'hold' }
      : { kind: 'position', position: m.targetPosition ?? 'better-than-benchmark' };

export function createScorecardService(
  db: Db,
  audit: AuditService,
  policy: Policy,
  plans: PlanService,
  settings: { smallNumberThreshold: number },
) {
  const threshold = settings.smallNumberThreshold;

  /** The scorecard of a plan already reached (or being published), in the given view. */
  async function build(plan: Plan, view: 'published' | 'analyst'): Promise<Scorecard> {
    const partnership = await findPartnership(db, plan.partnershipId);
    const stored = await repo.listMeasures(db, plan.id);
    const keys = [...new Set(stored.map((s) => s.measure.indicatorKey))];
    const groupIds = [...new Set(stored.flatMap((s) => (s.measure.comparatorGroupId ? [s.measure.comparatorGroupId] : [])))];
    const [indicators, groups] = await Promise.all([
      Promise.all(keys.map((k) => findEvidenceIndicator(db, k, threshold))),
      Promise.all(groupIds.map((id) => findComparatorGroup(db, id))),
    ]);
    const codes = new Set<string>();
    for (const { measure: m } of stored) {
      codes.add(m.areaCode);
      if (m.benchmarkCode) codes.add(m.benchmarkCode);
    }
    for (const g of groups) for (const member of g?.members ?? []) codes.add(member.code);
    const [areas, figures] = await Promise.all([
      findEvidenceAreas(db, [...codes]),
      readEvidenceFigures(db, { indicatorKeys: keys, areaCodes: [...codes], published: view === 'published', defaultThreshold: threshold }),
    ]);
    const areaName = (code: string) => areas.find((a) => a.code === code)?.name ?? code;

    const measures: ScorecardMeasure[] = stored.map(({ measure: m, priority }) => {
      const found = indicators[keys.indexOf(m.indicatorKey)] ?? null;
      const indicator: EvidenceIndicator = found ?? {
        key: m.indicatorKey,
        name: `${m.indicatorKey} (no longer in the evidence catalogue)`,
        unit: 'count',
        unitLabel: 'Count',
        multiplier: 1,
        polarity: 'no-judgement',
        periodType: 'financial-year',
        source: '',
        smallNumberThreshold: threshold,
      };
      const group = m.comparatorGroupId ? (groups[groupIds.indexOf(m.comparatorGroupId)] ?? null) : null;
      const benchmark = m.benchmarkCode ? { code: m.benchmarkCode, name: areaName(m.benchmarkCode) } : null;
      const input = {
        unit: indicator.unit,
        polarity: indicator.polarity,
        areaCode: m.areaCode,
        benchmark,
        group: group ? { name: group.name, members: group.members.map((x) => x.code) } : null,
        baselinePeriod: m.baselinePeriod,
        target: targetOf(m),
      };
      const rows = found
        ? computeRows(
            input,
            figures.filter((f) => f.indicatorKey === m.indicatorKey),
          )
        : [];
      return {
        id: m.id,
        version: m.version,
        position: m.position,
        priority: priority ?? null,
        indicator: {
          key: indicator.key,
          name: indicator.name,
          unit: indicator.unit,
          unitLabel: indicator.unitLabel,
          multiplier: indicator.multiplier,
          polarity: indicator.polarity,
          periodType: indicator.periodType,
          source: indicator.source,
        },
        area: { code: m.areaCode, name: areaName(m.areaCode) },
        benchmark,
        comparatorGroup: group ? { id: group.id, name: group.name, size: group.members.length } : null,
        baselinePeriod: m.baselinePeriod,
        target: input.target,
        targetText: targetTextOf(input),
        rows,
        latest: rows[rows.length - 1] ?? null,
      };
    });
    return {
      plan: { id: plan.id, title: plan.title, partnershipId: plan.partnershipId, partnershipName: partnership?.name ?? '' },
      view,
      generatedAt: new Date().toISOString(),
      summary: summarise(measures),
      measures,
    };
  }

  /** Checks what the form names exists and fits; a ValidationError naming each field otherwise. */
  async function check(plan: Plan, v: MeasureInput) {
    const errors: FieldError[] = [];
    const indicator = await findEvidenceIndicator(db, v.indicatorKey, threshold);
    if (!indicator) errors.push({ field: 'indicatorKey', message: 'Choose an indicator from the list' });
    const codes = [v.areaCode, ...(v.benchmarkCode ? [v.benchmarkCode] : [])];
    const areas = await findEvidenceAreas(db, codes);
    if (!areas.some((a) => a.code === v.areaCode)) errors.push({ field: 'areaCode', message: 'Choose an area from the list' });
    if (v.benchmarkCode && !areas.some((a) => a.code === v.benchmarkCode))
      errors.push({ field: 'benchmarkCode', message: 'Choose a benchmark area from the list' });
    if (v.benchmarkCode && v.benchmarkCode === v.areaCode)
      errors.push({ field: 'benchmarkCode', message: 'Choose a benchmark area other than the area itself' });
    if (v.comparatorGroupId && !(await findComparatorGroup(db, v.comparatorGroupId)))
      errors.push({ field: 'comparatorGroupId', message: 'Choose a comparator group from the list' });
    if (v.priorityId) {
      const priority = await planRepo.findPriority(db, v.priorityId);
      if (!priority || priority.planId !== plan.id) errors.push({ field: 'priorityId', message: 'Choose one of this plan’s priorities' });
    }
    if (indicator && parsePeriod(v.baselinePeriod).type !== indicator.periodType) {
      const example = { month: '2017-05', quarter: '2020/21-Q3', 'financial-year': '2016/17', 'calendar-year': '2017' }[
        indicator.periodType
      ];
      errors.push({
        field: 'baselinePeriod',
        message: `${indicator.name} is held by ${indicator.periodType.replace('-', ' ')}: enter a period like ${example}`,
      });
    }
    if (errors.length) throw new ValidationError(errors);
  }

  const valuesOf = (v: MeasureInput): repo.MeasureValues => ({
    priorityId: v.priorityId ?? null,
    indicatorKey: v.indicatorKey,
    areaCode: v.areaCode,
    benchmarkCode: v.benchmarkCode ?? null,
    comparatorGroupId: v.comparatorGroupId ?? null,
    baselinePeriod: v.baselinePeriod,
    targetKind: v.targetKind,
    targetValue: v.targetKind === 'value' ? (v.targetValue ?? null) : null,
    targetDirection: v.targetKind === 'direction' ? (v.targetDirection ?? null) : null,
    targetPosition: v.targetKind === 'position' ? (v.targetPosition ?? null) : null,
  });

  async function measureFor(actor: Actor, measureId: number) {
    const measure = await repo.findMeasure(db, measureId);
    if (!measure) throw await policy.refuseNotFound(actor, 'measure');
    const { plan, role } = await plans.planFor(actor, measure.planId, abilityTo.editScorecard);
    return { measure, plan, role };
  }

  return {
    /**
     * A plan's scorecard for a signed-in actor: 404 outside the partnership. Everyone gets the published view
     * (small numbers suppressed) unless a coordinator or analyst asks for `view: 'analyst'`.
     */
    async forPlan(actor: Actor, planId: number, options: ScorecardOptions = {}) {
      const { plan, role } = await plans.planFor(actor, planId);
      const scorecard = await build(plan, scorecardViewFor(role, options.view));
      return { ...scorecard, canEdit: canEditScorecard(role) };
    },

    /**
     * A plan's scorecard with no actor check, for a context that has already decided it may be shown (a
     * report being published, a public page of a partnership that publishes). Published view unless asked.
     * 404 when the plan does not exist.
     */
    async forPublication(planId: number, options: ScorecardOptions = {}): Promise<Scorecard> {
      const plan = await planRepo.findPlan(db, planId);
      if (!plan) throw notFound('Plan');
      return build(plan, options.view ?? 'published');
    },

    /** What the measure form offers: the plan, its priorities, the indicators, areas and comparator groups. */
    async measureFormFor(actor: Actor, planId: number) {
      const { plan } = await plans.planFor(actor, planId, abilityTo.editScorecard);
      const [priorities, choices] = await Promise.all([planRepo.listPriorities(db, planId), listEvidenceChoices(db, threshold)]);
      return { plan, priorities, ...choices };
    },

    /** The change-a-measure page: the measure with the form's choices. */
    async measureForEditing(actor: Actor, measureId: number) {
      const { measure, plan } = await measureFor(actor, measureId);
      const [priorities, choices] = await Promise.all([planRepo.listPriorities(db, plan.id), listEvidenceChoices(db, threshold)]);
      return { measure, plan, priorities, ...choices };
    },

    async createMeasure(actor: Actor, planId: number, v: MeasureInput) {
      const { plan } = await plans.planFor(actor, planId, abilityTo.editScorecard);
      await check(plan, v);
      return db.transaction(async (tx) => {
        const measure = await repo.insertMeasure(tx, planId, valuesOf(v));
        await audit.record(
          actor,
          { action: 'measure.create', entityType: 'measure', entityId: measure.id, partnershipId: plan.partnershipId, after: measure },
          tx,
        );
        return measure;
      });
    },

    async updateMeasure(actor: Actor, measureId: number, version: number, v: MeasureInput) {
      const { measure: before, plan } = await measureFor(actor, measureId);
      await check(plan, v);
      return db.transaction(async (tx) => {
        const after = await repo.updateMeasure(tx, measureId, version, valuesOf(v));
        if (!after) throw new EditConflictError('measure');
        await audit.record(
          actor,
          { action: 'measure.update', entityType: 'measure', entityId: measureId, partnershipId: plan.partnershipId, before, after },
          tx,
        );
        return after;
      });
    },

    /**
     * Adds the measures adopted with a plan's new priorities, inside the caller's transaction (the plan may be
     * new in it). Each target is the direction that is better by the indicator's polarity (reduce, increase;
     * hold when it has none). A measure whose indicator, area or baseline the evidence does not hold is left
     * out, and so is one the plan already has for the same priority, indicator and area; an unknown benchmark
     * is dropped. Every measure added is audited. Answers the measures added.
     */
    async addAdoptedMeasures(actor: Actor, partnershipId: number, planId: number, wanted: AdoptedMeasure[], tx: DbOrTx) {
      await policy.require(actor, partnershipId, abilityTo.editScorecard, 'plan');
      const existing = await repo.listMeasures(tx, planId);
      const have = new Set(existing.map(({ measure: m }) => `${m.priorityId}|${m.indicatorKey}|${m.areaCode}`));
      const areas = await findEvidenceAreas(db, [
        ...new Set(wanted.flatMap((w) => [w.areaCode, ...(w.benchmarkCode ? [w.benchmarkCode] : [])])),
      ]);
      const held = (code: string) => areas.some((a) => a.code === code);
      const added: Measure[] = [];
      for (const w of wanted) {
        const key = `${w.priorityId}|${w.indicatorKey}|${w.areaCode}`;
        if (have.has(key) || !held(w.areaCode)) continue;
        const indicator = await findEvidenceIndicator(db, w.indicatorKey, threshold);
        if (!indicator) continue;
        let baseline: string;
        try {
          const period = parsePeriod(w.baselinePeriod);
          if (period.type !== indicator.periodType) continue;
          baseline = period.key;
        } catch {
          continue;
        }
        const benchmarkCode = w.benchmarkCode && w.benchmarkCode !== w.areaCode && held(w.benchmarkCode) ? w.benchmarkCode : null;
        const measure = await repo.insertMeasure(tx, planId, {
          priorityId: w.priorityId,
          indicatorKey: w.indicatorKey,
          areaCode: w.areaCode,
          benchmarkCode,
          comparatorGroupId: null,
          baselinePeriod: baseline,
          targetKind: 'direction',
          targetValue: null,
          targetDirection: directionFor(indicator.polarity),
          targetPosition: null,
        });
        await audit.record(
          actor,
          { action: 'measure.create', entityType: 'measure', entityId: measure.id, partnershipId, after: measure },
          tx,
        );
        have.add(key);
        added.push(measure);
      }
      return added;
    },

    async removeMeasure(actor: Actor, measureId: number, version: number) {
      const { plan } = await measureFor(actor, measureId);
      return db.transaction(async (tx) => {
        const before = await repo.deleteMeasure(tx, measureId, version);
        if (!before) throw new EditConflictError('measure');
        await audit.record(
          actor,
          { action: 'measure.delete', entityType: 'measure', entityId: measureId, partnershipId: plan.partnershipId, before },
          tx,
        );
        return { planId: plan.id };
      });
    },
  };
}

export type ScorecardService = ReturnType<typeof createScorecardService>;
export type PlanScorecard = Awaited<ReturnType<ScorecardService['forPlan']>>;
