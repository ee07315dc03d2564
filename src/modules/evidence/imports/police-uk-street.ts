/**
 * police.uk street-level crime files (one force, one month each; any force). Every row is kept: the file is
 * COPied straight into evidence_police_records (the database derives the crime type's slug and refuses
 * unknown types or months). A newer file for the same force and month replaces the earlier one's records.
 * Then the monthly counts of the months touched are derived for every level (LSOA, ward by best fit, local
 * authority, CSP, and the force area, which also counts rows with no LSOA) and summed into financial years.
 */
import { financialYearKey, parsePeriod } from '../../../lib/periods.js';
import { policeUkCrimeTypes, policeUkIndicatorKey } from '../schema.js';
import { upsertIndicators } from '../repository-imports.js';
import { parseNumber, quote, sameHeader } from './problems.js';
import { parsedRows, readHeaderLine, rowChunks, splitHeader } from './source.js';
import type { HandlerResult, ImportContext } from './types.js';
import { CopyError } from './bulk.js';

/** The columns every police.uk record file starts with (crime, month, force and location), as headed and as stored. */
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
export const locatedColumns = [
  'crime_id',
  'month',
  'reported_by',
  'falls_within',
  'longitude',
  'latitude',
  'location',
  'lsoa_code',
  'lsoa_name',
];

export const streetHeader = [...locatedHeader, 'Crime type', 'Last outcome category', 'Context'] as const;
const streetColumns = [...locatedColumns, 'crime_type', 'last_outcome', 'context'];
const crimeTypeNames = new Set<string>(policeUkCrimeTypes.map((t) => t.name));

export async function importPoliceUkStreet(context: ImportContext): Promise<HandlerResult> {
  const { session, importId, filePath, problems } = context;
  const header = splitHeader(await readHeaderLine(filePath));
  if (!sameHeader(header, streetHeader)) {
    problems.header([...streetHeader], header);
    return { rowsRead: 0, rowsWritten: 0, messages: [] };
  }
  try {
    await session.copyCsv('evidence_police_records', streetColumns, rowChunks(filePath, { onProgress: context.onProgress }));
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
  const q = session.query.bind(session);
  const [stats] = await q<{ rows: number; nolsoa: number; unknown: number }>(
    `select count(*)::int as rows,
            count(*) filter (where r.lsoa_code is null)::int as nolsoa,
            count(*) filter (where r.lsoa_code is not null and a.code is null)::int as unknown
       from evidence_police_records r left join evidence_areas a on a.code = r.lsoa_code
      where r.import_id = $1`,
    [importId],
  );
  const touched = await q<{ month: string; falls_within: string }>(
    `select distinct month, falls_within from evidence_police_records where import_id = $1 order by month`,
    [importId],
  );
  const replaced = await q<{ n: number }>(
    `with gone as (delete from evidence_police_records r
        where r.import_id <> $1 and (r.month, r.falls_within) in (select distinct month, falls_within from evidence_police_records where import_id = $1)
        returning 1)
     select count(*)::int as n from gone`,
    [importId],
  );
  const months = [...new Set(touched.map((t) => t.month))];
  await upsertIndicators(
    session.db,
    [
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
    })),
    'keep',
  );
  const forces = await mapForces(session.query.bind(session), [...new Set(touched.map((t) => t.falls_within))]);
  await deriveMonths(q, months, importId);
  const years = [...new Set(months.map((m) => financialYearOf(m)))];
  const yearsHeld: string[] = [];
  const partialYears: string[] = [];
  for (const fy of years) ((await deriveFinancialYear(q, fy, importId)) ? yearsHeld : partialYears).push(fy);

  const messages = [
    `${stats!.rows.toLocaleString('en-GB')} records imported for ${months.join(', ')}.`,
    ...(replaced[0]!.n
      ? [`${replaced[0]!.n.toLocaleString('en-GB')} records of an earlier file for the same force and month were replaced.`]
      : []),
    `${stats!.nolsoa.toLocaleString('en-GB')} records have no LSOA: counted at force level only.`,
    ...(stats!.unknown
      ? [`${stats!.unknown.toLocaleString('en-GB')} records are in LSOAs not in the area list: counted at force level only.`]
      : []),
    ...forces.map((f) =>
      f.areaCode
        ? `"${f.fallsWithin}" counted as the force area ${f.areaCode}.`
        : `"${f.fallsWithin}" matches no police force area: no force-level counts.`,
    ),
    `Monthly counts derived for ${months.length} month(s)${yearsHeld.length ? ` and summed into ${yearsHeld.join(', ')}` : ''}.`,
    ...partialYears.map((fy) => `${fy} is not complete yet: its financial-year counts are derived once all twelve months are imported.`),
  ];
  return {
    rowsRead: stats!.rows,
    rowsWritten: stats!.rows,
    messages,
    details: { months, noLsoa: stats!.nolsoa, unknownLsoa: stats!.unknown },
  };
}

const financialYearOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return financialYearKey(m >= 4 ? y : y - 1);
};

type Query = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** Finds the police force area of each "Falls within" name: by name, else where most of its LSOAs lie. */
async function mapForces(q: Query, names: string[]) {
  await q(`create temp table if not exists _police_forces (falls_within text primary key, area_code text not null) on commit drop`);
  await q(`delete from _police_forces`);
  const out: { fallsWithin: string; areaCode: string | null }[] = [];
  for (const name of names) {
    const short = name.replace(/\s+(Constabulary|Police Service|Police)$/i, '').trim();
    let [row] = await q<{ code: string }>(
      `select code from evidence_areas where type = 'police-force-area' and lower(name) in (lower($1), lower($2)) limit 1`,
      [name, short],
    );
    if (!row) {
      [row] = await q<{ code: string }>(
        `with recursive up(code, depth) as (
            select a.parent_code, 1 from evidence_police_records r join evidence_areas a on a.code = r.lsoa_code
             where r.falls_within = $1 and r.import_id = current_setting('saferhub.import_id')::integer and a.parent_code is not null
            union all
            select p.parent_code, up.depth + 1 from up join evidence_areas p on p.code = up.code where p.parent_code is not null and up.depth < 6)
         select up.code from up join evidence_areas t on t.code = up.code and t.type = 'police-force-area'
         group by up.code order by count(*) desc limit 1`,
        [name],
      );
    }
    if (row) await q(`insert into _police_forces values ($1, $2)`, [name, row.code]);
    out.push({ fallsWithin: name, areaCode: row?.code ?? null });
  }
  return out;
}

/** Replaces the police.uk monthly counts of these months, at every level, from the records held. */
async function deriveMonths(q: Query, months: string[], importId: number) {
  if (!months.length) return;
  await q(
    `create temp table _police_counts on commit drop as
       select month, crime_type_slug as slug, lsoa_code, falls_within, count(*)::int as n
         from evidence_police_records where month = any($1::text[]) group by 1, 2, 3, 4`,
    [months],
  );
  await q(
    `create temp table _police_lsoa_up on commit drop as
       with recursive up(lsoa_code, code, depth) as (
         select a.code, a.parent_code, 1 from evidence_areas a
          where a.code in (select distinct lsoa_code from _police_counts) and a.parent_code is not null
         union all
         select up.lsoa_code, p.parent_code, up.depth + 1 from up join evidence_areas p on p.code = up.code
          where p.parent_code is not null and up.depth < 6)
       select up.lsoa_code, up.code from up join evidence_areas t on t.code = up.code where t.type in ('local-authority', 'csp')`,
  );
  await q(
    `delete from evidence_observations where indicator_key like 'police-uk:%' and period_type = 'month' and period = any($1::text[])`,
    [months],
  );
  await q(
    `insert into evidence_observations (indicator_key, area_code, period, period_type, period_start, numerator, value, import_id)
     select 'police-uk:' || coalesce(slug, 'all-crime'), area_code, month, 'month', (month || '-01')::date, sum(n), sum(n), $1
       from (
         select c.month, c.slug, a.code as area_code, c.n from _police_counts c join evidence_areas a on a.code = c.lsoa_code
         union all
         select c.month, c.slug, a.ward_code, c.n from _police_counts c join evidence_areas a on a.code = c.lsoa_code where a.ward_code is not null
         union all
         select c.month, c.slug, u.code, c.n from _police_counts c join _police_lsoa_up u on u.lsoa_code = c.lsoa_code
         union all
         select c.month, c.slug, f.area_code, c.n from _police_counts c join _police_forces f on f.falls_within = c.falls_within
       ) x
      group by grouping sets ((month, slug, area_code), (month, area_code))`,
    [importId],
  );
  await q(`drop table _police_counts`);
  await q(`drop table _police_lsoa_up`);
}

/**
 * Replaces the police.uk financial-year counts of one year with the sum of its months, but only when all
 * twelve months are held: a part-year total would make year-on-year changes and trends meaningless.
 * Returns whether the year was complete.
 */
async function deriveFinancialYear(q: Query, fy: string, importId: number): Promise<boolean> {
  const period = parsePeriod(fy);
  await q(`delete from evidence_observations where indicator_key like 'police-uk:%' and period = $1`, [fy]);
  const [held] = await q<{ n: number }>(
    `select count(distinct period)::int as n from evidence_observations
      where indicator_key = 'police-uk:all-crime' and period_type = 'month' and period_start between $1::date and $2::date`,
    [period.start, period.end],
  );
  if ((held?.n ?? 0) < 12) return false;
  await q(
    `insert into evidence_observations (indicator_key, area_code, period, period_type, period_start, numerator, value, import_id)
     select indicator_key, area_code, $1, 'financial-year', $2::date, sum(numerator), sum(numerator), $4
       from evidence_observations
      where indicator_key like 'police-uk:%' and period_type = 'month' and period_start between $2::date and $3::date
      group by indicator_key, area_code`,
    [fy, period.start, period.end, importId],
  );
  return true;
}
