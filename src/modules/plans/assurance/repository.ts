import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { dimensions, ratings, type AssuranceRating } from '../schema.js';

export const listDimensions = (db: DbOrTx, partnershipId: number) =>
  db.select().from(dimensions).where(eq(dimensions.partnershipId, partnershipId)).orderBy(asc(dimensions.position), asc(dimensions.id));

export async function insertDimension(db: DbOrTx, partnershipId: number, name: string) {
  const [max] = await db
    .select({ next: sql<number>`coalesce(max(${dimensions.position}), 0) + 1` })
    .from(dimensions)
    .where(eq(dimensions.partnershipId, partnershipId));
  const [row] = await db
    .insert(dimensions)
    .values({ partnershipId, name, position: Number(max?.next ?? 1) })
    .returning();
  return row!;
}

export async function deleteDimension(db: DbOrTx, partnershipId: number, id: number) {
  const [row] = await db
    .delete(dimensions)
    .where(and(eq(dimensions.id, id), eq(dimensions.partnershipId, partnershipId)))
    .returning();
  return row;
}

export const listRatings = (db: DbOrTx, priorityIds: number[]) =>
  priorityIds.length === 0 ? Promise.resolve([]) : db.select().from(ratings).where(inArray(ratings.priorityId, priorityIds));

export async function findRating(db: DbOrTx, priorityId: number, dimensionId: number, periodKey: string) {
  const [row] = await db
    .select()
    .from(ratings)
    .where(and(eq(ratings.priorityId, priorityId), eq(ratings.dimensionId, dimensionId), eq(ratings.periodKey, periodKey)));
  return row;
}

/**
 * Saves one rating. Version 0 means "there was none when I started": the insert is refused if one now
 * exists. Otherwise the row is updated only when its version still matches. Undefined means a conflict.
 */
export async function saveRating(
  db: DbOrTx,
  key: { priorityId: number; dimensionId: number; periodKey: string },
  version: number,
  values: { rating: AssuranceRating; narrative: string | null; updatedBy: number | null },
) {
  if (version === 0) {
    const [row] = await db
      .insert(ratings)
      .values({ ...key, ...values })
      .onConflictDoNothing()
      .returning();
    return row;
  }
  const [row] = await db
    .update(ratings)
    .set({ ...values, version: sql`${ratings.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(ratings.priorityId, key.priorityId),
        eq(ratings.dimensionId, key.dimensionId),
        eq(ratings.periodKey, key.periodKey),
        eq(ratings.version, version),
      ),
    )
    .returning();
  return row;
}
