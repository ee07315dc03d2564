/**
 * The record check every module's services make: `policy.require(actor, partnershipId, ability)`. It looks up
 * what the database knows (the actor's own role in the partnership, their agency's seat, the partnerships
 * they can see) and applies the rules of policy.ts. A record outside the actor's partnerships is reported as
 * not found (404), one they see but may not change as forbidden (403), and every refusal is audited.
 * A check passed by a read (a GET of a page or of the API) is a consultation, logged through the audit
 * service (Data Protection Act 2018 s62): one central place, whatever route reads the record.
 */
import type { Db } from '../../db/database.js';
import { AppError } from '../../lib/errors.js';
import type { Actor } from './actor.js';
import type { AuditService } from './audit/service.js';
import {
  canAdminister,
  keepsReferenceData,
  partnershipRole,
  roleAllows,
  visibleWithinToken,
  withinTokenScope,
  type PartnershipAbility,
  type PartnershipRole,
} from './policy.js';
import { coordinatesAny, findCoordinatedPartnershipIds, findPartnershipAccess, findVisiblePartnershipIds } from './repository.js';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function createPolicy(db: Db, audit: AuditService) {
  /** The actor's role in a partnership (policy.ts's `partnershipRole`), or null when it is out of reach. */
  async function roleIn(actor: Actor, partnershipId: number): Promise<PartnershipRole | null> {
    // Only a person acting within their token's reach has records to look up; the rule decides the rest.
    const records =
      withinTokenScope(actor, partnershipId) && !actor.isAdmin && actor.userId !== null && actor.agencyId !== null
        ? await findPartnershipAccess(db, actor.userId, actor.agencyId, partnershipId)
        : null;
    return partnershipRole(actor, partnershipId, records);
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
      if (actor.isAdmin) return visibleWithinToken(actor, 'all');
      if (actor.userId === null || actor.agencyId === null) return [];
      return visibleWithinToken(actor, await findVisiblePartnershipIds(db, actor.userId, actor.agencyId));
    },

    /**
     * Throws a 404 (record invisible) or 403 (visible, but the role is too low), auditing the refusal.
     * `what` names the record for the message, for example 'partnership' or 'action'. Returns the role.
     * When the actor's request is a read, the consultation is logged (audit.consulted).
     */
    async require(actor: Actor, partnershipId: number, ability: PartnershipAbility, what = 'partnership'): Promise<PartnershipRole> {
      const role = await roleIn(actor, partnershipId);
      if (!role) throw await refuse(actor, what, partnershipId, 'not_found');
      if (!roleAllows(role, ability)) throw await refuse(actor, what, partnershipId, 'forbidden');
      await audit.consulted(actor, partnershipId, what);
      return role;
    },

    /** Administrators and coordinators of any partnership: they keep shared reference data such as agencies. */
    async coordinatesAnyPartnership(actor: Actor): Promise<boolean> {
      const coordinates =
        !actor.isAdmin && actor.onlyPartnershipId == null && actor.userId !== null && (await coordinatesAny(db, actor.userId));
      return keepsReferenceData(actor, coordinates);
    },

    /** For records that have no partnership: only administrators (policy.ts's `canAdminister`). */
    async requireAdmin(actor: Actor, what = 'page') {
      if (!canAdminister(actor)) throw await refuse(actor, what, null, 'forbidden');
    },

    /** The partnerships where the actor holds a coordinator role of their own (all, for administrators). */
    async coordinatedPartnershipIds(actor: Actor): Promise<number[] | 'all'> {
      if (actor.isAdmin) return 'all';
      if (actor.userId === null) return [];
      return findCoordinatedPartnershipIds(db, actor.userId);
    },

    /** Audit and build the 403 for a record the actor may see but not change (or a rule says no to). */
    refuseForbidden: (actor: Actor, what: string, partnershipId: number | null = null) => refuse(actor, what, partnershipId, 'forbidden'),

    /** Audit and build the 404 for a record that does not exist or is out of reach. */
    refuseNotFound: (actor: Actor, what: string, partnershipId: number | null = null) => refuse(actor, what, partnershipId, 'not_found'),
  };
}

export type Policy = ReturnType<typeof createPolicy>;
