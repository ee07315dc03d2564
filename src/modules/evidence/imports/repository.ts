/** Evidence writes made by imports, and the look-ups imports validate against. */
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/database.js';
import {
  areaPopulations,
  areas,
  evidenceImports,
  indicators,
  observations,
  type ImportKind,
  type ImportStatus,
  type ImportSummary,
} from './schema.js';

export async function findSucceededImport(db: DbOrTx, kind: ImportKind, sha256: string) {
  const rows = await db
    .select()
    .from(evidenceImports)
    .where(and(eq(evidenceImports.kind, kind), eq(evidenceImports.sha256, sha256), eq(evidenceImports.status, 'succeeded')));
  return rows[0] ?? null;
}

export async function insertImport(
  db: DbOrTx,
  row: {
    kind: ImportKind;
    fileName: string;
    sha256: string;
    status: ImportStatus;
    userId: number | null;
    summary?: ImportSummary;
    bytesTotal?: number;
    progressAt?: Date;
  },
) {
  const [created] = await db
    .insert(evidenceImports)
    .values({ ...row, summary: row.summary ?? { messages: [] } })
    .returning({ id: evidenceImports.id });
  return created!.id;
}

export async function finishImport(
  db: DbOrTx,
  id: number,
  values: { rowsRead: number; rowsWritten: number; summary: ImportSummary; status?: ImportStatus },
) {
  await db
    .update(evidenceImports)
    .set({ ...values, finishedAt: sql`now()` })
    .where(eq(evidenceImports.id, id));
}

/** A background import's progress and heartbeat; only while it is still running. */
export async function recordImportProgress(db: DbOrTx, id: number, progress: { bytesDone: number; rowsDone: number } | null) {
  await db
    .update(evidenceImports)
    .set({ ...(progress ?? {}), progressAt: sql`now()` })
    .where(and(eq(evidenceImports.id, id), eq(evidenceImports.status, 'running')));
}

/**
 * Marks failed the imports left running by a process that stopped: no heartbeat for `staleSeconds`. The
 * ids still running in this process are left alone (a busy pool can delay their heartbeat).
 */
export async function failStaleImports(db: DbOrTx, liveIds: number[], staleSeconds: number) {
  const message = 'The import stopped before it finished (the server was stopped or restarted). Nothing from it was saved.';
  await db
    .update(evidenceImports)
    .set({ status: 'failed', summary: { messages: [message] }, finishedAt: sql`now()` })
    .where(
      and(
        eq(evidenceImports.status, 'running'),
        sql`coalesce(${evidenceImports.progressAt}, ${evidenceImports.createdAt}) < now() - make_interval(secs => ${staleSeconds})`,
        liveIds.length ? sql`${evidenceImports.id} <> all(${`{${liveIds.join(',')}}`}::integer[])` : sql`true`,
      ),
    );
}

export async function listAreaCodes(db: DbOrTx) {
  const rows = await db.select({ code: areas.code, type: areas.type, name: areas.name }).from(areas);
  return rows;
}

export type AreaRow = typeof areas.$inferInsert;
export async function upsertAreas(db: DbOrTx, rows: AreaRow[]) {
  if (!rows.length) return;
  await db
    .insert(areas)
    .values(rows)
    .onConflictDoUpdate({
      target: areas.code,
      set: {
        name: sql`excluded.name`,
        type: sql`excluded.type`,
        parentCode: sql`excluded.parent_code`,
        wardCode: sql`coalesce(excluded.ward_code, ${areas.wardCode})`,
        centroidLon: sql`coalesce(excluded.centroid_lon, ${areas.centroidLon})`,
        centroidLat: sql`coalesce(excluded.centroid_lat, ${areas.centroidLat})`,
        importId: sql`excluded.import_id`,
        updatedAt: sql`now()`,
      },
    });
}

export type PopulationRow = typeof areaPopulations.$inferInsert;
export async function upsertPopulations(db: DbOrTx, rows: PopulationRow[]) {
  if (!rows.length) return;
  await db
    .insert(areaPopulations)
    .values(rows)
    .onConflictDoUpdate({
      target: [areaPopulations.areaCode, areaPopulations.year],
      set: { population: sql`excluded.population`, importId: sql`excluded.import_id` },
    });
}

export async function listAllPopulations(db: DbOrTx) {
  return db
    .select({ areaCode: areaPopulations.areaCode, year: areaPopulations.year, population: areaPopulations.population })
    .from(areaPopulations);
}

export type IndicatorRow = typeof indicators.$inferInsert;
export async function upsertIndicators(db: DbOrTx, rows: IndicatorRow[], mode: 'update' | 'keep' = 'update') {
  if (!rows.length) return;
  const insert = db.insert(indicators).values(rows);
  if (mode === 'keep') {
    await insert.onConflictDoNothing();
    return;
  }
  await insert.onConflictDoUpdate({
    target: indicators.key,
    set: {
      name: sql`excluded.name`,
      unit: sql`excluded.unit`,
      multiplier: sql`excluded.multiplier`,
      polarity: sql`excluded.polarity`,
      periodType: sql`excluded.period_type`,
      source: sql`excluded.source`,
      smallNumberThreshold: sql`excluded.small_number_threshold`,
      importId: sql`excluded.import_id`,
      updatedAt: sql`now()`,
    },
  });
}

export const listIndicatorDefinitions = (db: DbOrTx) => db.select().from(indicators);

export type ObservationRow = typeof observations.$inferInsert;
export async function upsertObservations(db: DbOrTx, rows: ObservationRow[]) {
  if (!rows.length) return;
  await db
    .insert(observations)
    .values(rows)
    .onConflictDoUpdate({
      target: [observations.indicatorKey, observations.areaCode, observations.period],
      set: {
        periodType: sql`excluded.period_type`,
        periodStart: sql`excluded.period_start`,
        numerator: sql`excluded.numerator`,
        denominator: sql`excluded.denominator`,
        value: sql`excluded.value`,
        importId: sql`excluded.import_id`,
      },
    });
}

/** Analysts may import: administrators, and coordinators of any partnership. */
export async function isCoordinatorAnywhere(db: DbOrTx, userId: number) {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from user_roles where user_id = ${userId} and role = 'coordinator'`,
  );
  return (rows[0]?.n ?? 0) > 0;
}

/** Writes rows in batches small enough for one statement's parameters. */
export async function inBatches<T>(rows: T[], size: number, write: (batch: T[]) => Promise<void>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}
