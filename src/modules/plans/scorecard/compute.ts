/**
 * A measure's rows from its figures, pure: every period the area has a figure for, oldest first, with the
 * change since the baseline and since the previous period held, the benchmark, the rank in the comparator
 * group and the RAG (statistics.ts). The service reads the figures; this file only computes.
 */
import { parsePeriod } from '../../../lib/periods.js';
import { benchmarkOf, changeBetween, describeTarget, rankOf, ragFor, type Point } from './statistics.js';
import type { Interval, ScorecardMeasure, ScorecardPolarity, ScorecardRow, ScorecardUnit, Target } from './types.js';

/** One period's figure of one area, as the evidence module reads it. */
export interface MeasureFigure {
  areaCode: string;
  areaName: string;
  period: string;
  numerator: number;
  denominator: number | null;
  value: number | null;
  ci95: Interval | null;
  suppressed: string | null;
}

export interface MeasureInput {
  unit: ScorecardUnit;
  polarity: ScorecardPolarity;
  areaCode: string;
  benchmark: { code: string; name: string } | null;
  group: { name: string; members: string[] } | null;
  baselinePeriod: string;
  target: Target;
}

const startOf = (key: string) => {
  try {
    return parsePeriod(key).start;
  } catch {
    return key;
  }
};
const labelOf = (key: string) => {
  try {
    return parsePeriod(key).label;
  } catch {
    return key;
  }
};

const pointOf = (f: MeasureFigure): Point | null =>
  f.value === null || f.suppressed ? null : { period: f.period, numerator: f.numerator, denominator: f.denominator, value: f.value };

/** The target in words for this measure. */
export const targetTextOf = (m: MeasureInput) =>
  describeTarget(m.target, {
    unit: m.unit,
    polarity: m.polarity,
    baselinePeriod: m.baselinePeriod,
    benchmarkName: m.benchmark?.name ?? null,
    groupName: m.group?.name ?? null,
  });

/**
 * The rows of a measure from the figures of its indicator (any areas: the area's own, the benchmark's and
 * the comparator group's are picked out here).
 */
export function computeRows(m: MeasureInput, figures: MeasureFigure[]): ScorecardRow[] {
  const own = figures.filter((f) => f.areaCode === m.areaCode).sort((a, b) => startOf(a.period).localeCompare(startOf(b.period)));
  const baseline = own.find((f) => f.period === m.baselinePeriod) ?? null;
  const baselinePoint = baseline ? pointOf(baseline) : null;
  const members = new Set(m.group?.members ?? []);

  return own.map((f, i) => {
    const point = pointOf(f);
    const previous = i > 0 ? pointOf(own[i - 1]!) : null;
    const isBaseline = f.period === m.baselinePeriod;
    const after = startOf(f.period) > startOf(m.baselinePeriod);
    const sinceBaseline = point && baselinePoint && after ? changeBetween(m.unit, m.polarity, baselinePoint, point) : null;
    const sincePrevious = point && previous ? changeBetween(m.unit, m.polarity, previous, point) : null;

    let benchmark: ScorecardRow['benchmark'] = null;
    if (m.benchmark) {
      const b = figures.find((x) => x.areaCode === m.benchmark!.code && x.period === f.period);
      const bValue = b && !b.suppressed ? b.value : null;
      benchmark = benchmarkOf(m.unit, m.polarity, point ? f.ci95 : null, {
        areaCode: m.benchmark.code,
        areaName: m.benchmark.name,
        value: bValue,
      });
    }

    let rank: ScorecardRow['rank'] = null;
    if (m.group && point) {
      const values = figures
        .filter((x) => x.period === f.period && members.has(x.areaCode) && !x.suppressed && x.value !== null)
        .map((x) => x.value!);
      if (members.has(m.areaCode)) rank = rankOf(point.value, values, m.polarity);
      else rank = rankOf(point.value, [...values, point.value], m.polarity);
    }

    const value = point ? point.value : null;
    const ci95 = point ? f.ci95 : null;
    return {
      period: f.period,
      periodLabel: labelOf(f.period),
      numerator: f.suppressed ? null : f.numerator,
      denominator: f.suppressed ? null : f.denominator,
      value,
      ci95,
      suppressed: Boolean(f.suppressed),
      isBaseline,
      sinceBaseline,
      sincePrevious,
      travel: sincePrevious?.travel ?? 'cannot-be-calculated',
      benchmark,
      rank,
      rag: ragFor(m.target, {
        unit: m.unit,
        polarity: m.polarity,
        baselinePeriod: m.baselinePeriod,
        baselineValue: baselinePoint?.value ?? null,
        value,
        ci95,
        suppressed: Boolean(f.suppressed),
        isBaseline,
        sinceBaseline,
        benchmark,
        rank,
        hasGroup: m.group !== null,
      }),
    };
  });
}

/** RAG counts of the measures' latest rows. */
export function summarise(measures: Pick<ScorecardMeasure, 'latest'>[]) {
  const summary = { green: 0, amber: 0, red: 0, 'not-rated': 0 };
  for (const m of measures) summary[m.latest?.rag.status ?? 'not-rated']++;
  return summary;
}
