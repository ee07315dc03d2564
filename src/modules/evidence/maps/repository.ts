/**
 * The ward map's queries: area boundaries (and the demo's writes of them), the local authorities a map can
 * be drawn for, the months that have police.uk street records, and the records counted per ward (from the
 * monthly counts per LSOA derived at import).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/database.js';
import { areaBoundaries, type Geometry } from '../boundaries-schema.js';
import { areas, policeUkCrimeTypes, policeUkIndicatorKey, type PoliceUkCrimeSlug } from '../schema.js';

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

/**
 * The months (YYYY-MM) that have police.uk street records, latest first. A walk down the month index (each
 * step reads the next earlier month from it) rather than `select distinct` over every record: with millions
 * of records it reads one index entry per month held instead of the whole table.
 */
export async function listPoliceMonths(db: DbOrTx) {
  const rows = await queryRows<{ month: string }>(
    db,
    sql`with recursive held(month) as (
          (select r.month from evidence_police_records r order by r.month desc limit 1)
          union all
          select (select r.month from evidence_police_records r where r.month < held.month order by r.month desc limit 1)
            from held where held.month is not null)
        select month from held where month is not null`,
  );
  return rows.map((r) => r.month);
}

/**
 * Street-level record counts per ward (by the LSOA's best-fit ward) for one crime type (or all) between two
 * months inclusive (YYYY-MM, as police.uk writes them), for the wards under one local authority or every ward.
 *
 * Read from the monthly counts per LSOA that every police.uk import derives from the records it leaves
 * (`derivePoliceMonthlyCounts`: the records held for each month, crime type and LSOA in the area list), added
 * up by each LSOA's ward as the area list has it now. That is the same count as counting the records, without
 * reading them: a year of a city's records is a few million rows, its LSOA counts a few tens of thousands.
 */
export function countPoliceRecordsByWard(
  db: DbOrTx,
  filter: { slug: PoliceUkCrimeSlug | 'all-crime'; fromMonth: string; toMonth: string; localAuthorityCode?: string },
) {
  return queryRows<{ wardCode: string; wardName: string; count: number }>(
    db,
    sql`select w.code as "wardCode", w.name as "wardName", coalesce(sum(o.numerator), 0)::int as count
        from evidence_areas w
        left join evidence_areas l on l.ward_code = w.code and l.type = 'lsoa'
        left join evidence_observations o on o.area_code = l.code and o.indicator_key = ${policeUkIndicatorKey(filter.slug)}
          and o.period_type = 'month' and o.period between ${filter.fromMonth} and ${filter.toMonth}
        where w.type = 'ward' ${filter.localAuthorityCode ? sql`and w.parent_code = ${filter.localAuthorityCode}` : sql``}
        group by w.code, w.name
        order by w.name`,
  );
}

/**
 * The same counts for every crime type at once, for the wards under one local authority: a row per ward and
 * crime type that has records (wards and types without any are left out).
 */
export async function countPoliceRecordsByWardAndType(
  db: DbOrTx,
  filter: { fromMonth: string; toMonth: string; localAuthorityCode: string },
) {
  const keys = policeUkCrimeTypes.map((t) => policeUkIndicatorKey(t.slug));
  const rows = await queryRows<{ wardCode: string; key: string; count: number }>(
    db,
    sql`select l.ward_code as "wardCode", o.indicator_key as key, sum(o.numerator)::int as count
        from evidence_areas w
        join evidence_areas l on l.ward_code = w.code and l.type = 'lsoa'
        join evidence_observations o on o.area_code = l.code and o.indicator_key in (${sql.join(
          keys.map((k) => sql`${k}`),
          sql`, `,
        )})
          and o.period_type = 'month' and o.period between ${filter.fromMonth} and ${filter.toMonth}
        where w.type = 'ward' and w.parent_code = ${filter.localAuthorityCode}
        group by 1, 2`,
  );
  return rows.map((r) => ({ wardCode: r.wardCode, slug: policeUkCrimeTypes[keys.indexOf(r.key)]!.slug, count: r.count }));
}
