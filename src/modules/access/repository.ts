/**
 * The reads the access module's parts share: what the record check (record-access.ts) looks up about a
 * person and the partnerships, the roles a user holds, and the columns a signed-in person is loaded with.
 * Each part's own queries are in its folder (sign-in/, accounts/, tokens/, audit/).
 */
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/database.js';
import type { SessionUser } from './actor.js';
import { agencies } from '../partnerships/schema.js';
import { userRoles, users, type PartnershipRole } from './schema.js';

/** The columns a signed-in person is loaded with: exactly a SessionUser. */
export const sessionUserColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  agencyId: users.agencyId,
  agencyName: agencies.name,
  isAdmin: users.isAdmin,
} satisfies Record<keyof SessionUser, unknown>;

// Partnership access -------------------------------------------------------------------------------

/** The user's own role in a partnership, and whether their agency holds a seat there (one round trip). */
export async function findPartnershipAccess(db: DbOrTx, userId: number, agencyId: number, partnershipId: number) {
  const [row] = await queryRows<{ own_role: PartnershipRole | null; agency_seat: boolean }>(
    db,
    sql`select (select role from user_roles where user_id = ${userId} and partnership_id = ${partnershipId}) as own_role,
               exists (select 1 from memberships where agency_id = ${agencyId} and partnership_id = ${partnershipId}) as agency_seat`,
  );
  return { ownRole: row?.own_role ?? undefined, agencySeat: Boolean(row?.agency_seat) };
}

/** Whether the user coordinates any partnership (a coordinator role is only ever given to a person). */
export async function coordinatesAny(db: DbOrTx, userId: number): Promise<boolean> {
  const [row] = await db
    .select({ userId: userRoles.userId })
    .from(userRoles)
    .where(and(eq(userRoles.userId, userId), eq(userRoles.role, 'coordinator')))
    .limit(1);
  return Boolean(row);
}

/** Ids of the partnerships where the user holds a coordinator role of their own. */
export async function findCoordinatedPartnershipIds(db: DbOrTx, userId: number): Promise<number[]> {
  const rows = await db
    .select({ id: userRoles.partnershipId })
    .from(userRoles)
    .where(and(eq(userRoles.userId, userId), eq(userRoles.role, 'coordinator')));
  return rows.map((r) => r.id);
}

/** Ids of the partnerships a user can see: their agency's seats and their own roles. */
export async function findVisiblePartnershipIds(db: DbOrTx, userId: number, agencyId: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select partnership_id as id from memberships where agency_id = ${agencyId}
        union
        select partnership_id as id from user_roles where user_id = ${userId}`,
  );
  return rows.map((r) => Number(r.id));
}

/** The roles a user holds in any partnership (their own roles, not their agency's seats), each once. */
export async function listRolesHeld(db: DbOrTx, userId: number): Promise<PartnershipRole[]> {
  const rows = await db.selectDistinct({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return rows.map((r) => r.role);
}
