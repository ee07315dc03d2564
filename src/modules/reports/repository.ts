/** Reports' SQL: narrative sections, published versions (insert and read only), public settings, the data used. */
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { evidenceImports, observations } from '../evidence/schema.js';
import { users } from '../access/schema.js';
import { partnerships } from '../partnerships/schema.js';
import { reportNarratives, reportPublicSettings, reportVersions, type ReportKind } from './schema.js';
import type { ReportDocument } from './model.js';

export interface ReportRef {
  partnershipId: number;
  kind: ReportKind;
  periodKey: string;
}

const refIs = (r: ReportRef) =>
  and(eq(reportNarratives.partnershipId, r.partnershipId), eq(reportNarratives.kind, r.kind), eq(reportNarratives.periodKey, r.periodKey));

export const listNarratives = (db: DbOrTx, r: ReportRef) => db.select().from(reportNarratives).where(refIs(r));

export async function findNarrative(db: DbOrTx, r: ReportRef, sectionKey: string) {
  const [row] = await db
    .select()
    .from(reportNarratives)
    .where(and(refIs(r), eq(reportNarratives.sectionKey, sectionKey)));
  return row;
}

/** A section's first save: the page's form for a section not yet written carries version 1, so the row starts at 2. */
export async function insertNarrative(db: DbOrTx, r: ReportRef, sectionKey: string, body: string, userId: number | null) {
  const [row] = await db
    .insert(reportNarratives)
    .values({ ...r, sectionKey, body, updatedBy: userId, version: 2 })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** Changes a narrative only if it is still at `version`; undefined when someone else changed it first. */
export async function updateNarrative(db: DbOrTx, id: number, version: number, body: string, userId: number | null) {
  const [row] = await db
    .update(reportNarratives)
    .set({ body, version: sql`${reportNarratives.version} + 1`, updatedBy: userId, updatedAt: new Date() })
    .where(and(eq(reportNarratives.id, id), eq(reportNarratives.version, version)))
    .returning();
  return row;
}

export const listVersions = (db: DbOrTx, r: ReportRef) =>
  db
    .select({
      id: reportVersions.id,
      versionNumber: reportVersions.versionNumber,
      publishedAt: reportVersions.publishedAt,
      publishedByName: reportVersions.publishedByName,
    })
    .from(reportVersions)
    .where(
      and(eq(reportVersions.partnershipId, r.partnershipId), eq(reportVersions.kind, r.kind), eq(reportVersions.periodKey, r.periodKey)),
    )
    .orderBy(desc(reportVersions.versionNumber));

export async function findVersion(db: DbOrTx, r: ReportRef, versionNumber: number) {
  const [row] = await db
    .select()
    .from(reportVersions)
    .where(
      and(
        eq(reportVersions.partnershipId, r.partnershipId),
        eq(reportVersions.kind, r.kind),
        eq(reportVersions.periodKey, r.periodKey),
        eq(reportVersions.versionNumber, versionNumber),
      ),
    );
  return row;
}

/** Every published version of a partnership (the public page), newest first; without their content. */
export const listPublishedOf = (db: DbOrTx, partnershipId: number) =>
  db
    .select({
      kind: reportVersions.kind,
      periodKey: reportVersions.periodKey,
      versionNumber: reportVersions.versionNumber,
      publishedAt: reportVersions.publishedAt,
      publishedByName: reportVersions.publishedByName,
    })
    .from(reportVersions)
    .where(eq(reportVersions.partnershipId, partnershipId))
    .orderBy(asc(reportVersions.kind), desc(reportVersions.periodKey), desc(reportVersions.versionNumber));

/** The next version number of a report (under a lock on its existing versions, inside the publishing transaction). */
export async function nextVersionNumber(db: DbOrTx, r: ReportRef) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`report:${r.partnershipId}:${r.kind}:${r.periodKey}`}))`);
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${reportVersions.versionNumber}), 0)::int` })
    .from(reportVersions)
    .where(
      and(eq(reportVersions.partnershipId, r.partnershipId), eq(reportVersions.kind, r.kind), eq(reportVersions.periodKey, r.periodKey)),
    );
  return (row?.n ?? 0) + 1;
}

export async function insertVersion(
  db: DbOrTx,
  r: ReportRef,
  values: { versionNumber: number; content: ReportDocument; publishedBy: number | null; publishedByName: string; publishedAt: Date },
) {
  const [row] = await db
    .insert(reportVersions)
    .values({ ...r, ...values })
    .returning({ id: reportVersions.id, versionNumber: reportVersions.versionNumber, publishedAt: reportVersions.publishedAt });
  return row!;
}

export async function findPublicSetting(db: DbOrTx, partnershipId: number) {
  const [row] = await db.select().from(reportPublicSettings).where(eq(reportPublicSettings.partnershipId, partnershipId));
  return row;
}

export async function upsertPublicSetting(db: DbOrTx, partnershipId: number, publishes: boolean, version: number, userId: number | null) {
  const existing = await findPublicSetting(db, partnershipId);
  if (!existing) {
    if (version !== 1) return undefined;
    const [row] = await db
      .insert(reportPublicSettings)
      .values({ partnershipId, publishes, updatedBy: userId, version: 2 })
      .onConflictDoNothing()
      .returning();
    return row;
  }
  const [row] = await db
    .update(reportPublicSettings)
    .set({ publishes, version: sql`${reportPublicSettings.version} + 1`, updatedBy: userId, updatedAt: new Date() })
    .where(and(eq(reportPublicSettings.partnershipId, partnershipId), eq(reportPublicSettings.version, version)))
    .returning();
  return row;
}

/** Partnerships that publish on the public pages, by name. */
export const listPublishingPartnerships = (db: DbOrTx) =>
  db
    .select({ id: partnerships.id, name: partnerships.name, areaName: partnerships.areaName, purpose: partnerships.purpose })
    .from(reportPublicSettings)
    .innerJoin(partnerships, eq(partnerships.id, reportPublicSettings.partnershipId))
    .where(eq(reportPublicSettings.publishes, true))
    .orderBy(asc(partnerships.name));

/** The imports behind the observations of some indicators for some areas: the data a report used. */
export async function importsBehind(db: DbOrTx, indicatorKeys: string[], areaCodes: string[]) {
  if (!indicatorKeys.length || !areaCodes.length) return [];
  return db
    .selectDistinct({
      id: evidenceImports.id,
      fileName: evidenceImports.fileName,
      kind: evidenceImports.kind,
      finishedAt: evidenceImports.finishedAt,
      createdAt: evidenceImports.createdAt,
    })
    .from(observations)
    .innerJoin(evidenceImports, eq(evidenceImports.id, observations.importId))
    .where(
      and(inArray(observations.indicatorKey, indicatorKeys), inArray(observations.areaCode, areaCodes), isNotNull(observations.importId)),
    )
    .orderBy(asc(evidenceImports.id));
}

/** The name a version is published under: the person's display name, or "SaferHub" for the command line. */
export async function userName(db: DbOrTx, userId: number | null): Promise<string> {
  if (userId === null) return 'SaferHub (command line)';
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return row?.name ?? 'A former user';
}
