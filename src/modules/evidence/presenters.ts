/**
 * What the evidence shows people and programs, in one place: the numbers on pages (rounded), the CSV and
 * JSON of observations (the export, the API's download twin, `saferhub export`), the CSV downloads of the
 * pages' tables, and the import pages' labels and titles. Pages round; downloads keep full precision. In the
 * published view hidden figures stay blank in downloads.
 */
import { csvLine, toCsv } from '../../lib/csv.js';
import type { AreaProfile } from './catalogue/service.js';
import type { Figure } from './catalogue/figures.js';
import type { ExportedObservation } from './exports/service.js';
import type { ImportChoice } from './imports/service.js';
import type { HotspotMap } from './maps/service.js';
import type { EvidenceImport, Indicator } from './schema.js';
import { formatChange } from './statistics/index.js';

// Numbers on pages ---------------------------------------------------------------------------------------

/** Rounding for pages (CSV and JSON keep full precision): counts whole, others to one decimal place. */
export function displayNumber(value: number | null | undefined, unit: Indicator['unit']): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  if (unit === 'count' && Number.isInteger(value)) return value.toLocaleString('en-GB');
  return value.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

export const unitLabel = (indicator: Indicator) =>
  indicator.unit === 'count'
    ? 'Count'
    : indicator.unit === 'proportion'
      ? indicator.multiplier === 100
        ? 'Percentage'
        : `Proportion per ${indicator.multiplier.toLocaleString('en-GB')}`
      : `Rate per ${indicator.multiplier.toLocaleString('en-GB')}`;

/** The formatting the evidence pages' templates use: `num(value, unit)` and `change(fraction)`. */
export const pageHelpers = { num: displayNumber, change: formatChange };

// Observations: CSV and JSON -------------------------------------------------------------------------------

export const exportColumns = [
  'indicator',
  'area_code',
  'area_name',
  'period',
  'numerator',
  'denominator',
  'value',
  'lower_95',
  'upper_95',
  'lower_99_8',
  'upper_99_8',
  'comparison_95',
  'comparison_99_8',
] as const;

/** An observation's cells, in the order of `exportColumns`. */
const cells = (o: ExportedObservation) => [
  o.indicator,
  o.areaCode,
  o.areaName,
  o.period,
  o.numerator,
  o.denominator,
  o.value,
  o.lower95,
  o.upper95,
  o.lower998,
  o.upper998,
  o.comparison95,
  o.comparison998,
];

export function observationsCsv(rows: ExportedObservation[]): string {
  return [csvLine([...exportColumns]), ...rows.map((r) => csvLine(cells(r)))].join('\r\n') + '\r\n';
}

/**
 * JSON (`saferhub export --format json`): an array of the same camelCase objects as the API's `data`
 * (`areaCode`, `lower95`, `comparison998`…), in the order of the CSV's columns. The CSV keeps its snake_case
 * column names (`area_code`, `lower_95`, `comparison_99_8`…).
 */
export const observationsJson = (rows: ExportedObservation[]) =>
  JSON.stringify(
    rows.map((r): ExportedObservation => ({
      indicator: r.indicator,
      areaCode: r.areaCode,
      areaName: r.areaName,
      period: r.period,
      numerator: r.numerator,
      denominator: r.denominator,
      value: r.value,
      lower95: r.lower95,
      upper95: r.upper95,
      lower998: r.lower998,
      upper998: r.upper998,
      comparison95: r.comparison95,
      comparison998: r.comparison998,
    })),
    null,
    2,
  ) + '\n';

// The pages' tables as CSV ---------------------------------------------------------------------------------

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

/** The name of a page's CSV download, before `downloadName` makes it safe. */
export const downloadNames = {
  areaProfile: (page: AreaProfile) => `${page.area.name}-profile-${page.period}`,
  hotspots: (page: HotspotMap) => `${page.area.name}-${page.crime}-${page.from}-${page.to}`,
  observations: (query: { indicator: string; area?: string | undefined; period?: string | undefined }) =>
    [query.indicator, query.area, query.period].filter(Boolean).join('-'),
};

// Imports --------------------------------------------------------------------------------------------------

/** The choices of the upload form. */
export const importChoiceLabels: Record<ImportChoice, string> = {
  areas: 'Areas (area_code,name,type,parent_code, or the ONS local authority to CSP to police force area lookup)',
  population: 'Populations (area_code,year,population, or an ONS mid-year estimates table as CSV or XLSX)',
  indicators: 'Indicators (key,name,unit,multiplier,polarity,period_type,source)',
  observations: 'Observations (indicator,area_code,period,numerator,denominator)',
  'police-uk': 'police.uk street-level crime, outcomes or stop and search file',
  'home-office': 'Home Office police recorded crime by CSP (years as columns)',
};

/** An import's page: its title by status, and how much of the file a running import has read (0–100). */
export function importPage(record: EvidenceImport) {
  const titles = {
    running: `Importing ${record.fileName}`,
    refused: `${record.fileName} was not imported`,
    failed: `${record.fileName} was not imported`,
    succeeded: `Import ${record.id}: ${record.fileName}`,
  };
  const percent = record.bytesTotal > 0 ? Math.min(100, Math.floor((record.bytesDone / record.bytesTotal) * 100)) : 0;
  return { title: titles[record.status], percent };
}
