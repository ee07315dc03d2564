import { asc, eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/database.js';
import { agencies, memberships } from '../partnerships/schema.js';

/** Reads the governance resources share: the partnership's member agencies and its plan priorities. */

/** The agencies holding a seat in the partnership, once each. */
export const listMemberAgencies = (db: DbOrTx, partnershipId: number) =>
  db
    .selectDistinct({ id: agencies.id, name: agencies.name, shortName: agencies.shortName })
    .from(memberships)
    .innerJoin(agencies, eq(agencies.id, memberships.agencyId))
    .where(eq(memberships.partnershipId, partnershipId))
    .orderBy(asc(agencies.name));

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
