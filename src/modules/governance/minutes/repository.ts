import { aliasedTable, and, asc, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { agencies } from '../../partnerships/schema.js';
import { actions, agendaItems, decisions, meetings, type ActionStatus } from '../schema.js';

/** Minutes (kept on each agenda item), their approval, decisions and actions arising. */

/** Saves an agenda item's minutes only when the version still matches; undefined when someone else saved first. */
export async function updateMinutes(db: DbOrTx, itemId: number, version: number, minutes: string | null) {
  const [row] = await db
    .update(agendaItems)
    .set({ minutes, version: sql`${agendaItems.version} + 1`, updatedAt: new Date() })
    .where(and(eq(agendaItems.id, itemId), eq(agendaItems.version, version)))
    .returning();
  return row;
}

/** Marks draft minutes approved at a later meeting, only when the version still matches. */
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
