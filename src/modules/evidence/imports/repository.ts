/**
 * Every query of the imports: the import history (written before, during and after an import), the
 * look-ups importers check rows against, their writes (upserts through Drizzle on the import's transaction,
 * `session.db`), and the bulk SQL of the police.uk files (COPY into the record tables, then the counts
 * derived from them) run on the import's one connection (`BulkSession`, repository-bulk.ts).
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import {
  areaPopulations,
  areas,
  evidenceImports,
  indicators,
  observations,
  type ImportKind,
  type ImportStatus,
  type ImportSummary,
} from '../schema.js';
import type { BulkSession } from './repository-bulk.js';

export { CopyError, withBulkTransaction, type BulkSession } from './repository-bulk.js';

// The import history ------------------------------------------------------------------------------------

export async function findSucceededImport(db: DbOrTx, kind: ImportKind, sha256: string) {
  const rows = await db
    .select()
    .from(evidenceImports)
    .where(and(eq(evidenceImports.kind, kind), eq(evidenceImports.sha256, sha256), eq(evidenceImports.status, 'succeeded')));
  return rows[0] ?? null;
}

export async function insertImport(
  db: DbOrTx,
  row: {
    kind: ImportKind;
    fileName: string;
    sha256: string;
    status: ImportStatus;
    userId: number | null;
    summary?: ImportSummary;
    bytesTotal?: number;
    progressAt?: Date;
  },
) {
  const [created] = await db
    .insert(evidenceImports)
    .values({ ...row, summary: row.summary ?? { messages: [] } })
    .returning({ id: evidenceImports.id });
  return created!.id;
}

export async function finishImport(
  db: DbOrTx,
  id: number,
  values: { rowsRead: number; rowsWritten: number; summary: ImportSummary; status?: ImportStatus },
) {
  await db
    .update(evidenceImports)
    .set({ ...values, finishedAt: sql`now()` })
    .where(eq(evidenceImports.id, id));
}

/** A background import's progress and heartbeat; only while it is still running. */
export async function recordImportProgress(db: DbOrTx, id: number, progress: { bytesDone: number; rowsDone: number } | null) {
  await db
    .update(evidenceImports)
    .set({ ...(progress ?? {}), progressAt: sql`now()` })
    .where(and(eq(evidenceImports.id, id), eq(evidenceImports.status, 'running')));
}

/**
 * Marks failed the imports left running by a process that stopped: no heartbeat for `staleSeconds`. The
 * ids still running in this process are left alone (a busy pool can delay their heartbeat).
 */
export async function failStaleImports(db: DbOrTx, liveIds: number[], staleSeconds: number) {
  const message = 'The import stopped before it finished (the server was stopped or restarted). Nothing from it was saved.';
  await db
    .update(evidenceImports)
    .set({ status: 'failed', summary: { messages: [message] }, finishedAt: sql`now()` })
    .where(
      and(
        eq(evidenceImports.status, 'running'),
        sql`coalesce(${evidenceImports.progressAt}, ${evidenceImports.createdAt}) < now() - make_interval(secs => ${staleSeconds})`,
        liveIds.length ? sql`${evidenceImports.id} <> all(${`{${liveIds.join(',')}}`}::integer[])` : sql`true`,
      ),
    );
}

/** The import history, newest first. */
export const listImports = (db: DbOrTx, limit = 100) =>
  db.select().from(evidenceImports).orderBy(desc(evidenceImports.createdAt), desc(evidenceImports.id)).limit(limit);

export const getImport = async (db: DbOrTx, id: number) =>
  (await db.select().from(evidenceImports).where(eq(evidenceImports.id, id)))[0] ?? null;

// Look-ups and writes of the small files (areas, populations, indicators, observations, Home Office) --------

export async function listAreaCodes(db: DbOrTx) {
  const rows = await db.select({ code: areas.code, type: areas.type, name: areas.name }).from(areas);
  return rows;
}

export type AreaRow = typeof areas.$inferInsert;
export async function upsertAreas(db: DbOrTx, rows: AreaRow[]) {
  if (!rows.length) return;
  await db
    .insert(areas)
    .values(rows)
    .onConflictDoUpdate({
      target: areas.code,
      set: {
        name: sql`excluded.name`,
        type: sql`excluded.type`,
        parentCode: sql`excluded.parent_code`,
        wardCode: sql`coalesce(excluded.ward_code, ${areas.wardCode})`,
        centroidLon: sql`coalesce(excluded.centroid_lon, ${areas.centroidLon})`,
        centroidLat: sql`coalesce(excluded.centroid_lat, ${areas.centroidLat})`,
        importId: sql`excluded.import_id`,
        updatedAt: sql`now()`,
      },
    });
}

export type PopulationRow = typeof areaPopulations.$inferInsert;
export async function upsertPopulations(db: DbOrTx, rows: PopulationRow[]) {
  if (!rows.length) return;
  await db
    .insert(areaPopulations)
    .values(rows)
    .onConflictDoUpdate({
      target: [areaPopulations.areaCode, areaPopulations.year],
      set: { population: sql`excluded.population`, importId: sql`excluded.import_id` },
    });
}

export async function listAllPopulations(db: DbOrTx) {
  return db
    .select({ areaCode: areaPopulations.areaCode, year: areaPopulations.year, population: areaPopulations.population })
    .from(areaPopulations);
}

export type IndicatorRow = typeof indicators.$inferInsert;
export async function upsertIndicators(db: DbOrTx, rows: IndicatorRow[], mode: 'update' | 'keep' = 'update') {
  if (!rows.length) return;
  const insert = db.insert(indicators).values(rows);
  if (mode === 'keep') {
    await insert.onConflictDoNothing();
    return;
  }
  await insert.onConflictDoUpdate({
    target: indicators.key,
    set: {
      name: sql`excluded.name`,
      unit: sql`excluded.unit`,
      multiplier: sql`excluded.multiplier`,
      polarity: sql`excluded.polarity`,
      periodType: sql`excluded.period_type`,
      source: sql`excluded.source`,
      smallNumberThreshold: sql`excluded.small_number_threshold`,
      importId: sql`excluded.import_id`,
      updatedAt: sql`now()`,
    },
  });
}

export const listIndicatorDefinitions = (db: DbOrTx) => db.select().from(indicators);

export type ObservationRow = typeof observations.$inferInsert;
export async function upsertObservations(db: DbOrTx, rows: ObservationRow[]) {
  if (!rows.length) return;
  await db
    .insert(observations)
    .values(rows)
    .onConflictDoUpdate({
      target: [observations.indicatorKey, observations.areaCode, observations.period],
      set: {
        periodType: sql`excluded.period_type`,
        periodStart: sql`excluded.period_start`,
        numerator: sql`excluded.numerator`,
        denominator: sql`excluded.denominator`,
        value: sql`excluded.value`,
        importId: sql`excluded.import_id`,
      },
    });
}

/** Writes rows in batches small enough for one statement's parameters. */
export async function inBatches<T>(rows: T[], size: number, write: (batch: T[]) => Promise<void>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

// Inside an import's transaction: its settings, and the police.uk files' bulk SQL -----------------------------

/** The import the rows being written belong to: the record tables take their `import_id` from it. */
export async function setImportId(session: BulkSession, importId: number) {
  await session.query(`select set_config('saferhub.import_id', $1, true)`, [String(importId)]);
}

/** The force of the stop-and-search rows about to be copied in: their table takes `force` from it. */
export async function setStopSearchForce(session: BulkSession, force: string) {
  await session.query(`select set_config('saferhub.force', $1, true)`, [force]);
}

/** The columns every police.uk record file starts with (crime, month, force and location), as stored. */
const locatedColumns = ['crime_id', 'month', 'reported_by', 'falls_within', 'longitude', 'latitude', 'location', 'lsoa_code', 'lsoa_name'];

/** The police.uk tables, each with its columns in the order of its file's columns. */
const policeTables = {
  street: { table: 'evidence_police_records', columns: [...locatedColumns, 'crime_type', 'last_outcome', 'context'] },
  outcomes: { table: 'evidence_police_outcomes', columns: [...locatedColumns, 'outcome_type'] },
  'stop-and-search': {
    table: 'evidence_stop_searches',
    columns: [
      'type',
      'occurred_at',
      'part_of_policing_operation',
      'policing_operation',
      'latitude',
      'longitude',
      'gender',
      'age_range',
      'self_defined_ethnicity',
      'officer_defined_ethnicity',
      'legislation',
      'object_of_search',
      'outcome',
      'outcome_linked_to_object',
      'removal_of_more_than_outer_clothing',
    ],
  },
} as const;
export type PoliceFile = keyof typeof policeTables;

/**
 * COPY the rows of a police.uk file (CSV text without its header, whole rows per chunk) into its table. A
 * row PostgreSQL refuses throws a `CopyError` naming the row.
 */
export function copyPoliceRows(session: BulkSession, file: PoliceFile, chunks: AsyncIterable<Buffer>) {
  const { table, columns } = policeTables[file];
  return session.copyCsv(table, [...columns], chunks);
}

/** How many rows of a police.uk file this import wrote. */
export async function countPoliceRows(session: BulkSession, file: PoliceFile, importId: number) {
  const [row] = await session.query<{ n: number }>(`select count(*)::int as n from ${policeTables[file].table} where import_id = $1`, [
    importId,
  ]);
  return row?.n ?? 0;
}

/** The street records of this import: how many, how many with no LSOA, and how many in an LSOA not held. */
export async function countStreetRecords(session: BulkSession, importId: number) {
  const [stats] = await session.query<{ rows: number; nolsoa: number; unknown: number }>(
    `select count(*)::int as rows,
            count(*) filter (where r.lsoa_code is null)::int as nolsoa,
            count(*) filter (where r.lsoa_code is not null and a.code is null)::int as unknown
       from evidence_police_records r left join evidence_areas a on a.code = r.lsoa_code
      where r.import_id = $1`,
    [importId],
  );
  return stats!;
}

/** The months and forces ("Falls within") the street records of this import cover. */
export function listStreetMonthsAndForces(session: BulkSession, importId: number) {
  return session.query<{ month: string; fallsWithin: string }>(
    `select distinct month, falls_within as "fallsWithin" from evidence_police_records where import_id = $1 order by month`,
    [importId],
  );
}

/** Deletes the street records of earlier files for the same force and month as this import's; returns how many. */
export async function deleteReplacedStreetRecords(session: BulkSession, importId: number) {
  const [replaced] = await session.query<{ n: number }>(
    `with gone as (delete from evidence_police_records r
        where r.import_id <> $1 and (r.month, r.falls_within) in (select distinct month, falls_within from evidence_police_records where import_id = $1)
        returning 1)
     select count(*)::int as n from gone`,
    [importId],
  );
  return replaced!.n;
}

/** Starts this transaction's map of "Falls within" names to police force areas (a temporary table). */
export async function startPoliceForceMap(session: BulkSession) {
  await session.query(
    `create temp table if not exists _police_forces (falls_within text primary key, area_code text not null) on commit drop`,
  );
  await session.query(`delete from _police_forces`);
}

/** The police force area named `name` or `shortName` (any case). */
export async function findPoliceForceAreaByName(session: BulkSession, name: string, shortName: string) {
  const [row] = await session.query<{ code: string }>(
    `select code from evidence_areas where type = 'police-force-area' and lower(name) in (lower($1), lower($2)) limit 1`,
    [name, shortName],
  );
  return row?.code ?? null;
}

/** The police force area most of this import's records "falling within" `name` lie in, by their LSOAs. */
export async function findPoliceForceAreaByLsoas(session: BulkSession, name: string) {
  const [row] = await session.query<{ code: string }>(
    `with recursive up(code, depth) as (
        select a.parent_code, 1 from evidence_police_records r join evidence_areas a on a.code = r.lsoa_code
         where r.falls_within = $1 and r.import_id = current_setting('saferhub.import_id')::integer and a.parent_code is not null
        union all
        select p.parent_code, up.depth + 1 from up join evidence_areas p on p.code = up.code where p.parent_code is not null and up.depth < 6)
     select up.code from up join evidence_areas t on t.code = up.code and t.type = 'police-force-area'
     group by up.code order by count(*) desc limit 1`,
    [name],
  );
  return row?.code ?? null;
}

export async function mapPoliceForce(session: BulkSession, fallsWithin: string, areaCode: string) {
  await session.query(`insert into _police_forces values ($1, $2)`, [fallsWithin, areaCode]);
}

/**
 * Replaces the police.uk monthly counts of these months, at every level, from the records held: each LSOA,
 * its best-fit ward, the local authority and CSP above it, and the force area of the mapped "Falls within"
 * names (startPoliceForceMap); per crime type and for all crime.
 */
export async function derivePoliceMonthlyCounts(session: BulkSession, months: string[], importId: number) {
  if (!months.length) return;
  const q = session.query.bind(session);
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

/** Deletes the police.uk counts of one financial year (`2017/18`). */
export async function deletePoliceFinancialYear(session: BulkSession, financialYear: string) {
  await session.query(`delete from evidence_observations where indicator_key like 'police-uk:%' and period = $1`, [financialYear]);
}

/** How many months between two dates (inclusive, YYYY-MM-DD) have police.uk monthly counts. */
export async function countPoliceMonthsHeld(session: BulkSession, start: string, end: string) {
  const [held] = await session.query<{ n: number }>(
    `select count(distinct period)::int as n from evidence_observations
      where indicator_key = 'police-uk:all-crime' and period_type = 'month' and period_start between $1::date and $2::date`,
    [start, end],
  );
  return held?.n ?? 0;
}

/**
 * Writes the police.uk counts of a financial year as the sum of its months' counts, for every count indicator
 * and area (the companion rates are derived from the sums: `derivePoliceRates`).
 */
export async function insertPoliceFinancialYear(session: BulkSession, year: { key: string; start: string; end: string }, importId: number) {
  await session.query(
    `insert into evidence_observations (indicator_key, area_code, period, period_type, period_start, numerator, value, import_id)
     select indicator_key, area_code, $1, 'financial-year', $2::date, sum(numerator), sum(numerator), $4
       from evidence_observations
      where indicator_key like 'police-uk:%' and indicator_key not like '%:rate'
        and period_type = 'month' and period_start between $2::date and $3::date
      group by indicator_key, area_code`,
    [year.key, year.start, year.end, importId],
  );
}

/** Deletes the companion rates (`<prefix>…:rate`) of these periods, or of every period. */
export async function deleteCompanionRates(session: BulkSession, prefix: string, periods: string[] | null) {
  await session.query(
    `delete from evidence_observations where indicator_key like $1 and ($2::text[] is null or period = any($2::text[]))`,
    [`${prefix}%:rate`, periods],
  );
}

/**
 * Writes the companion rates per `multiplier` residents (`<count key>:rate`) of the counts whose key starts with
 * `prefix`, in these periods (or every period), for every area whose population is held for the year the period
 * starts in: numerator the count, denominator the population. The rates' indicators must exist, and their
 * earlier figures for these periods must have been deleted. Returns how many were written.
 */
export async function insertCompanionRates(
  session: BulkSession,
  scope: { prefix: string; periods: string[] | null; multiplier: number },
  importId: number,
) {
  const [written] = await session.query<{ n: number }>(
    `with added as (
       insert into evidence_observations (indicator_key, area_code, period, period_type, period_start, numerator, denominator, value, import_id)
       select o.indicator_key || ':rate', o.area_code, o.period, o.period_type, o.period_start, o.numerator, p.population,
              o.numerator / p.population * $3, $4
         from evidence_observations o
         join evidence_indicators c on c.key = o.indicator_key and c.unit = 'count'
         join evidence_indicators r on r.key = o.indicator_key || ':rate'
         join evidence_area_populations p on p.area_code = o.area_code and p.year = extract(year from o.period_start)::integer
        where o.indicator_key like $1 and o.indicator_key not like '%:rate' and ($2::text[] is null or o.period = any($2::text[]))
       returning 1)
     select count(*)::int as n from added`,
    [`${scope.prefix}%`, scope.periods, scope.multiplier, importId],
  );
  return written?.n ?? 0;
}

/** The count indicators whose key starts with `prefix` (not their companion rates). */
export const listCountIndicators = (db: DbOrTx, prefix: string) =>
  db
    .select()
    .from(indicators)
    .where(and(eq(indicators.unit, 'count'), sql`${indicators.key} like ${`${prefix}%`}`, sql`${indicators.key} not like '%:rate'`));

/** Removes the companion rate indicators this import defined that have no figures (no population was held). */
export async function deleteEmptyRateIndicators(db: DbOrTx, prefix: string, importId: number) {
  // The rate indicators this import created and nothing measured; those of earlier imports are left alone.
  await db.execute(
    sql`delete from evidence_indicators i where i.import_id = ${importId} and i.key like ${`${prefix}%:rate`}
        and not exists (select 1 from evidence_observations o where o.indicator_key = i.key)`,
  );
}
