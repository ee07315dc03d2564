/**
 * Evidence-wide reads that are not one resource's: the roles an actor holds, which the rules in policy.ts
 * decide on. Each resource's own queries are in its folder (catalogue/, maps/, imports/repository.ts).
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import type { Actor } from '../access/index.js';
import { userRoles } from '../access/schema.js';
import type { HeldRole } from './policy.js';

/** The roles a user holds in any partnership, each once. */
export async function listRolesHeld(db: DbOrTx, userId: number): Promise<HeldRole[]> {
  const rows = await db.selectDistinct({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return rows.map((r) => r.role);
}

/** The roles the actor holds, for policy.ts; administrators and the system need none, so none are looked up. */
export async function rolesOf(db: DbOrTx, actor: Actor): Promise<HeldRole[]> {
  if (actor.isAdmin || actor.userId === null) return [];
  return listRolesHeld(db, actor.userId);
}
