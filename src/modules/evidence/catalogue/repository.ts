/**
 * Evidence reads: the queries the pages, the export and the API use. Import writes live in
 * repository-imports.ts. Every function takes the database or an open transaction first.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/database.js';
import {
  areaPopulations,
  areas,
  comparatorGroups,
  comparatorMembers,
  evidenceImports,
  indicators,
  observations,
  type AreaType,
  type PoliceUkCrimeSlug,
} from './schema.js';

export const getArea = async (db: DbOrTx, code: string) => (await db.select().from(areas).where(eq(areas.code, code)))[0] ?? null;

export const listAreasByCodes = (db: DbOrTx, codes: string[]) =>
  codes.length ? db.select().from(areas).where(inArray(areas.code, codes)).orderBy(asc(areas.name)) : Promise.resolve([]);

/** Areas of a type, optionally only the children of one parent, by name. */
export function listAreas(db: DbOrTx, filter: { type?: AreaType; parentCode?: string } = {}) {
  const where: SQL[] = [];
  if (filter.type) where.push(eq(areas.type, filter.type));
  if (filter.parentCode) where.push(eq(areas.parentCode, filter.parentCode));
  return db
    .select()
    .from(areas)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(areas.name));
}

/** The chain of parents of an area, nearest first (lsoa → local authority → csp → force area → country). */
export async function listAncestors(db: DbOrTx, code: string) {
  return queryRows<{ code: string; name: string; type: AreaType; depth: number }>(
    db,
    sql`with recursive up(code, name, type, parent_code, depth) as (
          select code, name, type, parent_code, 0 from evidence_areas where code = ${code}
          union all
          select a.code, a.name, a.type, a.parent_code, up.depth + 1 from evidence_areas a join up on a.code = up.parent_code
          where up.depth < 10)
        select code, name, type, depth from up where depth > 0 order by depth`,
  );
}

/** Wards of a local authority (their parent), with LSOAs best-fitted to them. */
export const listWardsOf = (db: DbOrTx, localAuthorityCode: string) => listAreas(db, { type: 'ward', parentCode: localAuthorityCode });

export async function getPopulation(db: DbOrTx, areaCode: string, year: number) {
  const rows = await db
    .select()
    .from(areaPopulations)
    .where(and(eq(areaPopulations.areaCode, areaCode), eq(areaPopulations.year, year)));
  return rows[0]?.population ?? null;
}

export const listPopulations = (db: DbOrTx, areaCodes: string[]) =>
  areaCodes.length
    ? db
        .select()
        .from(areaPopulations)
        .where(inArray(areaPopulations.areaCode, areaCodes))
        .orderBy(asc(areaPopulations.areaCode), asc(areaPopulations.year))
    : Promise.resolve([]);

export const getIndicator = async (db: DbOrTx, key: string) =>
  (await db.select().from(indicators).where(eq(indicators.key, key)))[0] ?? null;

export const listIndicators = (db: DbOrTx) => db.select().from(indicators).orderBy(asc(indicators.name));

export interface ObservationFilter {
  indicatorKeys?: string[];
  areaCodes?: string[];
  periods?: string[];
}

/** Observations joined to their area's name, ordered by indicator, period then area name. */
export function listObservations(db: DbOrTx, filter: ObservationFilter) {
  const where: SQL[] = [];
  if (filter.indicatorKeys) where.push(filter.indicatorKeys.length ? inArray(observations.indicatorKey, filter.indicatorKeys) : sql`false`);
  if (filter.areaCodes) where.push(filter.areaCodes.length ? inArray(observations.areaCode, filter.areaCodes) : sql`false`);
  if (filter.periods) where.push(filter.periods.length ? inArray(observations.period, filter.periods) : sql`false`);
  return db
    .select({
      indicatorKey: observations.indicatorKey,
      areaCode: observations.areaCode,
      areaName: areas.name,
      areaType: areas.type,
      period: observations.period,
      periodType: observations.periodType,
      periodStart: observations.periodStart,
      numerator: observations.numerator,
      denominator: observations.denominator,
      value: observations.value,
    })
    .from(observations)
    .innerJoin(areas, eq(areas.code, observations.areaCode))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(observations.indicatorKey), asc(observations.periodStart), asc(areas.name));
}

/** The periods that have observations of an indicator, latest first. */
export async function listPeriodsOf(db: DbOrTx, indicatorKey: string) {
  const rows = await db
    .selectDistinct({ period: observations.period, periodStart: observations.periodStart })
    .from(observations)
    .where(eq(observations.indicatorKey, indicatorKey))
    .orderBy(desc(observations.periodStart));
  return rows.map((r) => r.period);
}

export const listComparatorGroups = (db: DbOrTx) => db.select().from(comparatorGroups).orderBy(asc(comparatorGroups.name));

export async function listComparatorMembers(db: DbOrTx, groupId: number) {
  return db
    .select({ code: areas.code, name: areas.name, type: areas.type })
    .from(comparatorMembers)
    .innerJoin(areas, eq(areas.code, comparatorMembers.areaCode))
    .where(eq(comparatorMembers.groupId, groupId))
    .orderBy(asc(areas.name));
}

/**
 * Street-level record counts per ward (by the LSOA's best-fit ward) for one crime type (or all) between two
 * months inclusive (YYYY-MM, as police.uk writes them), for the wards under one local authority or every ward.
 */
export function countPoliceRecordsByWard(
  db: DbOrTx,
  filter: { slug: PoliceUkCrimeSlug | 'all-crime'; fromMonth: string; toMonth: string; localAuthorityCode?: string },
) {
  return queryRows<{ wardCode: string; wardName: string; count: number }>(
    db,
    sql`select w.code as "wardCode", w.name as "wardName", count(r.id)::int as count
        from evidence_areas w
        left join evidence_areas l on l.ward_code = w.code and l.type = 'lsoa'
        left join evidence_police_records r on r.lsoa_code = l.code
          and r.month between ${filter.fromMonth} and ${filter.toMonth}
          ${filter.slug === 'all-crime' ? sql`` : sql`and r.crime_type_slug = ${filter.slug}`}
        where w.type = 'ward' ${filter.localAuthorityCode ? sql`and w.parent_code = ${filter.localAuthorityCode}` : sql``}
        group by w.code, w.name
        order by w.name`,
  );
}

/** The import history, newest first. */
export const listImports = (db: DbOrTx, limit = 100) =>
  db.select().from(evidenceImports).orderBy(desc(evidenceImports.createdAt), desc(evidenceImports.id)).limit(limit);

export const getImport = async (db: DbOrTx, id: number) =>
  (await db.select().from(evidenceImports).where(eq(evidenceImports.id, id)))[0] ?? null;
