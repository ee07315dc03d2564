/**
 * Observations for export (CLI, API and CSV download): each with its value, 95% and 99.8% confidence limits
 * (by the statistics module) and, given a benchmark area, its comparison with the benchmark's value for the
 * same period at both levels. Full precision: numbers are written as JavaScript prints doubles. The CSV and
 * JSON of them are in presenters.ts; who gets which figures is in policy.ts.
 */
import type { DbOrTx } from '../../../db/database.js';
import { notFound, ValidationError } from '../../../lib/errors.js';
import { isPeriodKey, parsePeriod } from '../../../lib/periods.js';
import { getArea, getIndicator, listObservations } from '../catalogue/repository.js';
import { compareWithBenchmark, computeValue, suppressGroup, type Comparison } from '../statistics/index.js';

export interface ExportedObservation {
  indicator: string;
  areaCode: string;
  areaName: string;
  period: string;
  /** Null where the published view hides a small number. */
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  lower998: number | null;
  upper998: number | null;
  comparison95: Comparison | null;
  comparison998: Comparison | null;
}

export interface ExportQuery {
  indicator: string;
  area?: string | undefined;
  period?: string | undefined;
  benchmark?: string | undefined;
}

export interface ExportOptions {
  /**
   * Published figures: counts from 1 to the indicator's small-number threshold (or `defaultThreshold` where
   * the indicator sets none) are hidden, with secondary suppression within each period, and so is
   * everything worked out from them. Analysts get every figure.
   */
  published?: { defaultThreshold: number };
}

/** The observations asked for; 404 for an unknown indicator or area, 400 for a malformed period. */
export async function exportObservations(db: DbOrTx, query: ExportQuery, options: ExportOptions = {}): Promise<ExportedObservation[]> {
  const indicator = await getIndicator(db, query.indicator);
  if (!indicator) throw notFound(`Indicator ${query.indicator}`);
  if (query.period && !isPeriodKey(query.period))
    throw new ValidationError([{ field: 'period', message: 'Write the period as 2017-05, 2020/21-Q3, 2016/17 or 2017' }]);
  for (const code of [query.area, query.benchmark]) if (code && !(await getArea(db, code))) throw notFound(`Area ${code}`);
  const periods = query.period ? [parsePeriod(query.period).key] : undefined;
  const rows = await listObservations(db, { indicatorKeys: [indicator.key], areaCodes: query.area ? [query.area] : undefined, periods });
  const benchmark = query.benchmark
    ? new Map(
        (await listObservations(db, { indicatorKeys: [indicator.key], areaCodes: [query.benchmark], periods })).map((b) => [
          b.period,
          computeValue(indicator.unit, b.numerator, b.denominator, indicator.multiplier).value,
        ]),
      )
    : null;
  const all = rows.map((row) => {
    const computed = computeValue(indicator.unit, row.numerator, row.denominator, indicator.multiplier);
    const against = benchmark?.get(row.period);
    return {
      indicator: indicator.key,
      areaCode: row.areaCode,
      areaName: row.areaName,
      period: row.period,
      numerator: row.numerator,
      denominator: row.denominator,
      value: computed.value,
      lower95: computed.ci95?.lower ?? null,
      upper95: computed.ci95?.upper ?? null,
      lower998: computed.ci998?.lower ?? null,
      upper998: computed.ci998?.upper ?? null,
      comparison95: against !== undefined && computed.ci95 ? compareWithBenchmark(computed.ci95, against) : null,
      comparison998: against !== undefined && computed.ci998 ? compareWithBenchmark(computed.ci998, against) : null,
    };
  });
  if (!options.published) return all;
  return publishedObservations(all, indicator.smallNumberThreshold || options.published.defaultThreshold);
}

/** Hides small counts, period by period, with the secondary suppression that stops subtraction revealing them. */
export function publishedObservations(rows: ExportedObservation[], threshold: number): ExportedObservation[] {
  const hidden = new Set<number>();
  const periods = new Map<string, number[]>();
  rows.forEach((r, i) => periods.set(r.period, [...(periods.get(r.period) ?? []), i]));
  for (const indexes of periods.values()) {
    const { cells } = suppressGroup(
      indexes.map((i) => ({ key: i, count: rows[i]!.numerator ?? 0 })),
      threshold,
    );
    for (const c of cells) if (c.suppressed) hidden.add(c.key);
  }
  return rows.map((r, i) =>
    hidden.has(i)
      ? {
          ...r,
          numerator: null,
          value: null,
          lower95: null,
          upper95: null,
          lower998: null,
          upper998: null,
          comparison95: null,
          comparison998: null,
        }
      : r,
  );
}
