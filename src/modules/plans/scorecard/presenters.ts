/**
 * The scorecard as people and programs see it: the page's rows (rounded figures in words, a sparkline per
 * measure with its figures beside it), the CSV (full precision, a row per measure and period), and the
 * measure form's starting values. The API answers the plain Scorecard itself.
 */
import { toCsv } from '../../../lib/csv.js';
import { sparkline } from '../../../web/charts.js';
import type { Measure } from '../schema.js';
import { formatFigure } from './statistics.js';
import type { Scorecard, ScorecardChange, ScorecardMeasure, ScorecardRow, ScorecardUnit, Travel } from './types.js';

export const travelLabels: Record<Travel, string> = {
  improving: 'Improving',
  worsening: 'Worsening',
  'no-significant-change': 'No significant change',
  increasing: 'Increasing',
  decreasing: 'Decreasing',
  'cannot-be-calculated': 'Cannot be calculated',
};

const pValueText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/** "+30.8%, significant (p = 0.002)"; a proportion's change in points; "Not available" without one. */
export function changeText(change: ScorecardChange | null, unit: ScorecardUnit, multiplier: number): string {
  if (!change) return 'Not available';
  const sign = (v: number) => (v > 0 ? '+' : v < 0 ? '−' : '');
  let size: string;
  if (unit === 'proportion') {
    const points = Math.round(change.difference * 10) / 10;
    size = `${sign(points)}${Math.abs(points).toFixed(1)} ${multiplier === 100 ? 'percentage points' : 'points'}`;
  } else if (change.relative === null) {
    size = `${sign(change.difference)}${formatFigure(Math.abs(change.difference), unit)}`;
  } else {
    const pct = Math.round(change.relative * 1000) / 10;
    size = `${sign(pct)}${Math.abs(pct).toFixed(1)}%`;
  }
  if (change.pValue === null) return `${size}, cannot be tested`;
  return `${size}, ${change.significant ? 'significant' : 'not significant'} (${pValueText(change.pValue)})`;
}

const valueText = (row: ScorecardRow, unit: ScorecardUnit) =>
  row.suppressed ? 'Suppressed (small number)' : row.value === null ? 'No figure' : formatFigure(row.value, unit);
const intervalText = (row: ScorecardRow, unit: ScorecardUnit) =>
  row.ci95 ? `${formatFigure(row.ci95.lower, unit)} to ${formatFigure(row.ci95.upper, unit)}` : '';

/** A row in words, for the page and its per-period tables. */
export function rowText(m: ScorecardMeasure, row: ScorecardRow) {
  const unit = m.indicator.unit;
  return {
    period: row.period,
    periodLabel: row.periodLabel,
    value: valueText(row, unit),
    interval: intervalText(row, unit),
    sinceBaseline: row.isBaseline ? 'Baseline' : changeText(row.sinceBaseline, unit, m.indicator.multiplier),
    sincePrevious: row.sincePrevious
      ? `${changeText(row.sincePrevious, unit, m.indicator.multiplier)} since ${row.sincePrevious.fromPeriod}`
      : 'No earlier period',
    travel: row.sincePrevious ? travelLabels[row.travel] : 'No earlier period',
    benchmark: row.benchmark
      ? row.benchmark.value === null
        ? row.benchmark.label
        : `${row.benchmark.label}: ${row.benchmark.areaName} ${formatFigure(row.benchmark.value, unit)}`
      : 'No benchmark',
    rank: row.rank ? row.rank.label : m.comparatorGroup ? 'Not ranked' : 'No comparator group',
    rag: row.rag,
  };
}

/** The page: the measures grouped by priority (measures with none last), each with its sparkline and rows in words. */
export function scorecardPage(card: Scorecard) {
  const measures = card.measures.map((m) => {
    const rows = m.rows.map((r) => rowText(m, r));
    const description = `${m.indicator.unitLabel} by period: ${rows.map((r) => `${r.periodLabel} ${r.value}`).join('; ')}.`;
    return {
      measure: m,
      latest: m.latest ? rowText(m, m.latest) : null,
      rows,
      figures: rows.map((r) => `${r.periodLabel}: ${r.value}`),
      chart:
        m.rows.length > 1
          ? sparkline({ title: `${m.indicator.name}, ${m.area.name}: trend`, description, values: m.rows.map((r) => r.value) })
          : null,
    };
  });
  const groups: { priority: ScorecardMeasure['priority']; heading: string; measures: typeof measures }[] = [];
  for (const item of measures) {
    const key = item.measure.priority?.id ?? null;
    let group = groups.find((g) => (g.priority?.id ?? null) === key);
    if (!group) {
      const p = item.measure.priority;
      group = { priority: p, heading: p ? `Priority ${p.number}: ${p.title}` : 'Measures of the whole plan', measures: [] };
      groups.push(group);
    }
    group.measures.push(item);
  }
  groups.sort((a, b) => (a.priority?.number ?? 1e9) - (b.priority?.number ?? 1e9));
  return groups;
}

export const scorecardCsvColumns = [
  'priority',
  'measure_id',
  'indicator',
  'indicator_name',
  'unit',
  'polarity',
  'area_code',
  'area_name',
  'target',
  'baseline_period',
  'period',
  'numerator',
  'denominator',
  'value',
  'lower_95',
  'upper_95',
  'suppressed',
  'change_since_baseline',
  'change_since_baseline_p',
  'change_since_baseline_significant',
  'previous_period',
  'change_since_previous',
  'change_since_previous_p',
  'change_since_previous_significant',
  'direction_of_travel',
  'benchmark_code',
  'benchmark_value',
  'benchmark_comparison',
  'rank',
  'rank_of',
  'rag',
  'rag_rule',
] as const;

/** The CSV: a row per measure and period, full precision; relative changes as fractions (0.308 = 30.8%). */
export function scorecardCsv(card: Scorecard) {
  const rows = card.measures.flatMap((m) =>
    m.rows.map((r) => [
      m.priority?.number ?? '',
      m.id,
      m.indicator.key,
      m.indicator.name,
      m.indicator.unitLabel,
      m.indicator.polarity,
      m.area.code,
      m.area.name,
      m.targetText,
      m.baselinePeriod,
      r.period,
      r.numerator,
      r.denominator,
      r.value,
      r.ci95?.lower ?? null,
      r.ci95?.upper ?? null,
      r.suppressed ? 'yes' : 'no',
      r.sinceBaseline?.relative ?? r.sinceBaseline?.difference ?? null,
      r.sinceBaseline?.pValue ?? null,
      r.sinceBaseline ? (r.sinceBaseline.significant ? 'yes' : 'no') : '',
      r.sincePrevious?.fromPeriod ?? '',
      r.sincePrevious?.relative ?? r.sincePrevious?.difference ?? null,
      r.sincePrevious?.pValue ?? null,
      r.sincePrevious ? (r.sincePrevious.significant ? 'yes' : 'no') : '',
      r.travel,
      r.benchmark?.areaCode ?? '',
      r.benchmark?.value ?? null,
      r.benchmark?.comparison ?? '',
      r.rank?.rank ?? null,
      r.rank?.of ?? null,
      r.rag.status,
      r.rag.rule,
    ]),
  );
  return { name: `${card.plan.title} scorecard`, csv: toCsv([...scorecardCsvColumns], rows) };
}

/** The measure form's starting values, as typed. */
export const measureFormValues = (m: Measure) => ({
  id: m.id,
  version: m.version,
  priorityId: m.priorityId ?? '',
  indicatorKey: m.indicatorKey,
  areaCode: m.areaCode,
  benchmarkCode: m.benchmarkCode ?? '',
  comparatorGroupId: m.comparatorGroupId ?? '',
  baselinePeriod: m.baselinePeriod,
  targetKind: m.targetKind,
  targetValue: m.targetValue ?? '',
  targetDirection: m.targetDirection ?? '',
  targetPosition: m.targetPosition ?? '',
});
