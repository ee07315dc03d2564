import { aliasedTable, and, asc, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/database.js';
import { agencies, memberships } from '../partnerships/schema.js';
import {
  actions,
  agendaItems,
  attendance,
  decisions,
  meetings,
  type ActionStatus,
  type AttendanceStatus,
  type Meeting,
  type Paper,
} from './schema.js';

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

export async function approveMinutes(db: DbOrTx, id: number, version: number, atMeetingId: number) {
  const [row] = await db
    .update(meetings)
    .set({
      minutesStatus: 'approved',
      minutesApprovedAtMeetingId: atMeetingId,
      version: sql`${meetings.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(meetings.id, id), eq(meetings.version, version), eq(meetings.minutesStatus, 'draft')))
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

export async function updateAgendaItem(
  db: DbOrTx,
  id: number,
  version: number,
  values: Partial<AgendaValues> & { minutes?: string | null },
) {
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

export const deleteAgendaItem = (db: DbOrTx, id: number) => db.delete(agendaItems).where(eq(agendaItems.id, id));

// Attendance -------------------------------------------------------------------------------------------

/** The agencies holding a seat in the partnership, once each. */
export const listMemberAgencies = (db: DbOrTx, partnershipId: number) =>
  db
    .selectDistinct({ id: agencies.id, name: agencies.name, shortName: agencies.shortName })
    .from(memberships)
    .innerJoin(agencies, eq(agencies.id, memberships.agencyId))
    .where(eq(memberships.partnershipId, partnershipId))
    .orderBy(asc(agencies.name));

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

// Decisions and actions --------------------------------------------------------------------------------

export const listDecisions = (db: DbOrTx, meetingId: number) =>
  db.select().from(decisions).where(eq(decisions.meetingId, meetingId)).orderBy(asc(decisions.id));

export async function insertDecision(db: DbOrTx, meetingId: number, agendaItemId: number | null, text: string) {
  const [row] = await db.insert(decisions).values({ meetingId, agendaItemId, text }).returning();
  return row!;
}

const ownerAgency = aliasedTable(agencies, 'owner_agency');
const actionColumns = {
  id: actions.id,
  partnershipId: actions.partnershipId,
  meetingId: actions.meetingId,
  meetingTitle: meetings.title,
  meetingStartsAt: meetings.startsAt,
  agendaItemId: actions.agendaItemId,
  description: actions.description,
  ownerAgencyId: actions.ownerAgencyId,
  ownerAgencyName: ownerAgency.name,
  ownerOfficer: actions.ownerOfficer,
  dueOn: actions.dueOn,
  status: actions.status,
  statusReason: actions.statusReason,
  version: actions.version,
};

const actionQuery = (db: DbOrTx) =>
  db
    .select(actionColumns)
    .from(actions)
    .innerJoin(meetings, eq(meetings.id, actions.meetingId))
    .innerJoin(ownerAgency, eq(ownerAgency.id, actions.ownerAgencyId));

export type ActionRow = Awaited<ReturnType<typeof listMeetingActions>>[number];

export const listMeetingActions = (db: DbOrTx, meetingId: number) =>
  actionQuery(db).where(eq(actions.meetingId, meetingId)).orderBy(asc(actions.id));

/** Open actions arising from the partnership's meetings held before a moment: the next meeting's matters arising. */
export const listOpenActionsBefore = (db: DbOrTx, partnershipId: number, before: Date) =>
  actionQuery(db)
    .where(and(eq(actions.partnershipId, partnershipId), eq(actions.status, 'open'), lt(meetings.startsAt, before)))
    .orderBy(asc(actions.dueOn), asc(actions.id));

export const listOverdueActions = (db: DbOrTx, partnershipId: number, today: string) =>
  actionQuery(db)
    .where(and(eq(actions.partnershipId, partnershipId), eq(actions.status, 'open'), lt(actions.dueOn, today)))
    .orderBy(asc(actions.dueOn), asc(actions.id));

export async function findAction(db: DbOrTx, id: number) {
  const [row] = await actionQuery(db).where(eq(actions.id, id));
  return row;
}

export async function insertAction(
  db: DbOrTx,
  values: {
    partnershipId: number;
    meetingId: number;
    agendaItemId: number | null;
    description: string;
    ownerAgencyId: number;
    ownerOfficer: string | null;
    dueOn: string;
  },
) {
  const [row] = await db.insert(actions).values(values).returning();
  return row!;
}

export async function updateActionStatus(db: DbOrTx, id: number, version: number, status: ActionStatus, statusReason: string | null) {
  const [row] = await db
    .update(actions)
    .set({ status, statusReason, version: sql`${actions.version} + 1`, updatedAt: new Date() })
    .where(and(eq(actions.id, id), eq(actions.version, version)))
    .returning();
  return row;
}

// Priorities (plans module) ----------------------------------------------------------------------------

export interface PriorityOption {
  id: number;
  number: number;
  title: string;
  planTitle: string;
}

/**
 * The partnership's plan priorities, read from the plans module's tables when they exist, so governance
 * works with or without plans installed.
 */
export async function listPriorities(db: DbOrTx, partnershipId: number): Promise<PriorityOption[]> {
  const [present] = await queryRows<{ ok: boolean }>(
    db,
    sql`select to_regclass('public.plan_priorities') is not null and to_regclass('public.plans') is not null as ok`,
  );
  if (!present?.ok) return [];
  const rows = await queryRows<{ id: number; number: number; title: string; plan_title: string }>(
    db,
    sql`select pp.id, pp.number, pp.title, p.title as plan_title
        from plan_priorities pp join plans p on p.id = pp.plan_id
        where p.partnership_id = ${partnershipId}
        order by p.first_year desc, p.id desc, pp.number`,
  );
  return rows.map((r) => ({ id: Number(r.id), number: Number(r.number), title: r.title, planTitle: r.plan_title }));
}

export const agencyNames = async (db: DbOrTx, ids: number[]) =>
  ids.length ? db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(inArray(agencies.id, ids)) : [];
