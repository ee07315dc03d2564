/**
 * CSV versions of the evidence pages' tables, with the same figures the page shows: in the published view
 * hidden figures stay blank. Full precision (pages round; downloads do not).
 */
import { toCsv } from '../../lib/csv.js';
import { exportColumns } from './export.js';
import type { Figure } from './figures.js';
import type { EvidenceReportService } from './service.js';

type AreaProfile = Awaited<ReturnType<EvidenceReportService['areaProfile']>>;
type HotspotMap = Awaited<ReturnType<EvidenceReportService['hotspotMap']>>;

const shown = (f: Figure | null, value: number | null | undefined) => (f && !f.suppressed ? (value ?? null) : null);

export function areaProfileCsv(page: AreaProfile): string {
  return toCsv(
    [
      'indicator',
      'indicator_name',
      'area_code',
      'area_name',
      'period',
      ...exportColumns.slice(exportColumns.indexOf('numerator'), exportColumns.indexOf('upper_99_8') + 1),
      'benchmark_code',
      'benchmark_value',
      'comparison_99_8',
      'change_on_year_earlier_percent',
      'trend',
    ],
    page.rows.map((r) => [
      r.indicator.key,
      r.indicator.name,
      page.area.code,
      page.area.name,
      page.period,
      shown(r.figure, r.figure.numerator),
      r.figure.denominator,
      shown(r.figure, r.figure.value),
      shown(r.figure, r.figure.ci95?.lower),
      shown(r.figure, r.figure.ci95?.upper),
      shown(r.figure, r.figure.ci998?.lower),
      shown(r.figure, r.figure.ci998?.upper),
      page.benchmarkArea.code,
      shown(r.benchmark, r.benchmark?.value),
      r.comparison.comparison998,
      r.yearChange === null ? null : r.yearChange * 100,
      r.trendText,
    ]),
  );
}

export function hotspotCsv(page: HotspotMap): string {
  return toCsv(
    ['ward_code', 'ward_name', 'local_authority_code', 'crime_type', 'from_month', 'to_month', 'records'],
    page.wards.map((w) => [w.code, w.name, page.area.code, page.crime, page.from, page.to, w.count]),
  );
}
