/**
 * Who may do what in governance: every rule of the module, as a small pure function named for it.
 *
 * The access policy (`policy.require`) first finds the actor's role in the record's partnership, answering
 * 404 outside the actor's partnerships; services then ask these rules and answer 403 when one says no
 * (records.ts). Pages show a control only when the same rule allows it. Any member agency may see the
 * meetings, minutes, actions and risks of its partnerships. No database here: the tests need none.
 */
import type { Actor, PartnershipRole } from '../access/index.js';

/** The actor's role in a partnership, as the access policy answers it. */
export type { PartnershipRole };

const coordinates = (role: PartnershipRole) => role === 'coordinator';

// Meetings -------------------------------------------------------------------------------------------------

/** Coordinators schedule meetings, change their details and keep their agenda. */
export const canScheduleMeetings = (role: PartnershipRole) => coordinates(role);

/** Coordinators record who attended a meeting. */
export const canRecordAttendance = (role: PartnershipRole) => coordinates(role);

// Minutes --------------------------------------------------------------------------------------------------

/** Coordinators write the minutes and record decisions and actions arising. */
export const canWriteMinutes = (role: PartnershipRole) => coordinates(role);

/** Coordinators record that a later meeting approved a meeting's minutes. */
export const canApproveMinutes = (role: PartnershipRole) => coordinates(role);

/**
 * Approved minutes are never edited, by anyone: once a meeting's minutes are approved, its details, agenda,
 * minutes, attendance, decisions and actions arising are read-only (an action's status can still change).
 */
export const canChangeMeetingRecord = (meeting: { minutesStatus: 'draft' | 'approved' }) => meeting.minutesStatus !== 'approved';

/** An action's status (open, done, dropped): coordinators, or contributors whose agency owns the action. */
export const canUpdateActionStatus = (actor: Actor, role: PartnershipRole, action: { ownerAgencyId: number }) =>
  coordinates(role) || (role === 'contributor' && actor.agencyId === action.ownerAgencyId);

// Risks ----------------------------------------------------------------------------------------------------

/** Coordinators add risks, change their details, and close and re-open them. */
export const canManageRisks = (role: PartnershipRole) => coordinates(role);

/**
 * Re-scoring a risk and adding or updating its mitigations: coordinators, or contributors whose agency
 * owns or co-sponsors the risk.
 */
export const canRescoreRisk = (actor: Actor, role: PartnershipRole, risk: { ownerAgencyId: number; cosponsorAgencyId: number | null }) =>
  coordinates(role) ||
  (role === 'contributor' &&
    actor.agencyId !== null &&
    (actor.agencyId === risk.ownerAgencyId || actor.agencyId === risk.cosponsorAgencyId));
