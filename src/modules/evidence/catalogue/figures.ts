/**
 * Turning stored observations into the figures the pages show: value and limits by the indicator's unit,
 * comparison with a benchmark, year-on-year change, and small-number suppression in the published view.
 */
import { financialYearKey, parsePeriod } from '../../../lib/periods.js';
import type { Indicator } from '../schema.js';
import {
  compareWithBenchmark,
  computeValue,
  describeComparison,
  isSmall,
  judge,
  yearOnYearChange,
  type Comparison,
  type Judgement,
  type Limits,
} from '../statistics/index.js';

export interface StoredObservation {
  areaCode: string;
  areaName: string;
  period: string;
  numerator: number;
  denominator: number | null;
}

export interface Figure {
  areaCode: string;
  areaName: string;
  period: string;
  numerator: number;
  denominator: number | null;
  value: number | null;
  ci95: Limits | null;
  ci998: Limits | null;
  /** Hidden in the published view: counts from 1 to the indicator's threshold, or to protect one. */
  suppressed: 'small-number' | 'secondary' | null;
}

export interface Compared {
  comparison95: Comparison | null;
  comparison998: Comparison | null;
  judgement998: Judgement | null;
  /** e.g. "Higher (worse)" at 99.8%, the level Fingertips uses for its colours. */
  label: string;
}

/** The same period a year earlier: 2016/17 → 2015/16, 2017-05 → 2016-05, 2020/21-Q3 → 2019/20-Q3. */
export function sameTimeLastYear(key: string): string {
  const p = parsePeriod(key);
  const y = Number(p.key.slice(0, 4));
  switch (p.type) {
    case 'month':
      return `${y - 1}${p.key.slice(4)}`;
    case 'quarter':
      return `${financialYearKey(y - 1)}${p.key.slice(7)}`;
    case 'financial-year':
      return financialYearKey(y - 1);
    case 'calendar-year':
      return String(y - 1);
  }
}

/**
 * The period an area profile opens on when none is asked for: the period with the most indicators; of
 * periods with as many, the one that ends latest (then the one that starts latest: a financial year and its
 * last month end together). Null when there are none.
 */
export function defaultProfilePeriod<P extends { period: string; indicators: number }>(periods: P[]): P | null {
  let best: P | null = null;
  for (const p of periods) {
    if (!best || p.indicators > best.indicators) {
      best = p;
      continue;
    }
    if (p.indicators < best.indicators) continue;
    const a = parsePeriod(p.period);
    const b = parsePeriod(best.period);
    if (a.end > b.end || (a.end === b.end && a.start > b.start)) best = p;
  }
  return best;
}

export function figureOf(indicator: Indicator, o: StoredObservation, published: boolean): Figure {
  let stats: ReturnType<typeof computeValue> | null = null;
  try {
    stats = computeValue(indicator.unit, o.numerator, o.denominator, indicator.multiplier);
  } catch {
    stats = null;
  }
  const hide = published && isSmall(o.numerator, indicator.smallNumberThreshold);
  return {
    areaCode: o.areaCode,
    areaName: o.areaName,
    period: o.period,
    numerator: o.numerator,
    denominator: o.denominator,
    value: stats?.value ?? null,
    ci95: stats?.ci95 ?? null,
    ci998: stats?.ci998 ?? null,
    suppressed: hide ? 'small-number' : null,
  };
}

/** Counts are not compared (an area's count and England's are different sizes); rates and proportions are. */
export function compare(indicator: Indicator, f: Figure, benchmark: Figure | null): Compared {
  if (indicator.unit === 'count' || !benchmark || benchmark.value === null || f.suppressed || !f.ci95 || !f.ci998)
    return { comparison95: null, comparison998: null, judgement998: null, label: 'Not compared' };
  const c95 = compareWithBenchmark(f.ci95, benchmark.value);
  const c998 = compareWithBenchmark(f.ci998, benchmark.value);
  return {
    comparison95: c95,
    comparison998: c998,
    judgement998: judge(c998, indicator.polarity),
    label: describeComparison(c998, indicator.polarity),
  };
}

export function changeBetween(current: Figure | null, previous: Figure | null): number | null {
  if (!current || !previous || current.suppressed || previous.suppressed || current.value === null || previous.value === null) return null;
  return yearOnYearChange(current.value, previous.value);
}
