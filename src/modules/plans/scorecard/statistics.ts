/**
 * The scorecard's statistics and its RAG rules, pure (statistics.test.ts checks them on known figures):
 *
 * - the significance of a change between two periods: for rates and counts the test of the ratio of two
 *   Poisson rates conditional on their total (exact binomial up to 10,000 events, its score approximation
 *   above); for proportions the pooled two-proportion z test. Both two-sided at 95%. docs/plans.md names the
 *   methods and their references;
 * - the direction of travel by the indicator's polarity;
 * - the comparison with a benchmark (Fingertips' rule on the 95% interval) and the rank in a comparator group;
 * - the RAG against a target, with the rule that gave it in words.
 */
import { chiSquareCdf, compareWithBenchmark, judge, logGamma } from '../../evidence/index.js';
import type {
  Interval,
  ScorecardBenchmark,
  ScorecardChange,
  ScorecardPolarity,
  ScorecardRag,
  ScorecardRank,
  ScorecardUnit,
  Target,
  TargetDirection,
  TargetPosition,
  Travel,
} from './types.js';

/** The two-sided significance level of every test here. */
export const ALPHA = 0.05;
/** Up to this many events in the two periods together the rate test is exact (about a millisecond); above it, its score approximation. */
export const EXACT_UP_TO = 10_000;

export interface TestResult {
  /** The score statistic (positive: an increase); null when nothing can be tested. */
  z: number | null;
  pValue: number | null;
}

const untestable: TestResult = { z: null, pValue: null };

/** Two-sided p-value of a standard normal statistic: P(χ²₁ > z²). */
export const twoSidedP = (z: number) => Math.min(1, Math.max(0, 1 - chiSquareCdf(z * z, 1)));

/**
 * Two Poisson rates, count1 over exposure1 (earlier) and count2 over exposure2 (later): conditional on the
 * total n = count1 + count2, count2 is binomial(n, p0) with p0 = exposure2 / (exposure1 + exposure2) when
 * the rates are equal. z is the score statistic (count2 − n·p0) / √(n·p0·(1 − p0)); the p-value is the exact
 * two-sided binomial one (the outcomes no more likely than the one observed) when n ≤ 10,000, else the
 * normal one. Counts without a denominator are compared over equal exposures.
 */
export function testTwoRates(count1: number, exposure1: number, count2: number, exposure2: number): TestResult {
  if (![count1, count2].every((c) => Number.isFinite(c) && c >= 0) || !(exposure1 > 0) || !(exposure2 > 0)) return untestable;
  const n = count1 + count2;
  if (n === 0) return untestable;
  const p0 = exposure2 / (exposure1 + exposure2);
  const z = (count2 - n * p0) / Math.sqrt(n * p0 * (1 - p0));
  if (n > EXACT_UP_TO || !Number.isInteger(count1) || !Number.isInteger(count2)) return { z, pValue: twoSidedP(z) };
  return { z, pValue: exactBinomialTwoSided(count2, n, p0) };
}

/** P(X with probability no greater than P(X = k)), X binomial(n, p): the two-sided exact p-value. */
export function exactBinomialTwoSided(k: number, n: number, p: number): number {
  const logPmf = (i: number) => logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log(1 - p);
  const observed = logPmf(k);
  let total = 0;
  for (let i = 0; i <= n; i++) {
    const l = logPmf(i);
    // The relative tolerance of R's binom.test, so outcomes as likely as the observed one count.
    if (l <= observed + 1e-7 * Math.abs(observed) + 1e-12) total += Math.exp(l);
  }
  return Math.min(1, total);
}

/**
 * Two proportions, x1 of n1 (earlier) and x2 of n2 (later): the z test with the pooled proportion,
 * z = (p2 − p1) / √(p̄(1 − p̄)(1/n1 + 1/n2)). When both are 0% or both 100% there is no difference (z = 0).
 */
export function testTwoProportions(x1: number, n1: number, x2: number, n2: number): TestResult {
  if (!(n1 > 0) || !(n2 > 0) || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) return untestable;
  const pooled = (x1 + x2) / (n1 + n2);
  if (pooled === 0 || pooled === 1) return { z: 0, pValue: 1 };
  const z = (x2 / n2 - x1 / n1) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { z, pValue: twoSidedP(z) };
}

/** Improving or worsening by the polarity; increasing or decreasing when the indicator has none. */
export function travelOf(test: TestResult, polarity: ScorecardPolarity): Travel {
  if (test.z === null || test.pValue === null) return 'cannot-be-calculated';
  if (!(test.pValue < ALPHA) || test.z === 0) return 'no-significant-change';
  const up = test.z > 0;
  if (polarity === 'no-judgement') return up ? 'increasing' : 'decreasing';
  return up === (polarity === 'higher-is-better') ? 'improving' : 'worsening';
}

/** One period's figure as the change test reads it. */
export interface Point {
  period: string;
  numerator: number;
  denominator: number | null;
  value: number;
}

/** The change from one period to a later one, tested by the indicator's unit. */
export function changeBetween(unit: ScorecardUnit, polarity: ScorecardPolarity, from: Point, to: Point): ScorecardChange {
  const method = unit === 'proportion' ? 'two-proportions' : 'poisson-rate-ratio';
  const test =
    unit === 'proportion'
      ? testTwoProportions(from.numerator, from.denominator ?? 0, to.numerator, to.denominator ?? 0)
      : unit === 'count'
        ? testTwoRates(from.numerator, 1, to.numerator, 1)
        : testTwoRates(from.numerator, from.denominator ?? 0, to.numerator, to.denominator ?? 0);
  return {
    fromPeriod: from.period,
    fromValue: from.value,
    toValue: to.value,
    difference: to.value - from.value,
    relative: from.value !== 0 ? (to.value - from.value) / from.value : null,
    method,
    z: test.z,
    pValue: test.pValue,
    significant: test.pValue !== null && test.pValue < ALPHA && test.z !== 0,
    travel: travelOf(test, polarity),
  };
}

// The benchmark and the comparator group ---------------------------------------------------------------------

/**
 * The area against its benchmark in one period: higher or lower when the benchmark's value lies outside the
 * area's 95% interval, else similar; better or worse by the polarity. Counts are not compared (an area's
 * count and England's are different sizes).
 */
export function benchmarkOf(
  unit: ScorecardUnit,
  polarity: ScorecardPolarity,
  ci95: Interval | null,
  benchmark: { areaCode: string; areaName: string; value: number | null },
): ScorecardBenchmark {
  const base = { areaCode: benchmark.areaCode, areaName: benchmark.areaName, value: benchmark.value };
  if (unit === 'count') return { ...base, comparison: null, judgement: null, label: 'Not compared (a count)' };
  if (benchmark.value === null) return { ...base, comparison: null, judgement: null, label: `No figure for ${benchmark.areaName}` };
  if (!ci95) return { ...base, comparison: null, judgement: null, label: 'Not compared' };
  const comparison = compareWithBenchmark(ci95, benchmark.value);
  const judgement = judge(comparison, polarity);
  const label =
    comparison === 'similar'
      ? 'Similar'
      : `Significantly ${comparison}${judgement === 'better' || judgement === 'worse' ? ` (${judgement})` : ''}`;
  return { ...base, comparison, judgement, label };
}

const ordinal = (n: number) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
};

/**
 * The area's place among the comparator group's values in one period (the area's own value among them).
 * Ties share a place. Null when the area has no value or is not in the group's figures.
 */
export function rankOf(value: number | null, groupValues: number[], polarity: ScorecardPolarity): ScorecardRank | null {
  if (value === null || !groupValues.includes(value)) return null;
  const of = groupValues.length;
  const rank = 1 + groupValues.filter((v) => v > value).length;
  const fromLowest = 1 + groupValues.filter((v) => v < value).length;
  const bestRank = polarity === 'lower-is-better' ? fromLowest : polarity === 'higher-is-better' ? rank : null;
  const label = rank === 1 ? `Highest of ${of}` : fromLowest === 1 ? `Lowest of ${of}` : `${ordinal(rank)} highest of ${of}`;
  return { rank, of, bestRank, inBestHalf: bestRank === null ? null : bestRank <= of / 2, label };
}

// Targets and the RAG ----------------------------------------------------------------------------------------

/** Rounding for the rule's words: counts whole, everything else to one decimal place. */
export function formatFigure(value: number, unit: ScorecardUnit): string {
  if (unit === 'count' && Number.isInteger(value)) return value.toLocaleString('en-GB');
  return value.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

const directionWords: Record<TargetDirection, string> = {
  reduce: 'Reduce',
  increase: 'Increase',
  hold: 'Hold',
};

/** The target in words, for pages, the CSV and documents. */
export function describeTarget(
  target: Target,
  context: {
    unit: ScorecardUnit;
    polarity: ScorecardPolarity;
    baselinePeriod: string;
    benchmarkName: string | null;
    groupName: string | null;
  },
): string {
  switch (target.kind) {
    case 'value': {
      const v = formatFigure(target.value, context.unit);
      if (context.polarity === 'lower-is-better') return `Reach ${v} or lower`;
      if (context.polarity === 'higher-is-better') return `Reach ${v} or higher`;
      return `Reach ${v}`;
    }
    case 'direction':
      return target.direction === 'hold'
        ? `Hold at the ${context.baselinePeriod} level or better`
        : `${directionWords[target.direction]} from ${context.baselinePeriod} (a significant change)`;
    case 'position':
      return positionText(target.position, context.benchmarkName, context.groupName);
  }
}

const positionText = (position: TargetPosition, benchmarkName: string | null, groupName: string | null) =>
  position === 'better-than-benchmark'
    ? `Significantly better than ${benchmarkName ?? 'the benchmark'}`
    : `In the best half of ${groupName ?? 'the comparator group'}`;

/** What the RAG rule reads about one period. */
export interface RagInput {
  unit: ScorecardUnit;
  polarity: ScorecardPolarity;
  baselinePeriod: string;
  /** The baseline's value, when held (a value target with no polarity reads its side from it). */
  baselineValue: number | null;
  value: number | null;
  ci95: Interval | null;
  suppressed: boolean;
  isBaseline: boolean;
  sinceBaseline: ScorecardChange | null;
  /** null when the measure has no benchmark area. */
  benchmark: ScorecardBenchmark | null;
  /** null when the measure has no comparator group (hasGroup false) or no place this period. */
  rank: ScorecardRank | null;
  hasGroup: boolean;
}

const notRated = (rule: string): ScorecardRag => ({ status: 'not-rated', rule: `Not rated: ${rule}` });
const rag = (status: 'green' | 'amber' | 'red', rule: string): ScorecardRag => ({
  status,
  rule: `${status[0]!.toUpperCase()}${status.slice(1)}: ${rule}`,
});

/** The RAG of one period against the measure's target, with the rule that gave it. */
export function ragFor(target: Target, r: RagInput): ScorecardRag {
  if (r.suppressed) return notRated('the figure is suppressed (a small number)');
  if (r.value === null) return notRated('no figure for this period');
  const fmt = (v: number) => formatFigure(v, r.unit);
  const interval = r.ci95 ? ` (95% interval ${fmt(r.ci95.lower)} to ${fmt(r.ci95.upper)})` : '';

  switch (target.kind) {
    case 'value': {
      const wantLower =
        r.polarity === 'lower-is-better'
          ? true
          : r.polarity === 'higher-is-better'
            ? false
            : r.baselineValue !== null && r.baselineValue !== target.value
              ? r.baselineValue > target.value
              : null;
      const t = fmt(target.value);
      if (wantLower === null) {
        if (r.value === target.value) return rag('green', `${fmt(r.value)} is at the target of ${t}`);
        return notRated(`the indicator has no better direction and the baseline does not say which side of ${t} to reach`);
      }
      const reached = wantLower ? r.value <= target.value : r.value >= target.value;
      if (reached) return rag('green', `${fmt(r.value)} has reached the target of ${t} or ${wantLower ? 'lower' : 'higher'}`);
      if (r.ci95 && r.ci95.lower <= target.value && target.value <= r.ci95.upper)
        return rag('amber', `${fmt(r.value)} has not reached the target of ${t} but is not significantly different from it${interval}`);
      return rag('red', `${fmt(r.value)} is significantly short of the target of ${t}${interval}`);
    }

    case 'direction': {
      if (r.isBaseline) return notRated(`${r.baselinePeriod} is the baseline the change is measured from`);
      const c = r.sinceBaseline;
      if (!c) return notRated(`no figure for the baseline period ${r.baselinePeriod}`);
      if (c.z === null || c.pValue === null) return notRated(`the change since ${r.baselinePeriod} cannot be tested`);
      const p = `p ${c.pValue < 0.001 ? '< 0.001' : `= ${c.pValue.toFixed(3)}`}`;
      const moved = c.significant ? (c.z > 0 ? 'higher' : 'lower') : null;
      const since = `since ${r.baselinePeriod}`;
      if (target.direction === 'hold') {
        if (!moved) return rag('green', `no significant change ${since} (${p})`);
        if (c.travel === 'improving') return rag('green', `significantly ${moved} ${since}, which is better (${p})`);
        if (c.travel === 'worsening') return rag('red', `significantly ${moved} ${since}, which is worse (${p})`);
        return rag('amber', `significantly ${moved} ${since} (${p})`);
      }
      const wanted = target.direction === 'reduce' ? 'lower' : 'higher';
      if (!moved) return rag('amber', `no significant change ${since} (${p})`);
      if (moved === wanted) return rag('green', `significantly ${moved} ${since} (${p})`);
      return rag('red', `significantly ${moved} ${since}, against the target to ${target.direction} (${p})`);
    }

    case 'position': {
      if (r.polarity === 'no-judgement') return notRated('the indicator has no better or worse direction');
      if (target.position === 'better-than-benchmark') {
        const b = r.benchmark;
        if (!b) return notRated('no benchmark area is set');
        if (!b.comparison || !b.judgement) return notRated(b.label.toLowerCase());
        const against = `${b.areaName} (${fmt(b.value!)})`;
        if (b.judgement === 'better') return rag('green', `significantly better than ${against}${interval}`);
        if (b.judgement === 'worse') return rag('red', `significantly worse than ${against}${interval}`);
        return rag('amber', `not significantly different from ${against}${interval}`);
      }
      if (!r.hasGroup) return notRated('no comparator group is set');
      const k = r.rank;
      if (!k || k.bestRank === null) return notRated('no place in the comparator group this period');
      const place = `${ordinal(k.bestRank)} best of ${k.of}`;
      if (k.inBestHalf) return rag('green', `${place}, in the best half`);
      if (k.bestRank <= Math.ceil((3 * k.of) / 4)) return rag('amber', `${place}, outside the best half but not in the worst quarter`);
      return rag('red', `${place}, in the worst quarter`);
    }
  }
}
