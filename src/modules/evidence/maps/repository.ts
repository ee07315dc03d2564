/**
 * The ward map's queries: area boundaries (and the demo's writes of them), the local authorities a map can
 * be drawn for, the months that have police.uk street records, and the records counted per ward.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/database.js';
import { areaBoundaries, type Geometry } from '../boundaries-schema.js';
import { areas, type PoliceUkCrimeSlug } from '../schema.js';

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
