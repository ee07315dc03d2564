/**
 * Reads (and the demo's few writes) the evidence pages need beyond repository.ts: boundaries, comparator
 * groups containing an area, the areas and months that have figures, and who counts as an analyst.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/database.js';
import { areaBoundaries, type Geometry } from './boundaries-schema.js';
import { areas, comparatorGroups, comparatorMembers, observations } from './schema.js';

export async function upsertBoundaries(db: DbOrTx, rows: { areaCode: string; geometry: Geometry; source: string }[]) {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insert(areaBoundaries)
      .values(rows.slice(i, i + 200))
      .onConflictDoUpdate({
        target: areaBoundaries.areaCode,
        set: { geometry: sql`excluded.geometry`, source: sql`excluded.source`, updatedAt: sql`now()` },
      });
  }
}

export const countBoundaries = async (db: DbOrTx) =>
  (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from evidence_area_boundaries`))[0]?.n ?? 0;

/** The wards under a local authority with their boundaries (wards without one are left out). */
export function listWardBoundaries(db: DbOrTx, localAuthorityCode: string) {
  return db
    .select({ code: areas.code, name: areas.name, geometry: areaBoundaries.geometry })
    .from(areas)
    .innerJoin(areaBoundaries, eq(areaBoundaries.areaCode, areas.code))
    .where(and(eq(areas.type, 'ward'), eq(areas.parentCode, localAuthorityCode)))
    .orderBy(asc(areas.name));
}

/** Local authorities that have wards with boundaries: the places a hotspot map can be drawn for. */
export function listMappableAuthorities(db: DbOrTx) {
  return queryRows<{ code: string; name: string }>(
    db,
    sql`select distinct la.code, la.name from evidence_areas la
        join evidence_areas w on w.parent_code = la.code and w.type = 'ward'
        join evidence_area_boundaries b on b.area_code = w.code
        where la.type = 'local-authority' order by la.name`,
  );
}

/** The months (YYYY-MM) that have police.uk street records, latest first. */
export async function listPoliceMonths(db: DbOrTx) {
  const rows = await queryRows<{ month: string }>(
    db,
    sql`select distinct left(r.month::text, 7) as month from evidence_police_records r order by 1 desc`,
  );
  return rows.map((r) => r.month);
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

/** Analysts see unsuppressed figures: administrators, and coordinators or contributors of any partnership. */
export async function isAnalyst(db: DbOrTx, userId: number) {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from user_roles where user_id = ${userId} and role in ('coordinator', 'contributor')`,
  );
  return (rows[0]?.n ?? 0) > 0;
}
