/**
 * police.uk street-level crime files (one force, one month each; any force). Every row is kept: the file is
 * COPied straight into evidence_police_records (the database derives the crime type's slug and refuses
 * unknown types or months). A newer file for the same force and month replaces the earlier one's records.
 * Then the monthly counts of the months touched are derived for every level (LSOA, ward by best fit, local
 * authority, CSP, and the force area, which also counts rows with no LSOA) and summed into financial years,
 * and each count of an area whose population is held gets its companion rate per 1,000 residents (rates.ts).
 */
import { financialYearKey, parsePeriod } from '../../../lib/periods.js';
import { policeUkCrimeTypes, policeUkIndicatorKey } from '../schema.js';
import {
  copyPoliceRows,
  CopyError,
  countPoliceMonthsHeld,
  countStreetRecords,
  deletePoliceFinancialYear,
  deleteReplacedStreetRecords,
  derivePoliceMonthlyCounts,
  findPoliceForceAreaByLsoas,
  findPoliceForceAreaByName,
  insertPoliceFinancialYear,
  listStreetMonthsAndForces,
  mapPoliceForce,
  startPoliceForceMap,
  upsertIndicators,
  type BulkSession,
} from './repository.js';
import { parseNumber, quote, sameHeader } from './problems.js';
import { parsedRows, readHeaderLine, rowChunks, splitHeader } from './source.js';
import type { HandlerResult, ImportContext } from './types.js';
import { refreshCompanionRates } from './rates.js';

/** The columns every police.uk record file starts with (crime, month, force and location), as headed. */
export const locatedHeader = [
  'Crime ID',
  'Month',
  'Reported by',
  'Falls within',
  'Longitude',
  'Latitude',
  'Location',
  'LSOA code',
  'LSOA name',
] as const;
export const streetHeader = [...locatedHeader, 'Crime type', 'Last outcome category', 'Context'] as const;
const crimeTypeNames = new Set<string>(policeUkCrimeTypes.map((t) => t.name));

export async function importPoliceUkStreet(context: ImportContext): Promise<HandlerResult> {
  const { session, importId, filePath, problems } = context;
  const header = splitHeader(await readHeaderLine(filePath));
  if (!sameHeader(header, streetHeader)) {
    problems.header([...streetHeader], header);
    return { rowsRead: 0, rowsWritten: 0, messages: [] };
  }
  try {
    await copyPoliceRows(session, 'street', rowChunks(filePath, { onProgress: context.onProgress }));
  } catch (error) {
    if (!(error instanceof CopyError)) throw error;
    await findStreetProblems(context);
    if (!problems.any) throw error;
    return { rowsRead: 0, rowsWritten: 0, messages: [] };
  }
  return derivePoliceUkCounts(context, importId);
}

/** After a COPY failed: read the file again to name every problem (first 50) by line and field. */
async function findStreetProblems({ filePath, problems }: ImportContext) {
  try {
    for await (const { line, fields } of parsedRows(filePath)) {
      if (fields.length !== streetHeader.length) {
        problems.add(line, null, `has ${fields.length} fields where ${streetHeader.length} were expected (a ragged or truncated row)`);
        continue;
      }
      const [, month, reportedBy, fallsWithin, lon, lat, , , , crimeType] = fields;
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month!)) problems.add(line, 'Month', `${quote(month!)} is not a month written YYYY-MM`);
      if (!reportedBy!.trim()) problems.add(line, 'Reported by', 'is empty');
      if (!fallsWithin!.trim()) problems.add(line, 'Falls within', 'is empty');
      if (lon && parseNumber(lon) === null) problems.add(line, 'Longitude', `${quote(lon)} is not a number`);
      if (lat && parseNumber(lat) === null) problems.add(line, 'Latitude', `${quote(lat)} is not a number`);
      if (!crimeTypeNames.has(crimeType!)) problems.add(line, 'Crime type', `${quote(crimeType!)} is not a police.uk crime type`);
    }
  } catch (error) {
    problems.add(null, null, `the file ends part-way through a row or has a broken quote (${(error as Error).message})`);
  }
}

export async function derivePoliceUkCounts({ session }: ImportContext, importId: number): Promise<HandlerResult> {
  const stats = await countStreetRecords(session, importId);
  const touched = await listStreetMonthsAndForces(session, importId);
  const replaced = await deleteReplacedStreetRecords(session, importId);
  const months = [...new Set(touched.map((t) => t.month))];
  const counts = [
    ...policeUkCrimeTypes.map((t) => ({ key: policeUkIndicatorKey(t.slug), name: `${t.name} (police.uk)` })),
    { key: policeUkIndicatorKey('all-crime'), name: 'All crime and anti-social behaviour (police.uk)' },
  ].map((i) => ({
    ...i,
    unit: 'count' as const,
    multiplier: 1,
    polarity: 'lower-is-better' as const,
    periodType: 'month' as const,
    source: 'police.uk street-level crime (Open Government Licence v3.0)',
    smallNumberThreshold: 0,
    importId,
  }));
  await upsertIndicators(session.db, counts, 'keep');
  const forces = await mapForces(session, [...new Set(touched.map((t) => t.fallsWithin))]);
  await derivePoliceMonthlyCounts(session, months, importId);
  const years = [...new Set(months.map((m) => financialYearOf(m)))];
  const yearsHeld: string[] = [];
  const partialYears: string[] = [];
  for (const fy of years) ((await deriveFinancialYear(session, fy, importId)) ? yearsHeld : partialYears).push(fy);
  const rates = await refreshCompanionRates(session, importId, { prefix: 'police-uk:', periods: [...months, ...yearsHeld] });

  const messages = [
    `${stats.rows.toLocaleString('en-GB')} records imported for ${months.join(', ')}.`,
    ...(replaced ? [`${replaced.toLocaleString('en-GB')} records of an earlier file for the same force and month were replaced.`] : []),
    `${stats.nolsoa.toLocaleString('en-GB')} records have no LSOA: counted at force level only.`,
    ...(stats.unknown
      ? [`${stats.unknown.toLocaleString('en-GB')} records are in LSOAs not in the area list: counted at force level only.`]
      : []),
    ...forces.map((f) =>
      f.areaCode
        ? `"${f.fallsWithin}" counted as the force area ${f.areaCode}.`
        : `"${f.fallsWithin}" matches no police force area: no force-level counts.`,
    ),
    `Monthly counts derived for ${months.length} month(s)${yearsHeld.length ? ` and summed into ${yearsHeld.join(', ')}` : ''}.`,
    ...partialYears.map((fy) => `${fy} is not complete yet: its financial-year counts are derived once all twelve months are imported.`),
    rates
      ? `${rates.toLocaleString('en-GB')} rates per 1,000 residents derived for the areas whose population is held.`
      : 'No rates per 1,000 residents derived: no population is held for these areas (they are derived when the populations are imported).',
  ];
  return {
    rowsRead: stats.rows,
    rowsWritten: stats.rows,
    messages,
    details: { months, noLsoa: stats.nolsoa, unknownLsoa: stats.unknown },
  };
}

const financialYearOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return financialYearKey(m >= 4 ? y : y - 1);
};

/** Finds the police force area of each "Falls within" name: by name, else where most of its LSOAs lie. */
async function mapForces(session: BulkSession, names: string[]) {
  await startPoliceForceMap(session);
  const out: { fallsWithin: string; areaCode: string | null }[] = [];
  for (const name of names) {
    const short = name.replace(/\s+(Constabulary|Police Service|Police)$/i, '').trim();
    const code = (await findPoliceForceAreaByName(session, name, short)) ?? (await findPoliceForceAreaByLsoas(session, name));
    if (code) await mapPoliceForce(session, name, code);
    out.push({ fallsWithin: name, areaCode: code });
  }
  return out;
}

/**
 * Replaces the police.uk financial-year counts of one year with the sum of its months, but only when all
 * twelve months are held: a part-year total would make year-on-year changes and trends meaningless.
 * Returns whether the year was complete.
 */
async function deriveFinancialYear(session: BulkSession, fy: string, importId: number): Promise<boolean> {
  const period = parsePeriod(fy);
  await deletePoliceFinancialYear(session, fy);
  if ((await countPoliceMonthsHeld(session, period.start, period.end)) < 12) return false;
  await insertPoliceFinancialYear(session, { key: fy, start: period.start, end: period.end }, importId);
  return true;
}
