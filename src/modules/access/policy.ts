import type { Db } from '../../db/database.js';
import { AppError } from '../../lib/errors.js';
import type { Actor } from './actor.js';
import type { AuditService } from './audit.js';
import { coordinatesAny, findCoordinatedPartnershipIds, findPartnershipAccess, findVisiblePartnershipIds } from './repository.js';
import type { PartnershipRole } from './schema.js';

// Rules as small pure functions, named for the rule ------------------------------------------------------

/** Administrators manage accounts (disable, enable, reset links) — but never disable their own. */
export const canDisableAccount = (actor: Actor, userId: number) => actor.isAdmin && actor.userId !== userId;

/**
 * Who may change an agency's details: administrators, and coordinators of a partnership where that agency
 * holds a seat (they keep their own members' records); nobody else, however many partnerships they
 * coordinate elsewhere.
 */
export const canEditAgency = (actor: Actor, agencyPartnershipIds: number[], coordinatedPartnershipIds: number[]) =>
  actor.onlyPartnershipId == null && (actor.isAdmin || agencyPartnershipIds.some((id) => coordinatedPartnershipIds.includes(id)));

/** A token limited to one partnership reaches that partnership only. */
export const withinTokenScope = (actor: Actor, partnershipId: number) =>
  actor.onlyPartnershipId == null || actor.onlyPartnershipId === partnershipId;

// ---------------------------------------------------------------------------------------------------------

const rank: Record<PartnershipRole, number> = { viewer: 1, contributor: 2, coordinator: 3 };

/** What a user may do in a partnership. */
export type PartnershipAbility = 'view' | 'contribute' | 'coordinate';
const needed: Record<PartnershipAbility, PartnershipRole> = { view: 'viewer', contribute: 'contributor', coordinate: 'coordinator' };

/**
 * Who may see and change what. A partnership is visible to a user whose agency holds a seat in it or
 * who holds a role in it; a seat alone makes them a viewer. Administrators see everything.
 * A record outside a user's partnerships is reported as not found, and the refusal is audited.
 */
export function createPolicy(db: Db, audit: AuditService) {
  async function roleIn(actor: Actor, partnershipId: number): Promise<PartnershipRole | null> {
    if (!withinTokenScope(actor, partnershipId)) return null;
    if (actor.isAdmin) return 'coordinator';
    if (actor.userId === null || actor.agencyId === null) return null;
    const { ownRole, agencySeat } = await findPartnershipAccess(db, actor.userId, actor.agencyId, partnershipId);
    if (ownRole) return ownRole;
    return agencySeat ? 'viewer' : null;
  }

  async function refuse(actor: Actor, what: string, partnershipId: number | null, status: 'not_found' | 'forbidden') {
    await audit.record(actor, {
      action: 'access.refused',
      entityType: what,
      partnershipId,
      details: { reason: status === 'not_found' ? 'outside partnerships' : 'insufficient role' },
    });
    return status === 'not_found'
      ? new AppError('not_found', `${capitalise(what)} not found`)
      : new AppError('forbidden', 'You do not have permission to do that');
  }

  return {
    roleIn,

    /** Partnership ids the actor can see, or 'all' for administrators. */
    async visiblePartnershipIds(actor: Actor): Promise<number[] | 'all'> {
      const only = actor.onlyPartnershipId ?? null;
      if (actor.isAdmin) return only === null ? 'all' : [only];
      if (actor.userId === null || actor.agencyId === null) return [];
      const ids = await findVisiblePartnershipIds(db, actor.userId, actor.agencyId);
      return only === null ? ids : ids.filter((id) => id === only);
    },

    /**
     * Throws a 404 (record invisible) or 403 (visible, but the role is too low), auditing the refusal.
     * `what` names the record for the message, for example 'partnership' or 'action'.
     */
    async require(actor: Actor, partnershipId: number, ability: PartnershipAbility, what = 'partnership') {
      const role = await roleIn(actor, partnershipId);
      if (!role) throw await refuse(actor, what, partnershipId, 'not_found');
      if (rank[role] < rank[needed[ability]]) throw await refuse(actor, what, partnershipId, 'forbidden');
      return role;
    },

    /** Administrators and coordinators of any partnership: they keep shared reference data such as agencies. */
    async coordinatesAnyPartnership(actor: Actor): Promise<boolean> {
      if (actor.onlyPartnershipId != null) return false;
      if (actor.isAdmin) return true;
      return actor.userId !== null && coordinatesAny(db, actor.userId);
    },

    /** For records that have no partnership: only administrators. */
    async requireAdmin(actor: Actor, what = 'page') {
      if (!actor.isAdmin || actor.onlyPartnershipId != null) throw await refuse(actor, what, null, 'forbidden');
    },

    /** The partnerships where the actor holds a coordinator role of their own (all, for administrators). */
    async coordinatedPartnershipIds(actor: Actor): Promise<number[] | 'all'> {
      if (actor.isAdmin) return 'all';
      if (actor.userId === null) return [];
      return findCoordinatedPartnershipIds(db, actor.userId);
    },

    /** Audit and build the 403 for a record the actor may see but not change. */
    refuseForbidden: (actor: Actor, what: string, partnershipId: number | null = null) => refuse(actor, what, partnershipId, 'forbidden'),

    /** Audit and build the 404 for a record that does not exist or is out of reach. */
    refuseNotFound: (actor: Actor, what: string, partnershipId: number | null = null) => refuse(actor, what, partnershipId, 'not_found'),
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export type Policy = ReturnType<typeof createPolicy>;
