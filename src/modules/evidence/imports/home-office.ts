/**
 * The Home Office table of police recorded crime by CSP: `Force Name,CSP Name,Offence Description,Offence
 * Group,Offence Subgroup,OffenceCode` then one column per financial year (2015/16, …). CSPs are found by
 * name among the CSP areas held (without any, the import says once that the LAD-to-CSP lookup must be loaded
 * first; a name not held is reported once, with its rows counted). Each offence becomes a count indicator
 * `home-office:offence:<code>`, each offence group `home-office:group:<slug>`, and their total
 * `home-office:all-recorded-crime`; each count of a CSP whose population is held also gets its companion rate
 * per 1,000 residents (`…:rate`, rates.ts).
 */
import { parsePeriod } from '../../../lib/periods.js';
import { inBatches, listAreaCodes, upsertIndicators, upsertObservations, type IndicatorRow, type ObservationRow } from './repository.js';
import { parseCount, quote, sameHeader } from './problems.js';
import { checkedRows, readHeaderLine, splitHeader } from './source.js';
import type { HandlerResult, ImportContext } from './types.js';
import { refreshCompanionRates } from './rates.js';

/** What to say when no CSP is held at all, instead of one problem per row. */
export const noCspsHeld =
  'no CSP areas are held, so no row can be matched to its CSP by name. Load the ONS lookup of local authorities to ' +
  'CSPs to police force areas first (LAD17CD,LAD17NM,CSP17CD,CSP17NM,PFA17CD,PFA17NM): at the command line ' +
  'saferhub import areas <lookup file>, or "Areas" on the Import a file page; then import this file again.';

export const homeOfficeHeader = [
  'Force Name',
  'CSP Name',
  'Offence Description',
  'Offence Group',
  'Offence Subgroup',
  'OffenceCode',
] as const;
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const missing = new Set(['', '..', '[x]', '[z]', '[c]', ':']);

export async function importHomeOffice(context: ImportContext): Promise<HandlerResult> {
  const { filePath, problems, importId } = context;
  const header = splitHeader(await readHeaderLine(filePath));
  const years = header.slice(homeOfficeHeader.length);
  if (
    !sameHeader(header.slice(0, homeOfficeHeader.length), homeOfficeHeader) ||
    !years.length ||
    years.some((y) => !/^\d{4}\/\d{2}$/.test(y))
  ) {
    problems.header([...homeOfficeHeader, '2015/16', '2016/17', '…'], header);
    return { rowsRead: 0, rowsWritten: 0, messages: [] };
  }
  const periods = years.map((y) => parsePeriod(y));
  const csps = new Map(
    (await listAreaCodes(context.session.db)).filter((a) => a.type === 'csp').map((a) => [a.name.toLowerCase(), a.code]),
  );
  if (!csps.size) {
    problems.add(null, 'CSP Name', noCspsHeld);
    return { rowsRead: 0, rowsWritten: 0, messages: [] };
  }
  /** CSP names not held: reported once each, at their first line, with how many rows name them. */
  const unknownCsps = new Map<string, { line: number; rows: number }>();
  const indicators = new Map<string, IndicatorRow>();
  const counts = new Map<string, number>();
  const addIndicator = (key: string, name: string) =>
    indicators.set(key, {
      key,
      name,
      unit: 'count',
      multiplier: 1,
      polarity: 'lower-is-better',
      periodType: 'financial-year',
      source: 'Home Office police recorded crime by Community Safety Partnership (Open Government Licence v3.0)',
      smallNumberThreshold: 0,
      importId,
    });
  const add = (key: string, area: string, period: string, n: number) =>
    counts.set(`${key}|${area}|${period}`, (counts.get(`${key}|${area}|${period}`) ?? 0) + n);
  addIndicator('home-office:all-recorded-crime', 'Police recorded crime, all offences (Home Office)');
  const read = { rows: 0 };
  for await (const { line, fields } of checkedRows(filePath, header.length, problems, context.onProgress, read)) {
    const [, cspName = '', description = '', group = '', , code = ''] = fields.map((f) => f.trim());
    const area = csps.get(cspName.toLowerCase());
    if (!area) {
      const seen = unknownCsps.get(cspName);
      if (seen) seen.rows++;
      else unknownCsps.set(cspName, { line, rows: 1 });
    }
    if (!code) problems.add(line, 'OffenceCode', 'is empty');
    const values = years.map((y, i) => {
      const text = (fields[homeOfficeHeader.length + i] ?? '').trim();
      if (missing.has(text)) return null;
      const n = parseCount(text);
      if (n === null)
        problems.add(line, y, text.startsWith('-') ? `${text} is negative: a count cannot be below 0` : `${quote(text)} is not a count`);
      return n;
    });
    if (!area || !code || problems.any || unknownCsps.size) continue;
    const offenceKey = `home-office:offence:${slug(code)}`;
    const groupKey = `home-office:group:${slug(group || 'other')}`;
    addIndicator(offenceKey, `${description} (Home Office offence ${code})`);
    addIndicator(groupKey, `${group || 'Other'} (Home Office offence group)`);
    values.forEach((n, i) => {
      if (n === null) return;
      for (const key of [offenceKey, groupKey, 'home-office:all-recorded-crime']) add(key, area, periods[i]!.key, n);
    });
  }
  const rowsRead = read.rows;
  for (const [name, { line, rows }] of unknownCsps)
    problems.add(
      line,
      'CSP Name',
      `${quote(name)} is not the name of a CSP held (${rows === 1 ? 'this row' : `this row and ${rows - 1} more`}). ` +
        'Load the ONS lookup of local authorities to CSPs that names it (saferhub import areas <lookup file>), or correct the name.',
    );
  if (problems.any) return { rowsRead, rowsWritten: 0, messages: [] };
  await upsertIndicators(context.session.db, [...indicators.values()]);
  const rows: ObservationRow[] = [...counts].map(([id, n]) => {
    const [indicatorKey, areaCode, periodKey] = id.split('|') as [string, string, string];
    const period = parsePeriod(periodKey);
    return {
      indicatorKey,
      areaCode,
      period: period.key,
      periodType: period.type,
      periodStart: period.start,
      numerator: n,
      denominator: null,
      value: n,
      importId,
    };
  });
  await inBatches(rows, 2000, (batch) => upsertObservations(context.session.db, batch));
  const rates = await refreshCompanionRates(context.session, importId, { prefix: 'home-office:', periods: periods.map((p) => p.key) });
  return {
    rowsRead,
    rowsWritten: rows.length,
    messages: [
      `${rows.length.toLocaleString('en-GB')} observations of ${indicators.size} indicators imported for ${years.join(', ')}.`,
      rates
        ? `${rates.toLocaleString('en-GB')} rates per 1,000 residents derived for the CSPs whose population is held.`
        : 'No rates per 1,000 residents derived: no population is held for these CSPs (they are derived when the populations are imported).',
    ],
  };
}
