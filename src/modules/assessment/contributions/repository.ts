import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { users } from '../../access/schema.js';
import { contributionRequests, contributions } from '../schema.js';

/** SQL of contribution requests and the agencies' replies. */

export const listRequests = (db: DbOrTx, assessmentId: number) =>
  db
    .select()
    .from(contributionRequests)
    .where(eq(contributionRequests.assessmentId, assessmentId))
    .orderBy(desc(contributionRequests.openedAt));

export async function findRequest(db: DbOrTx, id: number) {
  const [row] = await db.select().from(contributionRequests).where(eq(contributionRequests.id, id));
  return row;
}

export async function openRequestOf(db: DbOrTx, assessmentId: number) {
  const [row] = await db
    .select()
    .from(contributionRequests)
    .where(and(eq(contributionRequests.assessmentId, assessmentId), isNull(contributionRequests.closedAt)));
  return row;
}

export async function insertRequest(db: DbOrTx, values: typeof contributionRequests.$inferInsert) {
  const [row] = await db.insert(contributionRequests).values(values).returning();
  return row!;
}

export async function closeRequest(db: DbOrTx, id: number, version: number) {
  const [row] = await db
    .update(contributionRequests)
    .set({ closedAt: new Date(), version: sql`${contributionRequests.version} + 1` })
    .where(and(eq(contributionRequests.id, id), eq(contributionRequests.version, version), isNull(contributionRequests.closedAt)))
    .returning();
  return row;
}

export const listContributions = (db: DbOrTx, requestId: number) =>
  db.select().from(contributions).where(eq(contributions.requestId, requestId)).orderBy(asc(contributions.submittedAt));

export async function findContribution(db: DbOrTx, requestId: number, agencyId: number) {
  const [row] = await db
    .select()
    .from(contributions)
    .where(and(eq(contributions.requestId, requestId), eq(contributions.agencyId, agencyId)));
  return row;
}

export async function insertContribution(db: DbOrTx, values: typeof contributions.$inferInsert) {
  const [row] = await db.insert(contributions).values(values).onConflictDoNothing().returning();
  return row;
}

export async function updateContribution(
  db: DbOrTx,
  id: number,
  version: number,
  values: { view: string; authorId: number | null; authorName: string },
) {
  const [row] = await db
    .update(contributions)
    .set({ ...values, version: sql`${contributions.version} + 1`, submittedAt: new Date() })
    .where(and(eq(contributions.id, id), eq(contributions.version, version)))
    .returning();
  return row;
}

export async function userName(db: DbOrTx, userId: number | null) {
  if (userId === null) return 'SaferHub';
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return row?.name ?? 'Unknown user';
}
