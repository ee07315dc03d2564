import type nunjucks from 'nunjucks';
import { londonClockTime } from '../lib/london-time.js';

const london = 'Europe/London';
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: london });
const numberFormat = new Intl.NumberFormat('en-GB');

const toDate = (value: unknown) =>
  value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;

const areaTypes: Record<string, string> = {
  country: 'Country',
  region: 'Region',
  'police-force-area': 'Police force area',
  csp: 'CSP area',
  'local-authority': 'Local authority',
  ward: 'Ward',
  lsoa: 'LSOA',
};

const validDate = (value: unknown) => {
  const d = toDate(value);
  return d && !Number.isNaN(d.getTime()) ? d : null;
};

/** An instant's UK date and time, GOV.UK style: "7 December 2021 at 7pm", "… at 12:43am", "… at midday". */
export function govukDateTime(value: unknown): string {
  const d = validDate(value);
  return d ? `${dateFormat.format(d)} at ${londonClockTime(d)}` : '';
}

const areaTypesPlural: Record<string, string> = {
  country: 'Countries',
  region: 'Regions',
  'police-force-area': 'Police force areas',
  csp: 'CSP areas',
  'local-authority': 'Local authorities',
  ward: 'Wards',
  lsoa: 'LSOAs',
};

/** A count with its noun, singular or plural as it needs: "1 indicator", "2 indicators", "1,204 LSOAs". */
export function plural(value: unknown, singular: string, pluralForm = `${singular}s`): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return '';
  return `${numberFormat.format(n)} ${n === 1 ? singular : pluralForm}`;
}

/**
 * Filters every template may use. Dates and times are shown in UK time, GOV.UK style: 7 December 2021,
 * 7pm, 5:30pm, midday, midnight (src/lib/london-time.ts).
 */
export function registerFilters(env: nunjucks.Environment) {
  env.addFilter('govukDate', (value: unknown) => {
    const d = validDate(value);
    return d ? dateFormat.format(d) : '';
  });
  env.addFilter('govukDateTime', govukDateTime);
  env.addFilter('govukTime', (value: unknown) => {
    const d = validDate(value);
    return d ? londonClockTime(d) : '';
  });
  env.addFilter('number', (value: unknown, digits?: number) => {
    if (value === null || value === undefined || value === '') return '';
    const n = Number(value);
    if (!Number.isFinite(n)) return '';
    return digits === undefined
      ? numberFormat.format(n)
      : n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  });
  env.addFilter('areaType', (value: unknown) => (typeof value === 'string' ? (areaTypes[value] ?? value) : ''));
  env.addFilter('areaTypePlural', (value: unknown) => (typeof value === 'string' ? (areaTypesPlural[value] ?? value) : ''));
  env.addFilter('plural', plural);
  env.addFilter('humanise', (value: unknown) => {
    const s = (typeof value === 'string' || typeof value === 'number' ? String(value) : '').replace(/-/g, ' ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  });
}
