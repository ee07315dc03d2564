/**
 * The scorecard as plain data: what `scorecards.forPlan` (and `scorecards.forPublication`) answer, what the
 * page, the CSV, the JSON API and the reports module read. This shape is the scorecard's public contract:
 * add fields, never rename or remove them.
 *
 * Numbers are full precision (pages and documents round); periods are keys as written by src/lib/periods.ts
 * (`2016/17`, `2017`, `2020/21-Q3`). Rows run oldest first.
 */

export type ScorecardPolarity = 'higher-is-better' | 'lower-is-better' | 'no-judgement';
export type ScorecardUnit = 'count' | 'rate' | 'proportion';

export const targetDirections = ['reduce', 'increase', 'hold'] as const;
export type TargetDirection = (typeof targetDirections)[number];

export const targetPositions = ['better-than-benchmark', 'best-half'] as const;
/** better-than-benchmark: significantly better than the benchmark; best-half: in the best half of the comparator group. */
export type TargetPosition = (typeof targetPositions)[number];

export const targetKinds = ['value', 'direction', 'position'] as const;
export type TargetKind = (typeof targetKinds)[number];

/** A measure's target: a value to reach, a direction of travel since the baseline, or a position. */
export type Target =
  { kind: 'value'; value: number } | { kind: 'direction'; direction: TargetDirection } | { kind: 'position'; position: TargetPosition };

export interface Interval {
  lower: number;
  upper: number;
}

/** How a change was tested: the score test of the ratio of two Poisson rates, or the pooled test of two proportions. */
export type ChangeMethod = 'poisson-rate-ratio' | 'two-proportions';

/** Direction of travel, by the indicator's polarity (increasing/decreasing when it has none). */
export type Travel = 'improving' | 'worsening' | 'no-significant-change' | 'increasing' | 'decreasing' | 'cannot-be-calculated';

/** A change between two periods of the same measure, with the test of whether it is significant at 95%. */
export interface ScorecardChange {
  /** The earlier period compared with. */
  fromPeriod: string;
  fromValue: number;
  toValue: number;
  /** toValue − fromValue, in the indicator's unit. */
  difference: number;
  /** (to − from) / from as a fraction (0.107 = 10.7%); null when from is 0. */
  relative: number | null;
  method: ChangeMethod;
  /** The test's z statistic (positive: an increase); null when it cannot be tested. */
  z: number | null;
  /** Two-sided p-value; null when it cannot be tested. */
  pValue: number | null;
  /** p < 0.05. */
  significant: boolean;
  travel: Travel;
}

export type BenchmarkComparison = 'higher' | 'similar' | 'lower';
export type BenchmarkJudgement = 'better' | 'similar' | 'worse' | 'not-judged';

export interface ScorecardBenchmark {
  areaCode: string;
  areaName: string;
  /** The benchmark's value in that period; null when it has none. */
  value: number | null;
  /** By the 95% interval of the area's value (Fingertips' rule); null when not compared (counts, no benchmark value). */
  comparison: BenchmarkComparison | null;
  judgement: BenchmarkJudgement | null;
  /** e.g. "Significantly higher (worse)", "Similar", "Not compared". */
  label: string;
}

export interface ScorecardRank {
  /** 1 is the highest value in the comparator group (ties share a rank). */
  rank: number;
  of: number;
  /** 1 is the best by the indicator's polarity; null when the indicator has no polarity. */
  bestRank: number | null;
  /** In the best half of the group (bestRank ≤ of / 2); null when the indicator has no polarity. */
  inBestHalf: boolean | null;
  /** e.g. "Highest of 15", "3rd highest of 15". */
  label: string;
}

export type RagStatus = 'green' | 'amber' | 'red' | 'not-rated';

/** The RAG against the target, with the rule that gave it in words. */
export interface ScorecardRag {
  status: RagStatus;
  /** e.g. "Red: significantly higher (worse) than England at 95%". */
  rule: string;
}

export interface ScorecardRow {
  period: string;
  periodLabel: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  /** The 95% confidence interval of the value; null when there is none (or it is suppressed). */
  ci95: Interval | null;
  /** Hidden by small-number suppression in the published view (value, interval and count are then null). */
  suppressed: boolean;
  isBaseline: boolean;
  sinceBaseline: ScorecardChange | null;
  sincePrevious: ScorecardChange | null;
  /** Direction of travel since the previous period held (the same as sincePrevious.travel). */
  travel: Travel;
  benchmark: ScorecardBenchmark | null;
  rank: ScorecardRank | null;
  rag: ScorecardRag;
}

export interface ScorecardMeasure {
  id: number;
  /** For edit conflicts: send it back when changing or removing the measure. */
  version: number;
  position: number;
  priority: { id: number; number: number; title: string } | null;
  indicator: {
    key: string;
    name: string;
    unit: ScorecardUnit;
    unitLabel: string;
    multiplier: number;
    polarity: ScorecardPolarity;
    periodType: string;
    source: string;
  };
  area: { code: string; name: string };
  benchmark: { code: string; name: string } | null;
  comparatorGroup: { id: number; name: string; size: number } | null;
  baselinePeriod: string;
  target: Target;
  /** The target in words, e.g. "Reduce (significantly lower than 2015/16)". */
  targetText: string;
  /** Every period held for the area, oldest first. */
  rows: ScorecardRow[];
  /** The latest row (the last of rows); null when there are no figures yet. */
  latest: ScorecardRow | null;
}

export interface Scorecard {
  plan: { id: number; title: string; partnershipId: number; partnershipName: string };
  /** published: small numbers suppressed (what a draft for scrutiny and the public pages show); analyst: every figure. */
  view: 'published' | 'analyst';
  /** When the figures were read (ISO 8601). */
  generatedAt: string;
  /** RAG counts of the latest rows. */
  summary: Record<RagStatus, number>;
  measures: ScorecardMeasure[];
}
