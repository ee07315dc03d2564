/**
 * Who may do what, as small pure functions named for the rule: what each partnership role allows, what a
 * limited API token reaches, who administers accounts, who changes an agency. record-access.ts looks up the
 * facts (an actor's own role, their agency's seats) and applies these rules; other modules ask them through
 * index.ts. No database here: the tests need none.
 */
import type { Actor } from './actor.js';
import type { PartnershipRole } from './schema.js';

export type { PartnershipRole };

/** What a user may do in a partnership. */
export type PartnershipAbility = 'view' | 'contribute' | 'coordinate';

// Partnership roles ------------------------------------------------------------------------------------

/** The roles' ranking: each role may do what the roles below it may (viewer < contributor < coordinator). */
const rank: Record<PartnershipRole, number> = { viewer: 1, contributor: 2, coordinator: 3 };

/** The least role that has each ability. */
const leastRoleFor: Record<PartnershipAbility, PartnershipRole> = { view: 'viewer', contribute: 'contributor', coordinate: 'coordinator' };

/** Whether a role has an ability; no role (null: the partnership is out of reach) has none. */
export const roleAllows = (role: PartnershipRole | null, ability: PartnershipAbility) =>
  role !== null && rank[role] >= rank[leastRoleFor[ability]];

/** What the records say about a person and one partnership: their own role there, and their agency's seat. */
export interface PartnershipRecords {
  ownRole: PartnershipRole | undefined;
  agencySeat: boolean;
}

/**
 * An actor's role in a partnership: none outside a limited token's partnership; coordinator everywhere for
 * administrators (and the command line); otherwise the person's own role, or viewer when their agency
 * holds a seat there (a seat alone makes them a viewer), or none (`records` null: a person nobody knows).
 */
export function partnershipRole(actor: Actor, partnershipId: number, records: PartnershipRecords | null): PartnershipRole | null {
  if (!withinTokenScope(actor, partnershipId)) return null;
  if (actor.isAdmin) return 'coordinator';
  if (!records) return null;
  return records.ownRole ?? (records.agencySeat ? 'viewer' : null);
}

// Tokens -----------------------------------------------------------------------------------------------

/** A token limited to one partnership reaches that partnership only. */
export const withinTokenScope = (actor: Actor, partnershipId: number) =>
  actor.onlyPartnershipId == null || actor.onlyPartnershipId === partnershipId;

/**
 * The partnerships an actor sees, given the ones their records reach ('all' for administrators): a token
 * limited to one partnership narrows them to that one (if it is among them).
 */
export function visibleWithinToken(actor: Actor, reach: number[] | 'all'): number[] | 'all' {
  const only = actor.onlyPartnershipId ?? null;
  if (only === null) return reach;
  return reach === 'all' || reach.includes(only) ? [only] : [];
}

/** API tokens last 90 days unless their owner chooses, and 365 days at most (calendar keys do not expire). */
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;

/** Whether an API token may last this many days: a whole number from 1 to MAX_TOKEN_DAYS. */
export const isAllowedTokenLifetime = (days: number) => Number.isInteger(days) && days >= 1 && days <= MAX_TOKEN_DAYS;

/** A token may be limited to a partnership its owner can see (`ownerRole`: their role there). */
export const canLimitTokenTo = (ownerRole: PartnershipRole | null) => roleAllows(ownerRole, 'view');

// Administration ---------------------------------------------------------------------------------------

/**
 * Administrators' own work (accounts, partnerships, the audit log, every admin page): an administrator,
 * and not through a token limited to one partnership.
 */
export const canAdminister = (actor: Actor) => actor.isAdmin && actor.onlyPartnershipId == null;

/** Administrators manage accounts (disable, enable, reset links) — but never disable their own. */
export const canDisableAccount = (actor: Actor, userId: number) => actor.isAdmin && actor.userId !== userId;

/**
 * Shared reference data such as agencies is kept by administrators and by the coordinators of any
 * partnership (`coordinatesAPartnership`); never through a token limited to one partnership.
 */
export const keepsReferenceData = (actor: Actor, coordinatesAPartnership: boolean) =>
  actor.onlyPartnershipId == null && (actor.isAdmin || coordinatesAPartnership);

/**
 * Who may change an agency's details: administrators, and coordinators of a partnership where that agency
 * holds a seat (they keep their own members' records); nobody else, however many partnerships they
 * coordinate elsewhere.
 */
export const canEditAgency = (actor: Actor, agencyPartnershipIds: number[], coordinatedPartnershipIds: number[]) =>
  actor.onlyPartnershipId == null && (actor.isAdmin || agencyPartnershipIds.some((id) => coordinatedPartnershipIds.includes(id)));

// Second factor ----------------------------------------------------------------------------------------

/** Who must sign in with a second factor (SECOND_FACTOR): administrators and coordinators, everyone, or nobody. */
export type SecondFactorMode = 'privileged' | 'everyone' | 'off';

/**
 * Whether a person must have a second factor: everyone under 'everyone'; administrators and anyone who
 * coordinates a partnership under 'privileged'; nobody under 'off' (whoever set one up is still asked for it).
 */
export function requiresSecondFactor(mode: SecondFactorMode, person: { isAdmin: boolean; coordinates: boolean }): boolean {
  if (mode === 'everyone') return true;
  if (mode === 'off') return false;
  return person.isAdmin || person.coordinates;
}
