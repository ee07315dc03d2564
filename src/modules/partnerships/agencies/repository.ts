/** Agencies: shared by every partnership, each seated in some of them. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { agencies, memberships, partnerships, type Agency } from '../schema.js';

export type AgencyValues = Pick<Agency, 'name' | 'shortName' | 'kind' | 'responsibleAuthority'>;

export const listAgencies = (db: DbOrTx) => db.select().from(agencies).orderBy(asc(agencies.name));

export async function findAgency(db: DbOrTx, id: number) {
  const [row] = await db.select().from(agencies).where(eq(agencies.id, id));
  return row;
}

export const findAgenciesByName = (db: DbOrTx, fragment: string) =>
  db
    .select()
    .from(agencies)
    .where(
      sql`lower(${agencies.name}) like ${'%' + fragment.toLowerCase().replace(/[\\%_]/g, '\\$&') + '%'} or lower(${agencies.shortName}) = ${fragment.toLowerCase()}`,
    );

export async function insertAgency(db: DbOrTx, values: AgencyValues) {
  const [row] = await db.insert(agencies).values(values).returning();
  return row!;
}

/** Updates only when the version still matches; returns undefined when someone else saved first. */
export async function updateAgency(db: DbOrTx, id: number, version: number, values: AgencyValues) {
  const [row] = await db
    .update(agencies)
    .set({ ...values, version: sql`${agencies.version} + 1`, updatedAt: new Date() })
    .where(and(eq(agencies.id, id), eq(agencies.version, version)))
    .returning();
  return row;
}

/** The partnerships where an agency holds a seat, with its role there. */
export const listAgencyPartnerships = (db: DbOrTx, agencyId: number) =>
  db
    .select({ partnershipId: partnerships.id, partnershipName: partnerships.name, role: memberships.role, officer: memberships.officer })
    .from(memberships)
    .innerJoin(partnerships, eq(partnerships.id, memberships.partnershipId))
    .where(eq(memberships.agencyId, agencyId))
    .orderBy(asc(partnerships.name));
