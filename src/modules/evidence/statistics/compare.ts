/** Comparing an area with a benchmark, year-on-year change and ranking within a comparator group. */
import type { Limits } from './intervals.js';

export type Polarity = 'higher-is-better' | 'lower-is-better' | 'no-judgement';
export type Comparison = 'higher' | 'similar' | 'lower';
export type Judgement = 'better' | 'similar' | 'worse' | 'not-judged';

/**
 * Fingertips' rule: the area is similar when the benchmark's value lies inside the area's interval
 * (limits included), otherwise higher or lower.
 */
export function compareWithBenchmark(limits: Limits, benchmarkValue: number): Comparison {
  if (benchmarkValue < limits.lower) return 'higher';
  if (benchmarkValue > limits.upper) return 'lower';
  return 'similar';
}

/** Better or worse follows the indicator's polarity; indicators with no judgement say only higher/lower. */
export function judge(comparison: Comparison, polarity: Polarity): Judgement {
  if (comparison === 'similar') return 'similar';
  if (polarity === 'no-judgement') return 'not-judged';
  const higherIsBetter = polarity === 'higher-is-better';
  return (comparison === 'higher') === higherIsBetter ? 'better' : 'worse';
}

/** The words a page shows, e.g. "Higher (worse)", "Similar", "Lower". */
export function describeComparison(comparison: Comparison, polarity: Polarity): string {
  const j = judge(comparison, polarity);
  const word = comparison[0]!.toUpperCase() + comparison.slice(1);
  return j === 'better' || j === 'worse' ? `${word} (${j})` : word;
}

/** Year-on-year change as a fraction: (this − last) / last; null when last year had nothing to compare. */
export function yearOnYearChange(current: number, previous: number): number | null {
  if (!(previous > 0) || !Number.isFinite(current)) return null;
  return (current - previous) / previous;
}

/** The change written as seed 004 prints it: one decimal place and a % sign ("10.7%", "-25.9%"). */
export function formatChange(change: number | null): string {
  if (change === null) return 'Not available';
  const rounded = Math.round(change * 1000) / 10;
  return `${(Object.is(rounded, -0) ? 0 : rounded).toFixed(1)}%`;
}

export interface Ranked<T> {
  item: T;
  /** 1 is the highest value; ties share a rank (competition ranking: 1, 2, 2, 4). */
  rank: number;
  of: number;
}

/** Ranks a comparator group by value, highest first. Items without a value are left out. */
export function rankWithinGroup<T>(items: T[], value: (item: T) => number | null): Ranked<T>[] {
  const withValues = items.filter((i) => value(i) !== null && Number.isFinite(value(i)));
  const sorted = [...withValues].sort((a, b) => value(b)! - value(a)!);
  return sorted.map((item) => ({ item, rank: sorted.findIndex((x) => value(x) === value(item)) + 1, of: sorted.length }));
}
