/**
 * The catalogue's queries: areas, populations, indicators, observations and comparator groups, read by the
 * pages, the export and the API (and the demo's comparator group). Import writes live in
 * imports/repository.ts, the map's queries in maps/repository.ts. Every function takes the database or an
 * open transaction first.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/database.js';
import { areaPopulations, areas, comparatorGroups, comparatorMembers, indicators, observations, type AreaType } from '../schema.js';

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

export interface RelatedArea {
  code: string;
  name: string;
  type: AreaType;
  /** Whether it has any figures, so that its profile can be opened. */
  hasFigures: boolean;
}

/** The chain of parents of an area, nearest first, each saying whether it has figures. */
export function listAncestorsWithFigures(db: DbOrTx, code: string) {
  return queryRows<RelatedArea>(
    db,
    sql`with recursive up(code, name, type, parent_code, depth) as (
          select code, name, type, parent_code, 0 from evidence_areas where code = ${code}
          union all
          select a.code, a.name, a.type, a.parent_code, up.depth + 1 from evidence_areas a join up on a.code = up.parent_code
          where up.depth < 10)
        select up.code, up.name, up.type,
               exists (select 1 from evidence_observations o where o.area_code = up.code) as "hasFigures"
        from up where depth > 0 order by depth`,
  );
}

/** The areas whose parent is this area that have figures, by type (largest first) then name. */
export function listChildrenWithFigures(db: DbOrTx, code: string) {
  return queryRows<RelatedArea>(
    db,
    sql`select a.code, a.name, a.type, true as "hasFigures" from evidence_areas a
        where a.parent_code = ${code}
          and exists (select 1 from evidence_observations o where o.area_code = a.code)
        order by case a.type when 'country' then 0 when 'region' then 1 when 'police-force-area' then 2 when 'csp' then 3
          when 'local-authority' then 4 when 'ward' then 5 else 6 end, a.name`,
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

/** Comparator groups that include the area (or were drawn up for it), with their members. */
export async function listGroupsFor(db: DbOrTx, areaCode: string) {
  const groups = await queryRows<{ id: number; name: string; areaCode: string | null; description: string | null }>(
    db,
    sql`select g.id, g.name, g.area_code as "areaCode", g.description from evidence_comparator_groups g
        where g.area_code = ${areaCode}
           or exists (select 1 from evidence_comparator_members m where m.group_id = g.id and m.area_code = ${areaCode})
        order by g.name`,
  );
  const members = groups.length
    ? await db
        .select({ groupId: comparatorMembers.groupId, code: areas.code, name: areas.name })
        .from(comparatorMembers)
        .innerJoin(areas, eq(areas.code, comparatorMembers.areaCode))
        .where(
          inArray(
            comparatorMembers.groupId,
            groups.map((g) => g.id),
          ),
        )
    : [];
  return groups.map((g) => ({ ...g, members: members.filter((m) => m.groupId === g.id) }));
}

/** Creates a comparator group with its members unless one of that name exists. Returns 1 when created. */
export async function ensureComparatorGroup(
  db: DbOrTx,
  group: { name: string; areaCode: string | null; description: string; members: string[] },
): Promise<number> {
  const existing = await db.select().from(comparatorGroups).where(eq(comparatorGroups.name, group.name));
  if (existing.length) return 0;
  const [created] = await db
    .insert(comparatorGroups)
    .values({ name: group.name, areaCode: group.areaCode, description: group.description })
    .returning();
  await db.insert(comparatorMembers).values(group.members.map((areaCode) => ({ groupId: created!.id, areaCode })));
  return 1;
}

/** Areas that have figures for an indicator, by type then name. */
export function listAreasWithFigures(db: DbOrTx, indicatorKey: string) {
  return queryRows<{ code: string; name: string; type: string }>(
    db,
    sql`select a.code, a.name, a.type from evidence_areas a
        where exists (select 1 from evidence_observations o where o.area_code = a.code and o.indicator_key = ${indicatorKey})
        order by case a.type when 'country' then 0 when 'police-force-area' then 1 when 'csp' then 2
          when 'local-authority' then 3 when 'ward' then 4 else 5 end, a.name`,
  );
}

/** The periods an area has figures for, latest first, with how many indicators each. */
export function listPeriodsForArea(db: DbOrTx, areaCode: string) {
  return queryRows<{ period: string; periodType: string; indicators: number }>(
    db,
    sql`select period, period_type as "periodType", count(distinct indicator_key)::int as indicators
        from ${observations} where area_code = ${areaCode}
        group by period, period_type, period_start order by period_start desc, period`,
  );
}
