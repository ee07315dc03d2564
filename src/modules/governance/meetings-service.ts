import { AppError, EditConflictError, notFound, ValidationError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validation.js';
import type { Actor } from '../access/actor.js';
import { accessHelpers, type GovernanceDeps } from './context.js';
import { toICalendar, type CalendarEvent } from './ics.js';
import { agendaInput, attendanceEntry, meetingInput, type AgendaInput, type MeetingInput } from './inputs.js';
import * as repo from './meetings-repository.js';
import { londonParts, londonToday, londonToInstant } from '../../lib/london-time.js';
import { minutesBlocks } from './minutes/format.js';
import { parsePapers } from './rules.js';
import type { AttendanceStatus, Meeting } from './schema.js';

const attendedStatuses: AttendanceStatus[] = ['present', 'represented'];

/** Meetings: scheduling, agenda, attendance, calendars and the attendance record. */
export function createMeetingsService(deps: GovernanceDeps) {
  const { db, audit, now } = deps;
  const { partnershipFor, meetingFor, agendaItemFor } = accessHelpers(deps);

  const meetingValues = (input: MeetingInput): repo.MeetingValues => {
    const i = parseInput(meetingInput, input);
    return {
      title: i.title,
      kind: i.kind,
      startsAt: londonToInstant(i.date, i.startTime),
      endsAt: londonToInstant(i.date, i.endTime),
      location: i.location ?? null,
      onlineUrl: i.onlineUrl ?? null,
    };
  };

  const refuseIfApproved = (meeting: Meeting) => {
    if (meeting.minutesStatus === 'approved')
      throw new AppError('conflict', 'The minutes of this meeting have been approved and can no longer be changed');
  };

  async function agendaValues(partnershipId: number, input: AgendaInput): Promise<repo.AgendaValues> {
    const i = parseInput(agendaInput, input);
    const parsed = parsePapers(i.papers);
    if ('badLine' in parsed)
      throw new ValidationError([
        { field: 'papers', message: `Line ${parsed.badLine} of the papers is not a web address starting https://` },
      ]);
    if (i.priorityId !== undefined && !(await repo.listPriorities(db, partnershipId)).some((p) => p.id === i.priorityId))
      throw new ValidationError([{ field: 'priorityId', message: 'Select one of this partnership’s priorities' }]);
    return {
      title: i.title,
      presentingAgencyId: i.presentingAgencyId ?? null,
      priorityId: i.priorityId ?? null,
      reportUrl: i.reportUrl ?? null,
      papers: parsed.papers,
    };
  }

  return {
    /** A partnership's meetings, split into upcoming and past (most recent first). */
    async listMeetings(actor: Actor, partnershipId: number) {
      const { partnership, role } = await partnershipFor(actor, partnershipId, 'view');
      const all = await repo.listMeetings(db, partnershipId);
      const at = now().getTime();
      return {
        partnership,
        role,
        all,
        upcoming: all.filter((m) => m.endsAt.getTime() >= at),
        past: all.filter((m) => m.endsAt.getTime() < at).reverse(),
      };
    },

    /** Everything the meeting page shows. */
    async getMeeting(actor: Actor, meetingId: number) {
      const { meeting, partnership, role } = await meetingFor(actor, meetingId, 'view');
      const today = londonToday(now());
      const [items, attendanceRows, members, decisions, actions, carried, previous, priorities] = await Promise.all([
        repo.listAgendaItems(db, meetingId),
        repo.listAttendance(db, meetingId),
        repo.listMemberAgencies(db, meeting.partnershipId),
        repo.listDecisions(db, meetingId),
        repo.listMeetingActions(db, meetingId),
        repo.listOpenActionsBefore(db, meeting.partnershipId, meeting.startsAt),
        repo.findPreviousMeeting(db, meeting),
        repo.listPriorities(db, meeting.partnershipId),
      ]);
      const priorityById = new Map(priorities.map((p) => [p.id, p]));
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
      const withOverdue = <A extends { dueOn: string; status: string }>(a: A) => ({
        ...a,
        overdue: a.status === 'open' && a.dueOn < today,
      });
      return {
        meeting,
        partnership,
        role,
        canCoordinate: role === 'coordinator',
        readOnly: meeting.minutesStatus === 'approved',
        when: { ...londonParts(meeting.startsAt), endTime: londonParts(meeting.endsAt).time },
        items: items.map((i) => ({
          ...i,
          minutesBlocks: minutesBlocks(i.minutes),
          priority: i.priorityId ? (priorityById.get(i.priorityId) ?? null) : null,
          decisions: decisions.filter((d) => d.agendaItemId === i.id),
          actions: actions.filter((a) => a.agendaItemId === i.id).map(withOverdue),
        })),
        generalDecisions: decisions.filter((d) => !items.some((i) => i.id === d.agendaItemId)),
        decisions,
        actions: actions.map(withOverdue),
        generalActions: actions.filter((a) => !items.some((i) => i.id === a.agendaItemId)).map(withOverdue),
        mattersArising: carried.map(withOverdue),
        attendance,
        members,
        priorities,
        previous: previous ?? null,
        approvedAt: approvedAt ?? null,
        today,
      };
    },

    async createMeeting(actor: Actor, partnershipId: number, input: MeetingInput) {
      await partnershipFor(actor, partnershipId, 'coordinate', 'meeting');
      const values = meetingValues(input);
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

    async updateMeeting(actor: Actor, meetingId: number, version: number, input: MeetingInput) {
      const { meeting } = await meetingFor(actor, meetingId, 'coordinate');
      refuseIfApproved(meeting);
      const values = meetingValues(input);
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

    async addAgendaItem(actor: Actor, meetingId: number, input: AgendaInput) {
      const { meeting } = await meetingFor(actor, meetingId, 'coordinate');
      refuseIfApproved(meeting);
      const values = await agendaValues(meeting.partnershipId, input);
      return db.transaction(async (tx) => {
        const item = await repo.insertAgendaItem(tx, meetingId, values);
        await audit.record(
          actor,
          { action: 'agenda-item.create', entityType: 'agenda-item', entityId: item.id, partnershipId: meeting.partnershipId, after: item },
          tx,
        );
        return item;
      });
    },

    async updateAgendaItem(actor: Actor, meetingId: number, itemId: number, version: number, input: AgendaInput) {
      const { meeting, item } = await agendaItemFor(actor, meetingId, itemId, 'coordinate');
      refuseIfApproved(meeting);
      const values = await agendaValues(meeting.partnershipId, input);
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
        return after;
      });
    },

    async moveAgendaItem(actor: Actor, meetingId: number, itemId: number, direction: -1 | 1) {
      const { meeting, item } = await agendaItemFor(actor, meetingId, itemId, 'coordinate');
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

    async getAgendaItem(actor: Actor, meetingId: number, itemId: number, ability: 'view' | 'coordinate' = 'view') {
      const found = await agendaItemFor(actor, meetingId, itemId, ability);
      return { ...found, priorities: await repo.listPriorities(db, found.meeting.partnershipId) };
    },

    /**
     * Records attendance: `entries` maps each agency to present, apologies, absent or represented (by a
     * named officer). Agencies left blank are not recorded.
     */
    async recordAttendance(actor: Actor, meetingId: number, entries: { agencyId: unknown; status?: unknown; officer?: unknown }[]) {
      const { meeting } = await meetingFor(actor, meetingId, 'coordinate');
      refuseIfApproved(meeting);
      const members = await repo.listMemberAgencies(db, meeting.partnershipId);
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
      const { meeting, partnership } = await meetingFor(actor, meetingId, 'view');
      const items = await repo.listAgendaItems(db, meetingId);
      return { meeting, ics: toICalendar(partnership.name, [calendarEvent(meeting, partnership.name, items, baseUrl)]) };
    },

    /** A partnership's whole schedule as an iCalendar feed. */
    async partnershipCalendar(actor: Actor, partnershipId: number, baseUrl: string) {
      const { partnership } = await partnershipFor(actor, partnershipId, 'view');
      const meetings = await repo.listMeetings(db, partnershipId);
      const items = await repo.listAgendaItemsOf(
        db,
        meetings.map((m) => m.id),
      );
      const events: CalendarEvent[] = meetings.map((m) =>
        calendarEvent(
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
      await partnershipFor(actor, partnershipId, 'view');
      return attendanceRecordFor(partnershipId);
    },

    attendanceRecordFor,

    /** The overdue-work panel: open actions past due, risks past their review date are added by the risks service. */
    async overdueActions(partnershipId: number) {
      return repo.listOverdueActions(db, partnershipId, londonToday(now()));
    },

    async nextMeeting(partnershipId: number) {
      return (await repo.findNextMeeting(db, partnershipId, now())) ?? null;
    },

    listMemberAgencies: (partnershipId: number) => repo.listMemberAgencies(db, partnershipId),
    listPriorities: (partnershipId: number) => repo.listPriorities(db, partnershipId),
  };

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
    const members = await repo.listMemberAgencies(db, partnershipId);
    const meetingsHeld = [...new Map(rows.map((r) => [r.meetingId, { id: r.meetingId, title: r.title, startsAt: r.startsAt }])).values()];
    const agencies = members.map((m) => {
      const own = new Map(rows.filter((r) => r.agencyId === m.id).map((r) => [r.meetingId, r.status]));
      const attended = meetingsHeld.filter((mt) => attendedStatuses.includes(own.get(mt.id) as AttendanceStatus)).length;
      const missed = meetingsHeld
        .filter((mt) => !attendedStatuses.includes(own.get(mt.id) as AttendanceStatus))
        .map((mt) => ({ ...mt, status: own.get(mt.id) ?? null }));
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
}

function calendarEvent(
  meeting: Meeting,
  partnershipName: string,
  items: { title: string; presentingAgencyName: string | null }[],
  baseUrl: string,
): CalendarEvent {
  const url = `${baseUrl}/meetings/${meeting.id}`;
  const agenda = items.map((i, n) => `${n + 1}. ${i.title}${i.presentingAgencyName ? ` (${i.presentingAgencyName})` : ''}`);
  const description = [`${partnershipName}: ${meeting.kind} meeting`, ...(agenda.length ? ['', 'Agenda:', ...agenda] : []), '', url].join(
    '\n',
  );
  return {
    uid: `meeting-${meeting.id}@saferhub`,
    start: meeting.startsAt,
    end: meeting.endsAt,
    stamp: meeting.updatedAt,
    sequence: meeting.version - 1,
    summary: `${meeting.title} (${partnershipName})`,
    location: [meeting.location, meeting.onlineUrl].filter(Boolean).join(' – ') || null,
    description,
    url,
  };
}

export type MeetingsService = ReturnType<typeof createMeetingsService>;
