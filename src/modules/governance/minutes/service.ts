import { AppError, EditConflictError, notFound, ValidationError } from '../../../lib/errors.js';
import { londonToday } from '../../../lib/london-time.js';
import { parseInput } from '../../../lib/validation.js';
import type { Actor } from '../../access/index.js';
import { notificationTitles, notify } from '../../notifications/index.js';
import * as meetingsRepo from '../meetings/repository.js';
import { refuseIfApproved } from '../meetings/service.js';
import { canApproveMinutes, canUpdateActionStatus, canWriteMinutes } from '../policy.js';
import type { GovernanceDeps } from '../records.js';
import { listMemberAgencies } from '../repository.js';
import {
  actionInput,
  actionStatusInput,
  decisionInput,
  minutesInput,
  type ActionForm,
  type ActionStatusForm,
  type DecisionForm,
  type MinutesForm,
} from './inputs.js';
import * as repo from './repository.js';

/** Minutes, decisions, actions arising and the approval of minutes at a later meeting. */
export function createMinutesService({ db, audit, policy, now, records }: GovernanceDeps) {
  const { meetingFor, agendaItemFor, allow } = records;

  async function checkItem(meetingId: number, agendaItemId: number | undefined) {
    if (agendaItemId === undefined) return null;
    const item = await meetingsRepo.findAgendaItem(db, agendaItemId);
    if (!item || item.meetingId !== meetingId)
      throw new ValidationError([{ field: 'agendaItemId', message: 'Select an agenda item of this meeting' }]);
    return item.id;
  }

  /** The action and the actor's role in its partnership (404 outside the actor's partnerships). */
  async function actionFor(actor: Actor, actionId: number) {
    const action = await repo.findAction(db, actionId);
    if (!action) throw await policy.refuseNotFound(actor, 'action');
    const role = await policy.require(actor, action.partnershipId, 'view', 'action');
    return { action, role };
  }

  return {
    /** The form to write an agenda item's minutes. */
    async minutesForm(actor: Actor, meetingId: number, itemId: number) {
      return agendaItemFor(actor, meetingId, itemId, canWriteMinutes);
    },

    /** Saves the minutes of one agenda item (draft minutes only). */
    async saveMinutes(actor: Actor, meetingId: number, itemId: number, version: number, form: MinutesForm) {
      const { meeting, item } = await agendaItemFor(actor, meetingId, itemId, canWriteMinutes);
      refuseIfApproved(meeting);
      const { minutes } = parseInput(minutesInput, form);
      return db.transaction(async (tx) => {
        const after = await repo.updateMinutes(tx, itemId, version, minutes.trim() || null);
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

    async addDecision(actor: Actor, meetingId: number, form: DecisionForm) {
      const { meeting, role } = await meetingFor(actor, meetingId);
      await allow(canWriteMinutes(role), actor, meeting.partnershipId, 'meeting');
      refuseIfApproved(meeting);
      const i = parseInput(decisionInput, form);
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

    async addAction(actor: Actor, meetingId: number, form: ActionForm) {
      const { meeting, role } = await meetingFor(actor, meetingId);
      await allow(canWriteMinutes(role), actor, meeting.partnershipId, 'meeting');
      refuseIfApproved(meeting);
      const i = parseInput(actionInput, form);
      const agendaItemId = await checkItem(meetingId, i.agendaItemId);
      const members = await listMemberAgencies(db, meeting.partnershipId);
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
        await notify(tx, {
          kind: 'action-assigned',
          to: { agencies: [action.ownerAgencyId], partnershipId: meeting.partnershipId },
          title: notificationTitles.actionAssigned(meeting.title, meeting.startsAt, i.dueOn),
          path: `/actions/${action.id}`,
          partnershipId: meeting.partnershipId,
          causedBy: actor.userId,
        });
        return action;
      });
    },

    async getAction(actor: Actor, actionId: number) {
      const { action, role } = await actionFor(actor, actionId);
      return { action, role, canUpdate: canUpdateActionStatus(actor, role, action) };
    },

    /**
     * Marks an action open, done or dropped (with a reason). Coordinators may update any action;
     * contributors only those their own agency owns (policy.ts).
     */
    async updateActionStatus(actor: Actor, actionId: number, version: number, form: ActionStatusForm) {
      const { action, role } = await actionFor(actor, actionId);
      await allow(canUpdateActionStatus(actor, role, action), actor, action.partnershipId, 'action');
      const i = parseInput(actionStatusInput, form);
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
      const { meeting, role } = await meetingFor(actor, meetingId);
      await allow(canApproveMinutes(role), actor, meeting.partnershipId, 'meeting');
      const at = await meetingsRepo.findMeeting(db, atMeetingId);
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
        await notify(tx, {
          kind: 'meeting-published',
          to: { membersOf: meeting.partnershipId },
          title: notificationTitles.minutesPublished(meeting.title, meeting.startsAt),
          path: `/meetings/${meetingId}`,
          partnershipId: meeting.partnershipId,
          causedBy: actor.userId,
        });
        return after;
      });
    },

    /** Open actions past their due date, for the overview's overdue-work panel. */
    async overdueActions(partnershipId: number) {
      return repo.listOverdueActions(db, partnershipId, londonToday(now()));
    },
  };
}

export type MinutesService = ReturnType<typeof createMinutesService>;
