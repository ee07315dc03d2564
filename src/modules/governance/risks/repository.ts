import { aliasedTable, and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { agencies } from '../../partnerships/schema.js';
import { riskMitigations, riskScores, risks, type MitigationStatus, type Risk } from '../schema.js';

/** The shared risk register: risks, their scores over time and their mitigations. */

export type RiskValues = Pick<Risk, 'priorityId' | 'title' | 'cause' | 'event' | 'effect' | 'ownerAgencyId' | 'cosponsorAgencyId'>;
export type ScoreValues = Pick<
  Risk,
  'inherentLikelihood' | 'inherentImpact' | 'residualLikelihood' | 'residualImpact' | 'lastReviewedOn' | 'nextReviewOn'
>;

const owner = aliasedTable(agencies, 'risk_owner');
const cosponsor = aliasedTable(agencies, 'risk_cosponsor');

export interface RiskRow {
  risk: Risk;
  ownerName: string;
  cosponsorName: string | null;
}

const riskQuery = (db: DbOrTx) =>
  db
    .select({ risk: risks, ownerName: owner.name, cosponsorName: cosponsor.name })
    .from(risks)
    .innerJoin(owner, eq(owner.id, risks.ownerAgencyId))
    .leftJoin(cosponsor, eq(cosponsor.id, risks.cosponsorAgencyId));

export const listRisks = (db: DbOrTx, partnershipId: number): Promise<RiskRow[]> =>
  riskQuery(db).where(eq(risks.partnershipId, partnershipId)).orderBy(asc(risks.id));

export async function findRisk(db: DbOrTx, id: number): Promise<RiskRow | undefined> {
  const [row] = await riskQuery(db).where(eq(risks.id, id));
  return row;
}

export const listRisksPastReview = (db: DbOrTx, partnershipId: number, today: string): Promise<RiskRow[]> =>
  riskQuery(db)
    .where(and(eq(risks.partnershipId, partnershipId), eq(risks.status, 'open'), lt(risks.nextReviewOn, today)))
    .orderBy(asc(risks.nextReviewOn));

export async function insertRisk(db: DbOrTx, partnershipId: number, values: RiskValues & ScoreValues) {
  const [row] = await db
    .insert(risks)
    .values({ partnershipId, ...values })
    .returning();
  return row!;
}

/** Any change to a risk: only when the version still matches; undefined when someone else saved first. */
export async function updateRisk(
  db: DbOrTx,
  id: number,
  version: number,
  values: Partial<RiskValues & ScoreValues & Pick<Risk, 'status' | 'closedReason'>>,
) {
  const [row] = await db
    .update(risks)
    .set({ ...values, version: sql`${risks.version} + 1`, updatedAt: new Date() })
    .where(and(eq(risks.id, id), eq(risks.version, version)))
    .returning();
  return row;
}

export async function insertScore(db: DbOrTx, values: Omit<typeof riskScores.$inferInsert, 'id' | 'createdAt'>) {
  const [row] = await db.insert(riskScores).values(values).returning();
  return row!;
}

export const listScores = (db: DbOrTx, riskId: number) =>
  db.select().from(riskScores).where(eq(riskScores.riskId, riskId)).orderBy(desc(riskScores.assessedOn), desc(riskScores.id));

const mitigationOwner = aliasedTable(agencies, 'mitigation_owner');

export const listMitigations = (db: DbOrTx, riskId: number) =>
  db
    .select({
      id: riskMitigations.id,
      action: riskMitigations.action,
      ownerAgencyId: riskMitigations.ownerAgencyId,
      ownerName: mitigationOwner.name,
      status: riskMitigations.status,
      dueOn: riskMitigations.dueOn,
    })
    .from(riskMitigations)
    .innerJoin(mitigationOwner, eq(mitigationOwner.id, riskMitigations.ownerAgencyId))
    .where(eq(riskMitigations.riskId, riskId))
    .orderBy(asc(riskMitigations.id));

export async function findMitigation(db: DbOrTx, id: number) {
  const [row] = await db.select().from(riskMitigations).where(eq(riskMitigations.id, id));
  return row;
}

export async function insertMitigation(
  db: DbOrTx,
  values: { riskId: number; action: string; ownerAgencyId: number; status: MitigationStatus; dueOn: string | null },
) {
  const [row] = await db.insert(riskMitigations).values(values).returning();
  return row!;
}

export async function updateMitigationStatus(db: DbOrTx, id: number, status: MitigationStatus) {
  const [row] = await db.update(riskMitigations).set({ status }).where(eq(riskMitigations.id, id)).returning();
  return row;
}
