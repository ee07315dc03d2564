import type nunjucks from 'nunjucks';

const london = 'Europe/London';
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: london });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: london,
});
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

/** Filters every template may use. Dates are shown in UK time, GOV.UK style: 7 December 2021. */
export function registerFilters(env: nunjucks.Environment) {
  env.addFilter('govukDate', (value: unknown) => {
    const d = toDate(value);
    return d && !Number.isNaN(d.getTime()) ? dateFormat.format(d) : '';
  });
  env.addFilter('govukDateTime', (value: unknown) => {
    const d = toDate(value);
    return d && !Number.isNaN(d.getTime()) ? dateTimeFormat.format(d).replace(' am', 'am').replace(' pm', 'pm') : '';
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
  env.addFilter('humanise', (value: unknown) => {
    const s = (typeof value === 'string' || typeof value === 'number' ? String(value) : '').replace(/-/g, ' ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  });
}
