/** Accounts: users, their partnership roles, and password reset links. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { agencies } from '../../partnerships/schema.js';
import { sessionUserColumns } from '../repository.js';
import { passwordResets, userRoles, users, type PartnershipRole } from '../schema.js';

export async function findUserByEmail(db: DbOrTx, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);
  return row;
}

export async function insertUser(
  db: DbOrTx,
  values: { email: string; displayName: string; agencyId: number; passwordHash: string; isAdmin: boolean },
) {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function updateUserPassword(db: DbOrTx, userId: number, passwordHash: string) {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function upsertUserRole(db: DbOrTx, userId: number, partnershipId: number, role: PartnershipRole) {
  await db
    .insert(userRoles)
    .values({ userId, partnershipId, role })
    .onConflictDoUpdate({ target: [userRoles.userId, userRoles.partnershipId], set: { role } });
}

export async function listUserRoles(db: DbOrTx, userId: number) {
  return db.select().from(userRoles).where(eq(userRoles.userId, userId));
}

export async function listUsers(db: DbOrTx) {
  return db
    .select({ ...sessionUserColumns, disabledAt: users.disabledAt })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .orderBy(users.displayName);
}

export async function findUser(db: DbOrTx, id: number) {
  const [row] = await db
    .select({
      ...sessionUserColumns,
      disabledAt: users.disabledAt,
      passwordHash: users.passwordHash,
      createdAt: users.createdAt,
    })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(eq(users.id, id));
  return row;
}

export async function setUserDisabled(db: DbOrTx, id: number, disabledAt: Date | null) {
  const [row] = await db.update(users).set({ disabledAt }).where(eq(users.id, id)).returning({ id: users.id });
  return Boolean(row);
}

// Password resets -----------------------------------------------------------------------------------

export async function insertPasswordReset(
  db: DbOrTx,
  values: { userId: number; tokenHash: string; createdBy: number | null; expiresAt: Date },
) {
  // A new link replaces any earlier one not yet used.
  await db
    .update(passwordResets)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordResets.userId, values.userId), isNull(passwordResets.usedAt)));
  await db.insert(passwordResets).values(values);
}

/** The account of an unused, unexpired reset link of an enabled account. */
export async function findUsablePasswordReset(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({ resetId: passwordResets.id, userId: users.id, email: users.email, agencyId: users.agencyId, isAdmin: users.isAdmin })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, tokenHash),
        isNull(passwordResets.usedAt),
        sql`${passwordResets.expiresAt} > now()`,
        isNull(users.disabledAt),
      ),
    );
  return row;
}

/** Marks the link used, once: false when it was used (or replaced) meanwhile. */
export async function usePasswordReset(db: DbOrTx, resetId: number): Promise<boolean> {
  const rows = await db
    .update(passwordResets)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordResets.id, resetId), isNull(passwordResets.usedAt), sql`${passwordResets.expiresAt} > now()`))
    .returning({ id: passwordResets.id });
  return rows.length === 1;
}
