import { AppError, EditConflictError, notFound, ValidationError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validation.js';
import type { Actor } from '../access/actor.js';
import { accessHelpers, type GovernanceDeps } from './context.js';
import { actionInput, actionStatusInput, decisionInput, minutesInput, type ActionInput } from './inputs.js';
import * as repo from './meetings-repository.js';
import type { Meeting } from './schema.js';

const approvedMessage = 'The minutes of this meeting have been approved and can no longer be changed';

/** Minutes, decisions, actions arising and the approval of minutes at the next meeting. */
export function createMinutesService(deps: GovernanceDeps) {
  const { db, audit, policy } = deps;
  const { meetingFor, agendaItemFor } = accessHelpers(deps);

  const refuseIfApproved = (meeting: Meeting) => {
    if (meeting.minutesStatus === 'approved') throw new AppError('conflict', approvedMessage);
  };

  async function checkItem(meetingId: number, agendaItemId: number | undefined) {
    if (agendaItemId === undefined) return null;
    const item = await repo.findAgendaItem(db, agendaItemId);
    if (!item || item.meetingId !== meetingId)
      throw new ValidationError([{ field: 'agendaItemId', message: 'Select an agenda item of this meeting' }]);
    return item.id;
  }

  return {
    /** Saves the minutes of one agenda item (draft minutes only). */
    async saveMinutes(actor: Actor, meetingId: number, itemId: number, version: number, input: { minutes?: unknown }) {
      const { meeting, item } = await agendaItemFor(actor, meetingId, itemId, 'coordinate');
      refuseIfApproved(meeting);
      const { minutes } = parseInput(minutesInput, input);
      return db.transaction(async (tx) => {
        const after = await repo.updateAgendaItem(tx, itemId, version, { minutes: minutes.trim() || null });
        if (!after) throw new EditConflictError('agenda item’s minutes');
        await audit.record(
          actor,
          {
            action: 'minutes.update',
            entityType: 'agenda-item',
            entityId: itemId,
            partnershipId: meeting.partnershipId,
            before: { minutes: item.minutes },
            after: { minutes: after.minutes },
          },
          tx,
        );
        return after;
      });
    },

    async addDecision(actor: Actor, meetingId: number, input: Record<string, unknown>) {
      const { meeting } = await meetingFor(actor, meetingId, 'coordinate');
      refuseIfApproved(meeting);
      const i = parseInput(decisionInput, input);
      const agendaItemId = await checkItem(meetingId, i.agendaItemId);
      return db.transaction(async (tx) => {
        const decision = await repo.insertDecision(tx, meetingId, agendaItemId, i.text);
        await audit.record(
          actor,
          {
            action: 'decision.create',
            entityType: 'decision',
            entityId: decision.id,
            partnershipId: meeting.partnershipId,
            after: decision,
          },
          tx,
        );
        return decision;
      });
    },

    async addAction(actor: Actor, meetingId: number, input: ActionInput) {
      const { meeting } = await meetingFor(actor, meetingId, 'coordinate');
      refuseIfApproved(meeting);
      const i = parseInput(actionInput, input);
      const agendaItemId = await checkItem(meetingId, i.agendaItemId);
      const members = await repo.listMemberAgencies(db, meeting.partnershipId);
      if (!members.some((m) => m.id === i.ownerAgencyId))
        throw new ValidationError([{ field: 'ownerAgencyId', message: 'Select one of the partnership’s member agencies' }]);
      return db.transaction(async (tx) => {
        const action = await repo.insertAction(tx, {
          partnershipId: meeting.partnershipId,
          meetingId,
          agendaItemId,
          description: i.description,
          ownerAgencyId: i.ownerAgencyId,
          ownerOfficer: i.ownerOfficer ?? null,
          dueOn: i.dueOn,
        });
        await audit.record(
          actor,
          {
            action: 'action.create',
            entityType: 'meeting-action',
            entityId: action.id,
            partnershipId: meeting.partnershipId,
            after: action,
          },
          tx,
        );
        return action;
      });
    },

    async getAction(actor: Actor, actionId: number) {
      const action = await repo.findAction(db, actionId);
      if (!action) throw await policy.refuseNotFound(actor, 'action');
      const role = await policy.require(actor, action.partnershipId, 'view', 'action');
      return { action, role, canUpdate: role === 'coordinator' || (role === 'contributor' && actor.agencyId === action.ownerAgencyId) };
    },

    /**
     * Marks an action open, done or dropped (with a reason). Coordinators may update any action;
     * contributors only those their own agency owns.
     */
    async updateActionStatus(actor: Actor, actionId: number, version: number, input: Record<string, unknown>) {
      const action = await repo.findAction(db, actionId);
      if (!action) throw await policy.refuseNotFound(actor, 'action');
      const role = await policy.require(actor, action.partnershipId, 'contribute', 'action');
      if (role !== 'coordinator' && actor.agencyId !== action.ownerAgencyId)
        await policy.require(actor, action.partnershipId, 'coordinate', 'action');
      const i = parseInput(actionStatusInput, input);
      return db.transaction(async (tx) => {
        const after = await repo.updateActionStatus(tx, actionId, version, i.status, i.status === 'open' ? null : (i.statusReason ?? null));
        if (!after) throw new EditConflictError('action');
        await audit.record(
          actor,
          {
            action: 'action.update',
            entityType: 'meeting-action',
            entityId: actionId,
            partnershipId: action.partnershipId,
            before: action,
            after,
          },
          tx,
        );
        return after;
      });
    },

    /**
     * Approves the draft minutes of `meetingId` at a later meeting of the same partnership (normally the
     * next one). Approved minutes are read-only.
     */
    async approveMinutes(actor: Actor, meetingId: number, atMeetingId: number, version: number) {
      const { meeting } = await meetingFor(actor, meetingId, 'coordinate');
      const at = await repo.findMeeting(db, atMeetingId);
      if (!at || at.partnershipId !== meeting.partnershipId) throw notFound('Meeting');
      if (meeting.minutesStatus === 'approved') throw new AppError('conflict', 'These minutes have already been approved');
      if (at.startsAt.getTime() <= meeting.startsAt.getTime())
        throw new AppError('conflict', 'Minutes are approved at a later meeting than the one they record');
      return db.transaction(async (tx) => {
        const after = await repo.approveMinutes(tx, meetingId, version, atMeetingId);
        if (!after) throw new EditConflictError('meeting');
        await audit.record(
          actor,
          {
            action: 'minutes.approve',
            entityType: 'meeting',
            entityId: meetingId,
            partnershipId: meeting.partnershipId,
            before: { minutesStatus: meeting.minutesStatus },
            after: { minutesStatus: after.minutesStatus, approvedAtMeetingId: atMeetingId },
          },
          tx,
        );
        return after;
      });
    },
  };
}

export type MinutesService = ReturnType<typeof createMinutesService>;
