import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { assessments, findings, files, themes, type Assessment, type Finding, type Theme } from '../schema.js';

/** SQL of assessments, themes, findings and files; every update checks the version it was based on. */

export const listAssessments = (db: DbOrTx, partnershipId: number) =>
  db.select().from(assessments).where(eq(assessments.partnershipId, partnershipId)).orderBy(desc(assessments.year));

export const listAssessmentsIn = (db: DbOrTx, partnershipIds: number[] | 'all') =>
  db
    .select()
    .from(assessments)
    .where(partnershipIds === 'all' ? undefined : partnershipIds.length ? inArray(assessments.partnershipId, partnershipIds) : sql`false`)
    .orderBy(desc(assessments.year), asc(assessments.title));

export async function findAssessment(db: DbOrTx, id: number) {
  const [row] = await db.select().from(assessments).where(eq(assessments.id, id));
  return row;
}

export async function findAssessmentByYear(db: DbOrTx, partnershipId: number, year: number) {
  const [row] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.partnershipId, partnershipId), eq(assessments.year, year)));
  return row;
}

export async function insertAssessment(db: DbOrTx, values: typeof assessments.$inferInsert) {
  const [row] = await db.insert(assessments).values(values).onConflictDoNothing().returning();
  return row;
}

/** Updates only when the version still matches; undefined means someone else saved first. */
export async function updateAssessment(db: DbOrTx, id: number, version: number, values: Partial<Assessment>) {
  const [row] = await db
    .update(assessments)
    .set({ ...values, version: sql`${assessments.version} + 1`, updatedAt: new Date() })
    .where(and(eq(assessments.id, id), eq(assessments.version, version)))
    .returning();
  return row;
}

export const listThemes = (db: DbOrTx, assessmentId: number) =>
  db.select().from(themes).where(eq(themes.assessmentId, assessmentId)).orderBy(asc(themes.position), asc(themes.id));

export async function findTheme(db: DbOrTx, id: number) {
  const [row] = await db.select().from(themes).where(eq(themes.id, id));
  return row;
}

export async function insertTheme(db: DbOrTx, values: Omit<typeof themes.$inferInsert, 'position'>) {
  const [row] = await db
    .insert(themes)
    .values({
      ...values,
      position: sql`(select coalesce(max(position), 0) + 1 from assessment_themes where assessment_id = ${values.assessmentId})`,
    })
    .returning();
  return row!;
}

export async function updateTheme(db: DbOrTx, id: number, version: number, values: Partial<Theme>) {
  const [row] = await db
    .update(themes)
    .set({ ...values, version: sql`${themes.version} + 1`, updatedAt: new Date() })
    .where(and(eq(themes.id, id), eq(themes.version, version)))
    .returning();
  return row;
}

export const listFindings = (db: DbOrTx, themeIds: number[]) =>
  themeIds.length
    ? db.select().from(findings).where(inArray(findings.themeId, themeIds)).orderBy(asc(findings.position), asc(findings.id))
    : Promise.resolve([] as Finding[]);

export async function findFinding(db: DbOrTx, id: number) {
  const [row] = await db.select().from(findings).where(eq(findings.id, id));
  return row;
}

export async function insertFinding(db: DbOrTx, values: Omit<typeof findings.$inferInsert, 'position'>) {
  const [row] = await db
    .insert(findings)
    .values({
      ...values,
      position: sql`(select coalesce(max(position), 0) + 1 from assessment_findings where theme_id = ${values.themeId})`,
    })
    .returning();
  return row!;
}

export async function updateFinding(db: DbOrTx, id: number, version: number, values: Partial<Finding>) {
  const [row] = await db
    .update(findings)
    .set({ ...values, version: sql`${findings.version} + 1`, updatedAt: new Date() })
    .where(and(eq(findings.id, id), eq(findings.version, version)))
    .returning();
  return row;
}

/** Freezes a finding's figure (no version change: agreeing the assessment is the change). */
export const freezeFinding = (db: DbOrTx, id: number, frozen: Finding['frozenFigure']) =>
  db.update(findings).set({ frozenFigure: frozen }).where(eq(findings.id, id));

/** Deletes only when the version still matches; undefined means someone else changed it first. */
export async function deleteFinding(db: DbOrTx, id: number, version: number) {
  const [row] = await db
    .delete(findings)
    .where(and(eq(findings.id, id), eq(findings.version, version)))
    .returning();
  return row;
}

export async function insertFile(db: DbOrTx, values: typeof files.$inferInsert) {
  const [row] = await db.insert(files).values(values).returning({
    id: files.id,
    fileName: files.fileName,
    size: files.size,
    contentType: files.contentType,
    contributionId: files.contributionId,
  });
  return row!;
}

export async function findFile(db: DbOrTx, id: number) {
  const [row] = await db.select().from(files).where(eq(files.id, id));
  return row;
}

/** Files of an assessment, without their content. */
export const listFiles = (db: DbOrTx, assessmentId: number) =>
  db
    .select({
      id: files.id,
      fileName: files.fileName,
      size: files.size,
      contentType: files.contentType,
      contributionId: files.contributionId,
      uploadedAt: files.uploadedAt,
    })
    .from(files)
    .where(eq(files.assessmentId, assessmentId))
    .orderBy(asc(files.id));
