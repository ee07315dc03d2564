/** The scorecard's measures (table plan_measures, migration 0110). Every function takes the database or a transaction. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { measures, priorities, type Measure } from '../schema.js';

export type MeasureValues = Pick<
  Measure,
  | 'priorityId'
  | 'indicatorKey'
  | 'areaCode'
  | 'benchmarkCode'
  | 'comparatorGroupId'
  | 'baselinePeriod'
  | 'targetKind'
  | 'targetValue'
  | 'targetDirection'
  | 'targetPosition'
>;

/** A plan's measures in order, each with its priority's number and title (null when linked to none). */
export const listMeasures = (db: DbOrTx, planId: number) =>
  db
    .select({ measure: measures, priority: { id: priorities.id, number: priorities.number, title: priorities.title } })
    .from(measures)
    .leftJoin(priorities, eq(priorities.id, measures.priorityId))
    .where(eq(measures.planId, planId))
    .orderBy(asc(measures.position), asc(measures.id));

export async function findMeasure(db: DbOrTx, id: number) {
  const [row] = await db.select().from(measures).where(eq(measures.id, id));
  return row;
}

export async function insertMeasure(db: DbOrTx, planId: number, values: MeasureValues) {
  const [row] = await db
    .insert(measures)
    .values({
      ...values,
      planId,
      position: sql`coalesce((select max(position) from plan_measures where plan_id = ${planId}), 0) + 1`,
    })
    .returning();
  return row!;
}

/** Updates only when the version still matches; undefined means someone else saved first. */
export async function updateMeasure(db: DbOrTx, id: number, version: number, values: MeasureValues) {
  const [row] = await db
    .update(measures)
    .set({ ...values, version: sql`${measures.version} + 1`, updatedAt: new Date() })
    .where(and(eq(measures.id, id), eq(measures.version, version)))
    .returning();
  return row;
}

/** Deletes only when the version still matches; undefined means someone else changed it first. */
export async function deleteMeasure(db: DbOrTx, id: number, version: number) {
  const [row] = await db
    .delete(measures)
    .where(and(eq(measures.id, id), eq(measures.version, version)))
    .returning();
  return row;
}
