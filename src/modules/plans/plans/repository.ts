import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { agencies, partnerships } from '../../partnerships/schema.js';
import {
  actionAgencies,
  actions,
  focusAreas,
  plans,
  priorities,
  prioritySponsors,
  type Action,
  type Plan,
  type Priority,
} from '../schema.js';

export type PlanValues = Pick<Plan, 'title' | 'firstYear' | 'lastYear' | 'status' | 'strategicAssessment'>;
export type PriorityValues = Pick<Priority, 'number' | 'title' | 'description' | 'activities' | 'ownershipLevel' | 'ownershipStatement'>;
export type ActionValues = Pick<Action, 'text' | 'targetDate' | 'status'>;

// Plans ------------------------------------------------------------------------------------------------
export const listPlans = (db: DbOrTx, partnershipId: number) =>
  db.select().from(plans).where(eq(plans.partnershipId, partnershipId)).orderBy(desc(plans.firstYear), asc(plans.title));

export async function findPlan(db: DbOrTx, id: number) {
  const [row] = await db.select().from(plans).where(eq(plans.id, id));
  return row;
}

export async function insertPlan(db: DbOrTx, values: PlanValues & { partnershipId: number }) {
  const [row] = await db.insert(plans).values(values).returning();
  return row!;
}

/** Updates only when the version still matches; undefined means someone else saved first. */
export async function updatePlan(db: DbOrTx, id: number, version: number, values: PlanValues) {
  const [row] = await db
    .update(plans)
    .set({ ...values, version: sql`${plans.version} + 1`, updatedAt: new Date() })
    .where(and(eq(plans.id, id), eq(plans.version, version)))
    .returning();
  return row;
}

// Priorities -------------------------------------------------------------------------------------------
export const listPriorities = (db: DbOrTx, planId: number) =>
  db.select().from(priorities).where(eq(priorities.planId, planId)).orderBy(asc(priorities.number));

export async function findPriority(db: DbOrTx, id: number) {
  const [row] = await db.select().from(priorities).where(eq(priorities.id, id));
  return row;
}

export async function insertPriority(db: DbOrTx, values: PriorityValues & { planId: number }) {
  const [row] = await db.insert(priorities).values(values).returning();
  return row!;
}

export async function updatePriority(db: DbOrTx, id: number, version: number, values: PriorityValues) {
  const [row] = await db
    .update(priorities)
    .set({ ...values, version: sql`${priorities.version} + 1`, updatedAt: new Date() })
    .where(and(eq(priorities.id, id), eq(priorities.version, version)))
    .returning();
  return row;
}

export async function setSponsors(db: DbOrTx, priorityId: number, agencyIds: number[]) {
  await db.delete(prioritySponsors).where(eq(prioritySponsors.priorityId, priorityId));
  if (agencyIds.length) await db.insert(prioritySponsors).values(agencyIds.map((agencyId) => ({ priorityId, agencyId })));
}

export const listSponsors = (db: DbOrTx, priorityIds: number[]) =>
  priorityIds.length === 0
    ? Promise.resolve([])
    : db
        .select({ priorityId: prioritySponsors.priorityId, agencyId: agencies.id, agencyName: agencies.name })
        .from(prioritySponsors)
        .innerJoin(agencies, eq(agencies.id, prioritySponsors.agencyId))
        .where(inArray(prioritySponsors.priorityId, priorityIds))
        .orderBy(asc(agencies.name));

// Actions ----------------------------------------------------------------------------------------------
export const listActions = (db: DbOrTx, planId: number) =>
  db.select().from(actions).where(eq(actions.planId, planId)).orderBy(asc(actions.priorityId), asc(actions.position), asc(actions.id));

export async function findAction(db: DbOrTx, id: number) {
  const [row] = await db.select().from(actions).where(eq(actions.id, id));
  return row;
}

export async function nextActionPosition(db: DbOrTx, priorityId: number) {
  const [row] = await db
    .select({ next: sql<number>`coalesce(max(${actions.position}), 0) + 1` })
    .from(actions)
    .where(eq(actions.priorityId, priorityId));
  return Number(row?.next ?? 1);
}

export async function insertAction(db: DbOrTx, values: ActionValues & { planId: number; priorityId: number; position: number }) {
  const [row] = await db.insert(actions).values(values).returning();
  return row!;
}

export async function updateAction(db: DbOrTx, id: number, version: number, values: ActionValues) {
  const [row] = await db
    .update(actions)
    .set({ ...values, version: sql`${actions.version} + 1`, updatedAt: new Date() })
    .where(and(eq(actions.id, id), eq(actions.version, version)))
    .returning();
  return row;
}

export async function setActionAgencies(db: DbOrTx, actionId: number, leads: number[], supporting: number[]) {
  await db.delete(actionAgencies).where(eq(actionAgencies.actionId, actionId));
  const rows = [
    ...leads.map((agencyId) => ({ actionId, agencyId, role: 'lead' as const })),
    ...supporting.filter((a) => !leads.includes(a)).map((agencyId) => ({ actionId, agencyId, role: 'supporting' as const })),
  ];
  if (rows.length) await db.insert(actionAgencies).values(rows);
}

export const listActionAgencies = (db: DbOrTx, actionIds: number[]) =>
  actionIds.length === 0
    ? Promise.resolve([])
    : db
        .select({ actionId: actionAgencies.actionId, role: actionAgencies.role, agencyId: agencies.id, agencyName: agencies.name })
        .from(actionAgencies)
        .innerJoin(agencies, eq(agencies.id, actionAgencies.agencyId))
        .where(inArray(actionAgencies.actionId, actionIds))
        .orderBy(asc(agencies.name));

/** Actions an agency leads, in the given partnerships, with their plan and priority. */
export const listActionsLedBy = (db: DbOrTx, agencyId: number, partnershipIds: number[] | 'all') =>
  partnershipIds !== 'all' && partnershipIds.length === 0
    ? Promise.resolve([])
    : db
        .select({
          action: actions,
          planId: plans.id,
          planTitle: plans.title,
          planStatus: plans.status,
          partnershipId: partnerships.id,
          partnershipName: partnerships.name,
          priorityNumber: priorities.number,
          priorityTitle: priorities.title,
        })
        .from(actionAgencies)
        .innerJoin(actions, eq(actions.id, actionAgencies.actionId))
        .innerJoin(priorities, eq(priorities.id, actions.priorityId))
        .innerJoin(plans, eq(plans.id, actions.planId))
        .innerJoin(partnerships, eq(partnerships.id, plans.partnershipId))
        .where(
          and(
            eq(actionAgencies.agencyId, agencyId),
            eq(actionAgencies.role, 'lead'),
            partnershipIds === 'all' ? undefined : inArray(plans.partnershipId, partnershipIds),
          ),
        )
        .orderBy(asc(partnerships.name), asc(plans.title), asc(priorities.number), asc(actions.position));

// Key areas of focus -----------------------------------------------------------------------------------
export const listFocusAreas = (db: DbOrTx, planId: number) =>
  db.select().from(focusAreas).where(eq(focusAreas.planId, planId)).orderBy(asc(focusAreas.position), asc(focusAreas.id));

export async function insertFocusArea(db: DbOrTx, planId: number, text: string) {
  const [max] = await db
    .select({ next: sql<number>`coalesce(max(${focusAreas.position}), 0) + 1` })
    .from(focusAreas)
    .where(eq(focusAreas.planId, planId));
  const [row] = await db
    .insert(focusAreas)
    .values({ planId, text, position: Number(max?.next ?? 1) })
    .returning();
  return row!;
}

export async function deleteFocusArea(db: DbOrTx, planId: number, id: number) {
  const [row] = await db
    .delete(focusAreas)
    .where(and(eq(focusAreas.id, id), eq(focusAreas.planId, planId)))
    .returning();
  return row;
}

/** Plans of several partnerships, with the partnership's name, for the plans list. */
export const listPlansIn = (db: DbOrTx, partnershipIds: number[] | 'all') =>
  partnershipIds !== 'all' && partnershipIds.length === 0
    ? Promise.resolve([])
    : db
        .select({ plan: plans, partnershipName: partnerships.name })
        .from(plans)
        .innerJoin(partnerships, eq(partnerships.id, plans.partnershipId))
        .where(partnershipIds === 'all' ? undefined : inArray(plans.partnershipId, partnershipIds))
        .orderBy(asc(partnerships.name), desc(plans.firstYear), asc(plans.title));
