import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/database.js';

/** Arbitrary constant: one process seals the chain at a time. */
const SEAL_LOCK = 74_211_062;

export interface ChainLink {
  seq: number;
  entryId: number;
  prevHash: string;
  hash: string;
}

export interface EntryText {
  id: number;
  text: string;
}

/** Takes the sealing lock for the rest of the transaction. */
export const lockChain = (tx: DbOrTx) => tx.execute(sql`select pg_advisory_xact_lock(${SEAL_LOCK})`);

export async function lastLink(tx: DbOrTx): Promise<ChainLink | null> {
  const [row] = await queryRows<{ seq: string; entry_id: string; prev_hash: string; hash: string }>(
    tx,
    sql`select seq, entry_id, prev_hash, hash from audit_chain order by seq desc limit 1`,
  );
  return row ? { seq: Number(row.seq), entryId: Number(row.entry_id), prevHash: row.prev_hash, hash: row.hash } : null;
}

/**
 * Entries not yet in the chain, oldest first, with their canonical text. `sinceId` limits the search to
 * recent ids (the frequent pass); without it every entry is looked at (the full pass).
 */
export const unsealedEntries = (tx: DbOrTx, limit: number, sinceId?: number) =>
  queryRows<{ id: string; text: string }>(
    tx,
    sql`select e.id, audit_entry_text(e) as text from audit_log e
         where ${sinceId === undefined ? sql`true` : sql`e.id > ${sinceId}`}
           and not exists (select 1 from audit_chain c where c.entry_id = e.id)
         order by e.id limit ${limit}`,
  ).then((rows) => rows.map((r): EntryText => ({ id: Number(r.id), text: r.text })));

export async function insertLinks(tx: DbOrTx, links: ChainLink[]) {
  if (links.length === 0) return;
  const values = sql.join(
    links.map((l) => sql`(${l.seq}, ${l.entryId}, ${l.prevHash}, ${l.hash})`),
    sql`, `,
  );
  await tx.execute(sql`insert into audit_chain (seq, entry_id, prev_hash, hash) values ${values}`);
}

/** The chain in order from `afterSeq`, each link with its entry's canonical text now (null if the entry is gone). */
export const chainPage = (db: Db, afterSeq: number, limit: number) =>
  queryRows<{ seq: string; entry_id: string; prev_hash: string; hash: string; text: string | null }>(
    db,
    sql`select c.seq, c.entry_id, c.prev_hash, c.hash, audit_entry_text(e) as text
          from audit_chain c left join audit_log e on e.id = c.entry_id
         where c.seq > ${afterSeq} order by c.seq limit ${limit}`,
  );

export async function countEntries(db: Db) {
  const [row] = await queryRows<{ entries: string; links: string }>(
    db,
    sql`select (select count(*) from audit_log) as entries, (select count(*) from audit_chain) as links`,
  );
  return { entries: Number(row?.entries ?? 0), links: Number(row?.links ?? 0) };
}
