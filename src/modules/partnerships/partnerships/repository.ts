/** Partnerships, their place in the governance structure, and their members (the agencies' seats). */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { agencies, memberships, partnerships, type Partnership } from '../schema.js';

export type PartnershipValues = Pick<
  Partnership,
  'name' | 'shortName' | 'kind' | 'areaName' | 'areaCode' | 'parentId' | 'meetingCadence' | 'purpose'
>;

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

// Memberships ----------------------------------------------------------------------------------------

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
