import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { agencies, memberships, partnerships, type Agency, type Partnership } from './schema.js';

export type AgencyValues = Pick<Agency, 'name' | 'shortName' | 'kind' | 'responsibleAuthority'>;
export type PartnershipValues = Pick<
  Partnership,
  'name' | 'shortName' | 'kind' | 'areaName' | 'areaCode' | 'parentId' | 'meetingCadence' | 'purpose'
>;

export const listAgencies = (db: DbOrTx) => db.select().from(agencies).orderBy(asc(agencies.name));

export async function findAgency(db: DbOrTx, id: number) {
  const [row] = await db.select().from(agencies).where(eq(agencies.id, id));
  return row;
}

export const findAgenciesByName = (db: DbOrTx, fragment: string) =>
  db
    .select()
    .from(agencies)
    .where(
      sql`lower(${agencies.name}) like ${'%' + fragment.toLowerCase().replace(/[\\%_]/g, '\\$&') + '%'} or lower(${agencies.shortName}) = ${fragment.toLowerCase()}`,
    );

export async function insertAgency(db: DbOrTx, values: AgencyValues) {
  const [row] = await db.insert(agencies).values(values).returning();
  return row!;
}

/** Updates only when the version still matches; returns undefined when someone else saved first. */
export async function updateAgency(db: DbOrTx, id: number, version: number, values: AgencyValues) {
  const [row] = await db
    .update(agencies)
    .set({ ...values, version: sql`${agencies.version} + 1`, updatedAt: new Date() })
    .where(and(eq(agencies.id, id), eq(agencies.version, version)))
    .returning();
  return row;
}

export const listPartnerships = (db: DbOrTx, ids: number[] | 'all') =>
  ids === 'all'
    ? db.select().from(partnerships).orderBy(asc(partnerships.name))
    : ids.length === 0
      ? Promise.resolve([] as Partnership[])
      : db.select().from(partnerships).where(inArray(partnerships.id, ids)).orderBy(asc(partnerships.name));

export async function findPartnership(db: DbOrTx, id: number) {
  const [row] = await db.select().from(partnerships).where(eq(partnerships.id, id));
  return row;
}

export const findPartnershipsByName = (db: DbOrTx, fragment: string) =>
  db
    .select()
    .from(partnerships)
    .where(
      sql`lower(${partnerships.name}) like ${'%' + fragment.toLowerCase().replace(/[\\%_]/g, '\\$&') + '%'} or lower(${partnerships.shortName}) = ${fragment.toLowerCase()}`,
    );

export async function insertPartnership(db: DbOrTx, values: PartnershipValues) {
  const [row] = await db.insert(partnerships).values(values).returning();
  return row!;
}

export async function updatePartnership(db: DbOrTx, id: number, version: number, values: PartnershipValues) {
  const [row] = await db
    .update(partnerships)
    .set({ ...values, version: sql`${partnerships.version} + 1`, updatedAt: new Date() })
    .where(and(eq(partnerships.id, id), eq(partnerships.version, version)))
    .returning();
  return row;
}

/** Every partnership's id, name and parent: the governance structure is drawn from it. */
export const listPartnershipTree = (db: DbOrTx) =>
  db
    .select({ id: partnerships.id, name: partnerships.name, kind: partnerships.kind, parentId: partnerships.parentId })
    .from(partnerships)
    .orderBy(asc(partnerships.name));

export const listMembers = (db: DbOrTx, partnershipId: number) =>
  db
    .select({
      id: memberships.id,
      role: memberships.role,
      officer: memberships.officer,
      agencyId: agencies.id,
      agencyName: agencies.name,
      agencyKind: agencies.kind,
      responsibleAuthority: agencies.responsibleAuthority,
    })
    .from(memberships)
    .innerJoin(agencies, eq(agencies.id, memberships.agencyId))
    .where(eq(memberships.partnershipId, partnershipId))
    .orderBy(asc(agencies.name), asc(memberships.role));

export const listAgencyPartnerships = (db: DbOrTx, agencyId: number) =>
  db
    .select({ partnershipId: partnerships.id, partnershipName: partnerships.name, role: memberships.role, officer: memberships.officer })
    .from(memberships)
    .innerJoin(partnerships, eq(partnerships.id, memberships.partnershipId))
    .where(eq(memberships.agencyId, agencyId))
    .orderBy(asc(partnerships.name));

export async function findMembership(db: DbOrTx, id: number) {
  const [row] = await db.select().from(memberships).where(eq(memberships.id, id));
  return row;
}

export async function insertMembership(
  db: DbOrTx,
  values: { partnershipId: number; agencyId: number; role: (typeof memberships.$inferInsert)['role']; officer: string | null },
) {
  const [row] = await db.insert(memberships).values(values).onConflictDoNothing().returning();
  return row;
}

export async function deleteMembership(db: DbOrTx, id: number) {
  await db.delete(memberships).where(eq(memberships.id, id));
}
