import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { users } from '../../access/schema.js';
import { rounds, updates, type RagStatus, type UpdateState } from '../schema.js';

// Rounds -----------------------------------------------------------------------------------------------
export const listRounds = (db: DbOrTx, planIds: number[]) =>
  planIds.length === 0
    ? Promise.resolve([])
    : db.select().from(rounds).where(inArray(rounds.planId, planIds)).orderBy(desc(rounds.openedAt));

export async function findRound(db: DbOrTx, id: number) {
  const [row] = await db.select().from(rounds).where(eq(rounds.id, id));
  return row;
}

export async function findRoundByPeriod(db: DbOrTx, planId: number, periodKey: string) {
  const [row] = await db
    .select()
    .from(rounds)
    .where(and(eq(rounds.planId, planId), eq(rounds.periodKey, periodKey)));
  return row;
}

export async function insertRound(db: DbOrTx, values: { planId: number; periodKey: string; dueDate: string; openedBy: number | null }) {
  const [row] = await db.insert(rounds).values(values).onConflictDoNothing().returning();
  return row;
}

export async function closeRound(db: DbOrTx, id: number, version: number, closedBy: number | null, closedAt = new Date()) {
  const [row] = await db
    .update(rounds)
    .set({ closedAt, closedBy, version: sql`${rounds.version} + 1` })
    .where(and(eq(rounds.id, id), eq(rounds.version, version), sql`${rounds.closedAt} is null`))
    .returning();
  return row;
}

export async function reopenRound(db: DbOrTx, id: number, version: number) {
  const [row] = await db
    .update(rounds)
    .set({ closedAt: null, closedBy: null, version: sql`${rounds.version} + 1` })
    .where(and(eq(rounds.id, id), eq(rounds.version, version), sql`${rounds.closedAt} is not null`))
    .returning();
  return row;
}

// Updates ----------------------------------------------------------------------------------------------
export const listUpdatesForRounds = (db: DbOrTx, roundIds: number[]) =>
  roundIds.length === 0
    ? Promise.resolve([])
    : db.select().from(updates).where(inArray(updates.roundId, roundIds)).orderBy(asc(updates.actionId), desc(updates.version));

export const listUpdatesForAction = (db: DbOrTx, actionId: number) =>
  db
    .select({ update: updates, periodKey: rounds.periodKey, roundClosedAt: rounds.closedAt })
    .from(updates)
    .innerJoin(rounds, eq(rounds.id, updates.roundId))
    .where(eq(updates.actionId, actionId))
    .orderBy(desc(updates.submittedAt), desc(updates.version));

export async function findUpdate(db: DbOrTx, id: number) {
  const [row] = await db.select().from(updates).where(eq(updates.id, id));
  return row;
}

export async function latestUpdate(db: DbOrTx, roundId: number, actionId: number) {
  const [row] = await db
    .select()
    .from(updates)
    .where(and(eq(updates.roundId, roundId), eq(updates.actionId, actionId)))
    .orderBy(desc(updates.version))
    .limit(1);
  return row;
}

export interface NewUpdate {
  roundId: number;
  actionId: number;
  version: number;
  rag: RagStatus;
  narrative: string;
  evidenceUrl: string | null;
  state: UpdateState;
  authorId: number | null;
  authorName: string;
  authorAgencyId: number | null;
  submittedAt?: Date;
  reviewedBy?: number | null;
  reviewerName?: string | null;
  reviewedAt?: Date | null;
}

/** Adds a new version; returns undefined when that version already exists (someone else saved first). */
export async function insertUpdate(db: DbOrTx, values: NewUpdate) {
  const [row] = await db.insert(updates).values(values).onConflictDoNothing().returning();
  return row;
}

/** Records the coordinator's decision on a submitted version; undefined when it is no longer awaiting review. */
export async function reviewUpdate(
  db: DbOrTx,
  id: number,
  values: { state: 'returned' | 'accepted'; reviewComment: string | null; reviewedBy: number | null; reviewerName: string },
) {
  const [row] = await db
    .update(updates)
    .set({ ...values, reviewedAt: new Date() })
    .where(and(eq(updates.id, id), eq(updates.state, 'submitted')))
    .returning();
  return row;
}

export async function userName(db: DbOrTx, userId: number | null) {
  if (userId === null) return 'SaferHub';
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return row?.name ?? 'Unknown user';
}
