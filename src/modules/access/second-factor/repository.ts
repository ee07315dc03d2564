/** The second factor's records: a user's TOTP secret and its last accepted step, and their recovery codes. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { recoveryCodes, secondFactors } from '../schema.js';

export async function findSecondFactor(db: DbOrTx, userId: number) {
  const [row] = await db.select().from(secondFactors).where(eq(secondFactors.userId, userId));
  return row;
}

/** Starts a set-up: a new unconfirmed secret, replacing an unconfirmed one (never a confirmed one). */
export async function insertUnconfirmedSecret(db: DbOrTx, userId: number, secret: string) {
  await db
    .insert(secondFactors)
    .values({ userId, secret })
    .onConflictDoUpdate({ target: secondFactors.userId, set: { secret, createdAt: new Date() }, where: isNull(secondFactors.confirmedAt) });
}

/** Confirms the secret; false when it was confirmed already (two confirmations at once). */
export async function confirmSecondFactor(db: DbOrTx, userId: number, timeStep: number): Promise<boolean> {
  const rows = await db
    .update(secondFactors)
    .set({ confirmedAt: new Date(), lastTimeStep: timeStep })
    .where(and(eq(secondFactors.userId, userId), isNull(secondFactors.confirmedAt)))
    .returning({ userId: secondFactors.userId });
  return rows.length === 1;
}

/**
 * Records the step of an accepted code, only if it is later than the last one: false when another request
 * used a code of this step (or a later one) first, so the same code never signs in twice.
 */
export async function useTimeStep(db: DbOrTx, userId: number, timeStep: number): Promise<boolean> {
  const rows = await db
    .update(secondFactors)
    .set({ lastTimeStep: timeStep })
    .where(
      and(
        eq(secondFactors.userId, userId),
        sql`${secondFactors.confirmedAt} is not null`,
        sql`(${secondFactors.lastTimeStep} is null or ${secondFactors.lastTimeStep} < ${timeStep})`,
      ),
    )
    .returning({ userId: secondFactors.userId });
  return rows.length === 1;
}

export async function deleteSecondFactor(db: DbOrTx, userId: number): Promise<boolean> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  const rows = await db.delete(secondFactors).where(eq(secondFactors.userId, userId)).returning({ userId: secondFactors.userId });
  return rows.length === 1;
}

/** Replaces all the user's recovery codes with these hashes. */
export async function replaceRecoveryCodes(db: DbOrTx, userId: number, hashes: string[]) {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
}

export async function listUnusedRecoveryCodes(db: DbOrTx, userId: number) {
  return db
    .select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
}

/** Marks a recovery code used; false when it was used already (by a request at the same moment). */
export async function useRecoveryCode(db: DbOrTx, id: number): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.id, id), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length === 1;
}
