import { AppError, EditConflictError, notFound, ValidationError } from '../../../lib/errors.js';
import { londonToday, londonToInstant } from '../../../lib/london-time.js';
import { parseInput } from '../../../lib/validation.js';
import type { Actor } from '../../access/index.js';
import { notificationTitles, notify } from '../../notifications/index.js';
import { parsePapers } from '../minutes/papers.js';
import * as minutesRepo from '../minutes/repository.js';
import { canApproveMinutes, canChangeMeetingRecord, canRecordAttendance, canScheduleMeetings, canWriteMinutes } from '../policy.js';
import { agendaItemFormValues, meetingEvent, meetingFormValues, meetingWhen, presentAction, presentAgendaItem } from '../presenters.js';
import type { GovernanceDeps } from '../records.js';
import { listMemberAgencies, listPriorities } from '../repository.js';
import type { AttendanceStatus, Meeting } from '../schema.js';
import { toICalendar } from './ics.js';
import { agendaInput, attendanceEntry, meetingInput, type AgendaForm, type AttendanceForm, type MeetingForm } from './inputs.js';
import * as repo from './repository.js';

const attendedStatuses: AttendanceStatus[] = ['present', 'represented'];

/** Members are told when an agenda item gains papers they have not seen (a new web address). */
async function tellOfNewPapers(
  tx: Parameters<typeof notify>[0],
  actor: Actor,
  meeting: Meeting,
  before: { url: string }[],
  after: { url: string }[],
) {
  const seen = new Set(before.map((p) => p.url));
  if (!after.some((p) => !seen.has(p.url))) return;
  await notify(tx, {
    kind: 'meeting-published',
    to: { membersOf: meeting.partnershipId },
    title: notificationTitles.papersPublished(meeting.title, meeting.startsAt),
    path: `/meetings/${meeting.id}`,
    partnershipId: meeting.partnershipId,
    causedBy: actor.userId,
  });
}

/** Approved minutes are never changed (policy.ts): a change to such a meeting is refused as a conflict. */
export function refuseIfApproved(meeting: Meeting) {
  if (!canChangeMeetingRecord(meeting))
    throw new AppError('conflict', 'The minutes of this meeting have been approved and can no longer be changed');
}

/** Meetings: scheduling, agenda, attendance, calendars and the attendance record. */
export function createMeetingsService({ db, audit, now, records }: GovernanceDeps) {
  const { partnershipFor, meetingFor, agendaItemFor, allow } = records;

  const meetingValues = (form: MeetingForm): repo.MeetingValues => {
    const i = parseInput(meetingInput, form);
    return {
      title: i.title,
      kind: i.kind,
      startsAt: londonToInstant(i.date, i.startTime),
      endsAt: londonToInstant(i.date, i.endTime),
      location: i.location ?? null,
      onlineUrl: i.onlineUrl ?? null,
    };
  };

  async function agendaValues(partnershipId: number, form: AgendaForm): Promise<repo.AgendaValues> {
    const i = parseInput(agendaInput, form);
    const parsed = parsePapers(i.papers);
    if ('badLine' in parsed)
      throw new ValidationError([
        { field: 'papers', message: `Line ${parsed.badLine} of the papers is not a web address starting https://` },
      ]);
    if (i.priorityId !== undefined && !(await listPriorities(db, partnershipId)).some((p) => p.id === i.priorityId))
      throw new ValidationError([{ field: 'priorityId', message: 'Select one of this partnership’s priorities' }]);
    return {
      title: i.title,
      presentingAgencyId: i.presentingAgencyId ?? null,
      priorityId: i.priorityId ?? null,
      reportUrl: i.reportUrl ?? null,
      papers: parsed.papers,
    };
  }

  /** Everything the meeting page shows. */
  async function getMeeting(actor: Actor, meetingId: number) {
    const { meeting, partnership, role } = await meetingFor(actor, meetingId);
    const today = londonToday(now());
    const [items, attendanceRows, members, decisions, actionRows, carried, previous, priorities] = await Promise.all([
      repo.listAgendaItems(db, meetingId),
      repo.listAttendance(db, meetingId),
      listMemberAgencies(db, meeting.partnershipId),
      minutesRepo.listDecisions(db, meetingId),
      minutesRepo.listMeetingActions(db, meetingId),
      minutesRepo.listOpenActionsBefore(db, meeting.partnershipId, meeting.startsAt),
      repo.findPreviousMeeting(db, meeting),
      listPriorities(db, meeting.partnershipId),
    ]);
    const recorded = new Map(attendanceRows.map((a) => [a.agencyId, a]));
    const attendance = [
      ...members.map((m) => ({
        agencyId: m.id,
        agencyName: m.name,
        status: recorded.get(m.id)?.status ?? null,
        officer: recorded.get(m.id)?.officer ?? null,
      })),
      // agencies recorded at the meeting who have since left the partnership
      ...attendanceRows.filter((a) => !members.some((m) => m.id === a.agencyId)),
    ];
    const approvedAt = meeting.minutesApprovedAtMeetingId ? await repo.findMeeting(db, meeting.minutesApprovedAtMeetingId) : undefined;
    const actions = actionRows.map((a) => presentAction(a, today));
    const onItem = (agendaItemId: number | null) => items.some((i) => i.id === agendaItemId);
    return {
      meeting,
      partnership,
      role,
      can: {
        schedule: canScheduleMeetings(role),
        recordAttendance: canRecordAttendance(role),
        writeMinutes: canWriteMinutes(role),
        approveMinutes: canApproveMinutes(role),
      },
      readOnly: !canChangeMeetingRecord(meeting),
      when: meetingWhen(meeting),
      items: items.map((i) => presentAgendaItem(i, { priorities, decisions, actions })),
      generalDecisions: decisions.filter((d) => !onItem(d.agendaItemId)),
      decisions,
      actions,
      generalActions: actions.filter((a) => !onItem(a.agendaItemId)),
      mattersArising: carried.map((a) => presentAction(a, today)),
      attendance,
      members,
      priorities,
      previous: previous ?? null,
      approvedAt: approvedAt ?? null,
      today,
    };
  }

  async function attendanceRecordFor(partnershipId: number) {
    let to = now();
    let fellBack = false;
    const yearBefore = (d: Date) => new Date(d.getTime() - 365 * 86_400_000);
    let rows = await repo.listAttendanceBetween(db, partnershipId, yearBefore(to), to);
    if (rows.length === 0) {
      const latest = await repo.latestRecordedMeeting(db, partnershipId, to);
      if (latest) {
        to = latest;
        fellBack = true;
        rows = await repo.listAttendanceBetween(db, partnershipId, yearBefore(to), to);
      }
    }
    const members = await listMemberAgencies(db, partnershipId);
    const meetingsHeld = [...new Map(rows.map((r) => [r.meetingId, { id: r.meetingId, title: r.title, startsAt: r.startsAt }])).values()];
    const attendedAt = (own: Map<number, AttendanceStatus>, meetingId: number) => {
      const status = own.get(meetingId);
      return status !== undefined && attendedStatuses.includes(status);
    };
    const agencies = members.map((m) => {
      const own = new Map(rows.filter((r) => r.agencyId === m.id).map((r) => [r.meetingId, r.status]));
      const attended = meetingsHeld.filter((mt) => attendedAt(own, mt.id)).length;
      const missed = meetingsHeld.filter((mt) => !attendedAt(own, mt.id)).map((mt) => ({ ...mt, status: own.get(mt.id) ?? null }));
      return {
        agencyId: m.id,
        agencyName: m.name,
        meetings: meetingsHeld.length,
        attended,
        rate: meetingsHeld.length ? attended / meetingsHeld.length : null,
        missed,
      };
    });
    return { from: yearBefore(to), to, fellBack, meetings: meetingsHeld, agencies };
  }

  return {
    /** A partnership's meetings, split into upcoming and past (most recent first). */
    async listMeetings(actor: Actor, partnershipId: number) {
      const { partnership, role } = await partnershipFor(actor, partnershipId);
      const all = await repo.listMeetings(db, partnershipId);
      const at = now().getTime();
      return {
        partnership,
        role,
        canSchedule: canScheduleMeetings(role),
        all,
        upcoming: all.filter((m) => m.endsAt.getTime() >= at),
        past: all.filter((m) => m.endsAt.getTime() < at).reverse(),
      };
    },

    getMeeting,

    /** The form to schedule a meeting. */
    async newMeeting(actor: Actor, partnershipId: number) {
      const { partnership, role } = await partnershipFor(actor, partnershipId);
      await allow(canScheduleMeetings(role), actor, partnershipId, 'partnership');
      return { partnership };
    },

    async createMeeting(actor: Actor, partnershipId: number, form: MeetingForm) {
      const { role } = await partnershipFor(actor, partnershipId, 'meeting');
      await allow(canScheduleMeetings(role), actor, partnershipId, 'meeting');
      const values = meetingValues(form);
      return db.transaction(async (tx) => {
        const meeting = await repo.insertMeeting(tx, partnershipId, values);
        await audit.record(
          actor,
          { action: 'meeting.create', entityType: 'meeting', entityId: meeting.id, partnershipId, after: meeting },
          tx,
        );
        return meeting;
      });
    },

    /** The form to change a meeting's details. */
    async editMeeting(actor: Actor, meetingId: number) {
      const view = await getMeeting(actor, meetingId);
      await allow(view.can.schedule, actor, view.partnership.id, 'meeting');
      return { partnership: view.partnership, meeting: meetingFormValues(view.meeting), readOnly: view.readOnly };
    },

    async updateMeeting(actor: Actor, meetingId: number, version: number, form: MeetingForm) {
      const { meeting, role } = await meetingFor(actor, meetingId);
      await allow(canScheduleMeetings(role), actor, meeting.partnershipId, 'meeting');
      refuseIfApproved(meeting);
      const values = meetingValues(form);
      return db.transaction(async (tx) => {
        const after = await repo.updateMeeting(tx, meetingId, version, values);
        if (!after) throw new EditConflictError('meeting');
        await audit.record(
          actor,
          {
            action: 'meeting.update',
            entityType: 'meeting',
            entityId: meetingId,
            partnershipId: meeting.partnershipId,
            before: meeting,
            after,
          },
          tx,
        );
        return after;
      });
    },

    async addAgendaItem(actor: Actor, meetingId: number, form: AgendaForm) {
      const { meeting, role } = await meetingFor(actor, meetingId);
      await allow(canScheduleMeetings(role), actor, meeting.partnershipId, 'meeting');
      refuseIfApproved(meeting);
      const values = await agendaValues(meeting.partnershipId, form);
      return db.transaction(async (tx) => {
        const item = await repo.insertAgendaItem(tx, meetingId, values);
        await audit.record(
          actor,
          { action: 'agenda-item.create', entityType: 'agenda-item', entityId: item.id, partnershipId: meeting.partnershipId, after: item },
          tx,
        );
        await tellOfNewPapers(tx, actor, meeting, [], values.papers);
        return item;
      });
    },

    /** The form to change an agenda item, with the agencies and priorities to choose from. */
    async editAgendaItem(actor: Actor, meetingId: number, itemId: number) {
      const found = await agendaItemFor(actor, meetingId, itemId, canScheduleMeetings);
      const [agencies, priorities] = await Promise.all([
        listMemberAgencies(db, found.meeting.partnershipId),
        listPriorities(db, found.meeting.partnershipId),
      ]);
      return { ...found, item: agendaItemFormValues(found.item), agencies, priorities };
    },

    async updateAgendaItem(actor: Actor, meetingId: number, itemId: number, version: number, form: AgendaForm) {
      const { meeting, item } = await agendaItemFor(actor, meetingId, itemId, canScheduleMeetings);
      refuseIfApproved(meeting);
      const values = await agendaValues(meeting.partnershipId, form);
      return db.transaction(async (tx) => {
        const after = await repo.updateAgendaItem(tx, itemId, version, values);
        if (!after) throw new EditConflictError('agenda item');
        await audit.record(
          actor,
          {
            action: 'agenda-item.update',
            entityType: 'agenda-item',
            entityId: itemId,
            partnershipId: meeting.partnershipId,
            before: item,
            after,
          },
          tx,
        );
        await tellOfNewPapers(tx, actor, meeting, item.papers, values.papers);
        return after;
      });
    },

    async moveAgendaItem(actor: Actor, meetingId: number, itemId: number, direction: -1 | 1) {
      const { meeting, item } = await agendaItemFor(actor, meetingId, itemId, canScheduleMeetings);
      refuseIfApproved(meeting);
      await db.transaction(async (tx) => {
        await repo.moveAgendaItem(tx, meetingId, itemId, direction);
        await audit.record(
          actor,
          {
            action: 'agenda-item.move',
            entityType: 'agenda-item',
            entityId: itemId,
            partnershipId: meeting.partnershipId,
            before: { position: item.position },
            details: { direction: direction < 0 ? 'up' : 'down' },
          },
          tx,
        );
      });
    },

    /** The attendance form: the meeting page's view, for those who may record attendance. */
    async attendanceForm(actor: Actor, meetingId: number) {
      const view = await getMeeting(actor, meetingId);
      await allow(view.can.recordAttendance, actor, view.partnership.id, 'meeting');
      return view;
    },

    /**
     * Records attendance: `entries` maps each agency to present, apologies, absent or represented (by a
     * named officer). Agencies left blank are not recorded.
     */
    async recordAttendance(actor: Actor, meetingId: number, entries: AttendanceForm[]) {
      const { meeting, role } = await meetingFor(actor, meetingId);
      await allow(canRecordAttendance(role), actor, meeting.partnershipId, 'meeting');
      refuseIfApproved(meeting);
      const members = await listMemberAgencies(db, meeting.partnershipId);
      const rows: { agencyId: number; status: AttendanceStatus; officer: string | null }[] = [];
      const errors: { field: string; message: string }[] = [];
      for (const raw of entries) {
        const e = attendanceEntry.safeParse(raw);
        if (!e.success)
          throw new ValidationError([{ field: 'form', message: 'Choose an attendance status from the list for each agency' }]);
        const member = members.find((m) => m.id === e.data.agencyId);
        if (!member) throw notFound('Agency');
        if (!e.data.status) continue;
        if (e.data.status === 'represented' && !e.data.officer)
          errors.push({ field: `officer-${member.id}`, message: `Enter the officer who represented ${member.name}` });
        rows.push({ agencyId: member.id, status: e.data.status, officer: e.data.officer ?? null });
      }
      if (errors.length) throw new ValidationError(errors);
      await db.transaction(async (tx) => {
        const before = await repo.listAttendance(tx, meetingId);
        await repo.replaceAttendance(tx, meetingId, rows);
        await audit.record(
          actor,
          {
            action: 'meeting.attendance',
            entityType: 'meeting',
            entityId: meetingId,
            partnershipId: meeting.partnershipId,
            before,
            after: rows,
          },
          tx,
        );
      });
      return rows;
    },

    /** One meeting as an iCalendar file. */
    async meetingCalendar(actor: Actor, meetingId: number, baseUrl: string) {
      const { meeting, partnership } = await meetingFor(actor, meetingId);
      const items = await repo.listAgendaItems(db, meetingId);
      return {
        meeting,
        date: meetingWhen(meeting).date,
        ics: toICalendar(partnership.name, [meetingEvent(meeting, partnership.name, items, baseUrl)]),
      };
    },

    /** A partnership's whole schedule as an iCalendar feed. */
    async partnershipCalendar(actor: Actor, partnershipId: number, baseUrl: string) {
      const { partnership } = await partnershipFor(actor, partnershipId);
      const meetings = await repo.listMeetings(db, partnershipId);
      const items = await repo.listAgendaItemsOf(
        db,
        meetings.map((m) => m.id),
      );
      const events = meetings.map((m) =>
        meetingEvent(
          m,
          partnership.name,
          items.filter((i) => i.meetingId === m.id),
          baseUrl,
        ),
      );
      return { partnership, ics: toICalendar(`${partnership.name} meetings`, events) };
    },

    /**
     * Each member agency's attendance over 12 months: meetings with attendance recorded, how many it
     * attended (present or represented), its rate and the meetings it missed. The window ends today, or
     * — when no meeting has been recorded in the last year — at the latest meeting recorded.
     */
    async attendanceRecord(actor: Actor, partnershipId: number) {
      await partnershipFor(actor, partnershipId);
      return attendanceRecordFor(partnershipId);
    },

    /** The same, for the overview (which has checked the actor already). */
    attendanceRecordFor,

    async nextMeeting(partnershipId: number) {
      return (await repo.findNextMeeting(db, partnershipId, now())) ?? null;
    },

    /** The partnership's plan priorities, for choosing one (the demo loader reads them by number). */
    async listPriorities(actor: Actor, partnershipId: number) {
      await partnershipFor(actor, partnershipId);
      return listPriorities(db, partnershipId);
    },
  };
}

export type MeetingsService = ReturnType<typeof createMeetingsService>;
