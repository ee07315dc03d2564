import { and, asc, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { agencies } from '../../partnerships/schema.js';
import { agendaItems, attendance, meetings, type AttendanceStatus, type Meeting, type Paper } from '../schema.js';

/** Meetings, their agenda and attendance. */

export type MeetingValues = Pick<Meeting, 'title' | 'kind' | 'startsAt' | 'endsAt' | 'location' | 'onlineUrl'>;

export const listMeetings = (db: DbOrTx, partnershipId: number) =>
  db.select().from(meetings).where(eq(meetings.partnershipId, partnershipId)).orderBy(asc(meetings.startsAt));

export async function findMeeting(db: DbOrTx, id: number) {
  const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
  return row;
}

export async function insertMeeting(db: DbOrTx, partnershipId: number, values: MeetingValues) {
  const [row] = await db
    .insert(meetings)
    .values({ partnershipId, ...values })
    .returning();
  return row!;
}

/** Updates only when the version still matches; undefined when someone else saved first. */
export async function updateMeeting(db: DbOrTx, id: number, version: number, values: MeetingValues) {
  const [row] = await db
    .update(meetings)
    .set({ ...values, version: sql`${meetings.version} + 1`, updatedAt: new Date() })
    .where(and(eq(meetings.id, id), eq(meetings.version, version)))
    .returning();
  return row;
}

/** The meeting of the same partnership held just before this one, if any. */
export async function findPreviousMeeting(db: DbOrTx, meeting: Meeting) {
  const [row] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.partnershipId, meeting.partnershipId), lt(meetings.startsAt, meeting.startsAt)))
    .orderBy(desc(meetings.startsAt))
    .limit(1);
  return row;
}

export async function findNextMeeting(db: DbOrTx, partnershipId: number, after: Date) {
  const [row] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.partnershipId, partnershipId), gte(meetings.startsAt, after)))
    .orderBy(asc(meetings.startsAt))
    .limit(1);
  return row;
}

// Agenda -----------------------------------------------------------------------------------------------

export const listAgendaItems = (db: DbOrTx, meetingId: number) => listAgendaItemsOf(db, [meetingId]);

/** The agenda items of several meetings in one query, each meeting's in order. */
export const listAgendaItemsOf = (db: DbOrTx, meetingIds: number[]) =>
  db
    .select({
      id: agendaItems.id,
      meetingId: agendaItems.meetingId,
      position: agendaItems.position,
      title: agendaItems.title,
      presentingAgencyId: agendaItems.presentingAgencyId,
      presentingAgencyName: agencies.name,
      priorityId: agendaItems.priorityId,
      reportUrl: agendaItems.reportUrl,
      papers: agendaItems.papers,
      minutes: agendaItems.minutes,
      version: agendaItems.version,
    })
    .from(agendaItems)
    .leftJoin(agencies, eq(agencies.id, agendaItems.presentingAgencyId))
    .where(inArray(agendaItems.meetingId, meetingIds.length ? meetingIds : [-1]))
    .orderBy(asc(agendaItems.meetingId), asc(agendaItems.position), asc(agendaItems.id));

export type AgendaItemRow = Awaited<ReturnType<typeof listAgendaItemsOf>>[number];

export async function findAgendaItem(db: DbOrTx, id: number) {
  const [row] = await db.select().from(agendaItems).where(eq(agendaItems.id, id));
  return row;
}

export interface AgendaValues {
  title: string;
  presentingAgencyId: number | null;
  priorityId: number | null;
  reportUrl: string | null;
  papers: Paper[];
}

export async function insertAgendaItem(db: DbOrTx, meetingId: number, values: AgendaValues) {
  const [last] = await db
    .select({ max: sql<number>`coalesce(max(${agendaItems.position}), 0)` })
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId));
  const [row] = await db
    .insert(agendaItems)
    .values({ meetingId, position: Number(last?.max ?? 0) + 1, ...values, minutes: null })
    .returning();
  return row!;
}

export async function updateAgendaItem(db: DbOrTx, id: number, version: number, values: AgendaValues) {
  const [row] = await db
    .update(agendaItems)
    .set({ ...values, version: sql`${agendaItems.version} + 1`, updatedAt: new Date() })
    .where(and(eq(agendaItems.id, id), eq(agendaItems.version, version)))
    .returning();
  return row;
}

/** Swaps an item's position with its neighbour above (-1) or below (+1). */
export async function moveAgendaItem(db: DbOrTx, meetingId: number, itemId: number, direction: -1 | 1) {
  const items = await db
    .select({ id: agendaItems.id, position: agendaItems.position })
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position), asc(agendaItems.id));
  const at = items.findIndex((i) => i.id === itemId);
  const other = items[at + direction];
  if (at < 0 || !other) return false;
  const ordered = [...items];
  ordered[at] = other;
  ordered[at + direction] = items[at]!;
  for (let i = 0; i < ordered.length; i++)
    await db
      .update(agendaItems)
      .set({ position: i + 1 })
      .where(eq(agendaItems.id, ordered[i]!.id));
  return true;
}

// Attendance -------------------------------------------------------------------------------------------

export const listAttendance = (db: DbOrTx, meetingId: number) =>
  db
    .select({ agencyId: attendance.agencyId, agencyName: agencies.name, status: attendance.status, officer: attendance.officer })
    .from(attendance)
    .innerJoin(agencies, eq(agencies.id, attendance.agencyId))
    .where(eq(attendance.meetingId, meetingId))
    .orderBy(asc(agencies.name));

export async function replaceAttendance(
  db: DbOrTx,
  meetingId: number,
  rows: { agencyId: number; status: AttendanceStatus; officer: string | null }[],
) {
  await db.delete(attendance).where(eq(attendance.meetingId, meetingId));
  if (rows.length) await db.insert(attendance).values(rows.map((r) => ({ meetingId, ...r })));
}

/** Attendance rows of the partnership's meetings held in a window, with each meeting's date. */
export const listAttendanceBetween = (db: DbOrTx, partnershipId: number, from: Date, to: Date) =>
  db
    .select({
      meetingId: meetings.id,
      title: meetings.title,
      startsAt: meetings.startsAt,
      agencyId: attendance.agencyId,
      status: attendance.status,
    })
    .from(attendance)
    .innerJoin(meetings, eq(meetings.id, attendance.meetingId))
    .where(and(eq(meetings.partnershipId, partnershipId), gte(meetings.startsAt, from), lte(meetings.startsAt, to)))
    .orderBy(asc(meetings.startsAt));

/** When the latest meeting with attendance recorded was held, before a moment. */
export async function latestRecordedMeeting(db: DbOrTx, partnershipId: number, before: Date) {
  const [row] = await db
    .select({ startsAt: meetings.startsAt })
    .from(meetings)
    .innerJoin(attendance, eq(attendance.meetingId, meetings.id))
    .where(and(eq(meetings.partnershipId, partnershipId), lte(meetings.startsAt, before)))
    .orderBy(desc(meetings.startsAt))
    .limit(1);
  return row?.startsAt;
}
