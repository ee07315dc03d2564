/**
 * Who may do what with agencies, partnerships and memberships: every rule of the module, as a small pure
 * function named for the rule. The access module's record check (`policy.require`) first finds the actor's
 * role in a partnership, answering 404 outside their partnerships and 403 when the role is too low; these
 * rules say which role each kind of work needs and decide what pages offer. No database here.
 */
import {
  canAdminister,
  canEditAgency,
  keepsReferenceData,
  roleAllows,
  type Actor,
  type PartnershipAbility,
  type PartnershipRole,
} from '../access/index.js';

/** The partnership ability each kind of work needs, for `policy.require(actor, partnershipId, ability)`. */
export const abilityTo = {
  /** See a partnership, its members and its place in the governance structure. */
  read: 'view',
  /** Change a partnership's details (name, area, parent, how often it meets, purpose). */
  editPartnership: 'coordinate',
  /** Seat an agency in the partnership, or remove one. */
  manageMembers: 'coordinate',
} as const satisfies Record<string, PartnershipAbility>;

/** Coordinators change the partnership's details and its members (the page's "Change" and "Add a member"). */
export const canCoordinate = (role: PartnershipRole | null) => roleAllows(role, abilityTo.editPartnership);

/** Adding a partnership, anywhere in the governance structure, is for administrators. */
export const canCreatePartnerships = (actor: Actor) => canAdminister(actor);

/** Whether the actor sees a partnership, given the ones they see ('all' for administrators). */
export const seesPartnership = (visible: number[] | 'all', partnershipId: number) => visible === 'all' || visible.includes(partnershipId);

// Agencies ---------------------------------------------------------------------------------------------

/**
 * Agencies are shared reference data: administrators and the coordinators of any partnership add them (to
 * seat them). `coordinatesAPartnership`: whether the actor coordinates one.
 */
export const canAddAgencies = (actor: Actor, coordinatesAPartnership: boolean) => keepsReferenceData(actor, coordinatesAPartnership);

/**
 * Changing an agency is for administrators and the coordinators of a partnership where it holds a seat (the
 * access module's `canEditAgency`). `seatIds`: the partnerships where it sits; `coordinated`: those the
 * actor coordinates ('all' for administrators).
 */
export const canChangeAgency = (actor: Actor, seatIds: number[], coordinated: number[] | 'all') =>
  canEditAgency(actor, seatIds, coordinated === 'all' ? seatIds : coordinated);
