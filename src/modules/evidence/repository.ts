/**
 * Evidence-wide reads that are not one resource's: the roles an actor holds (read with the access module's
 * published `listRolesHeld`), which the rules in policy.ts decide on. Each resource's own queries are in its
 * folder (catalogue/, maps/, imports/repository.ts).
 */
import type { DbOrTx } from '../../db/database.js';
import { listRolesHeld, type Actor } from '../access/index.js';
import type { HeldRole } from './policy.js';

/** The roles the actor holds, for policy.ts; administrators and the system need none, so none are looked up. */
export async function rolesOf(db: DbOrTx, actor: Actor): Promise<HeldRole[]> {
  if (actor.isAdmin || actor.userId === null) return [];
  return listRolesHeld(db, actor.userId);
}
