import { roleAllows, type Actor, type PartnershipAbility, type PartnershipRole } from '../access/index.js';

/**
 * Who may do what with plans, the progress cycle and the assurance assessment: every rule of the module, as
 * small pure functions named for the rule. Services enforce them (the partnership role through the access
 * module's `policy.require`, which answers 404 or 403 and audits the refusal); routes use them to decide what
 * a page offers. Nothing here touches the database.
 */

/** A role in a partnership as the access policy reports it; administrators are coordinators everywhere. */
export type { PartnershipRole };
/** No role (null): the partnership is out of reach. */
type Role = PartnershipRole | null;

/**
 * The partnership ability each kind of work needs, for `policy.require(actor, partnershipId, ability)`:
 * anyone who can see the partnership reads its plans; coordinators run them; contributors report.
 */
export const abilityTo = {
  /** Read plans, priorities, actions, rounds, updates, reports and the assurance grid. */
  read: 'view',
  /** Create and change plans, priorities, actions and key areas of focus. */
  editPlans: 'coordinate',
  /** Open and close progress rounds. */
  runRounds: 'coordinate',
  /** Accept or return submitted updates. */
  reviewUpdates: 'coordinate',
  /** Record the assurance assessment and change the partnership's dimensions. */
  editAssurance: 'coordinate',
  /** Submit updates (and then only on the actions their agency leads: `canSubmitUpdate`). */
  submitUpdates: 'contribute',
  /**
   * Add, change and remove the scorecard's measures and targets: coordinators and analysts. As in the
   * evidence module (its `isAnalyst`), the partnership's analysts are those with a contributor's role.
   */
  editScorecard: 'contribute',
} as const satisfies Record<string, PartnershipAbility>;

export const canEditPlans = (role: Role) => roleAllows(role, abilityTo.editPlans);
export const canRunRounds = (role: Role) => roleAllows(role, abilityTo.runRounds);
export const canEditAssurance = (role: Role) => roleAllows(role, abilityTo.editAssurance);
export const canEditScorecard = (role: Role) => roleAllows(role, abilityTo.editScorecard);

/**
 * The scorecard's figures: everyone in the partnership sees the published view (small numbers suppressed);
 * coordinators and analysts may ask for every figure, as on the evidence pages.
 */
export const scorecardViewFor = (role: Role, asked: string | undefined): 'published' | 'analyst' =>
  canEditScorecard(role) && asked === 'analyst' ? 'analyst' : 'published';

// The lead-agency rule ----------------------------------------------------------------------------------

/** An action as the lead-agency rule sees it: the agencies that lead it. */
export interface LedAction {
  leads: readonly { id: number }[];
}

/** The actor's agency is one of the action's lead agencies. */
export const leadsAction = (actor: Actor, action: LedAction) =>
  actor.agencyId !== null && action.leads.some((l) => l.id === actor.agencyId);

/** Who may report on an action: someone from one of its lead agencies, or an administrator (and the command line). */
export const mayReportOn = (actor: Actor, action: LedAction) => actor.isAdmin || leadsAction(actor, action);

// Rounds -----------------------------------------------------------------------------------------------

/** A closed round is frozen: nothing in it can be submitted, accepted or returned, and it cannot close again. */
export const isOpen = (round: { closedAt: Date | null }) => !round.closedAt;

export const canCloseRound = (role: Role, round: { closedAt: Date | null }) => canRunRounds(role) && isOpen(round);

/** Why an update may not be submitted, in the order the service reports it; null when it may. */
export type SubmitRefusal = 'role' | 'not-lead' | 'closed';

/**
 * "A contributor may only update the actions their agency leads": the actor needs a contributor's role (or a
 * coordinator's) in the partnership, must report on the action (`mayReportOn`), and the round must be open.
 */
export function submitRefusal(actor: Actor, action: LedAction, role: Role, round: { closedAt: Date | null }): SubmitRefusal | null {
  if (!roleAllows(role, abilityTo.submitUpdates)) return 'role';
  if (!mayReportOn(actor, action)) return 'not-lead';
  if (!isOpen(round)) return 'closed';
  return null;
}

export const canSubmitUpdate = (actor: Actor, action: LedAction, role: Role, round: { closedAt: Date | null }) =>
  submitRefusal(actor, action, role, round) === null;

/** A coordinator accepts or returns the latest version while it awaits review and the round is open. */
export const canReviewUpdate = (role: Role, round: { closedAt: Date | null }, latest: { state: string } | null) =>
  roleAllows(role, abilityTo.reviewUpdates) && isOpen(round) && latest?.state === 'submitted';
