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

export interface Checkpoint {
  seq: number;
  entryId: number;
  hash: string;
  entriesRemoved: number;
  removedBefore: Date;
  prunedAt: Date;
}

/** The latest prune's checkpoint: the chain goes on from its link. */
export async function latestCheckpoint(db: DbOrTx): Promise<Checkpoint | null> {
  const [row] = await queryRows<{
    seq: string;
    entry_id: string;
    hash: string;
    entries_removed: string;
    removed_before: Date | string;
    pruned_at: Date | string;
  }>(db, sql`select seq, entry_id, hash, entries_removed, removed_before, pruned_at from audit_checkpoint order by seq desc limit 1`);
  return row
    ? {
        seq: Number(row.seq),
        entryId: Number(row.entry_id),
        hash: row.hash,
        entriesRemoved: Number(row.entries_removed),
        removedBefore: new Date(row.removed_before),
        prunedAt: new Date(row.pruned_at),
      }
    : null;
}

/**
 * The last link that may go: every link up to it (from the chain's start) is of an entry older than `before`.
 * A link of a younger entry stops the cut, so only entries older than `before` are ever removed.
 */
export async function lastLinkBefore(tx: DbOrTx, before: Date): Promise<ChainLink | null> {
  const [row] = await queryRows<{ seq: string; entry_id: string; prev_hash: string; hash: string }>(
    tx,
    sql`select c.seq, c.entry_id, c.prev_hash, c.hash from audit_chain c
         where c.seq < coalesce((select min(y.seq) from audit_chain y join audit_log e on e.id = y.entry_id
                                  where e.occurred_at >= ${before.toISOString()}::timestamptz), 9223372036854775807)
         order by c.seq desc limit 1`,
  );
  return row ? { seq: Number(row.seq), entryId: Number(row.entry_id), prevHash: row.prev_hash, hash: row.hash } : null;
}

/** Removes the links up to `last` and their entries, and writes the checkpoint; returns the entries removed. */
export async function removeThrough(tx: DbOrTx, last: ChainLink, before: Date): Promise<number> {
  // The append-only triggers let a delete through only in a transaction that says it is a prune (0020).
  await tx.execute(sql`select set_config('saferhub.audit_prune', 'on', true)`);
  const removed = await queryRows<{ entry_id: string }>(tx, sql`delete from audit_chain where seq <= ${last.seq} returning entry_id`);
  const ids = removed.map((r) => Number(r.entry_id));
  for (let i = 0; i < ids.length; i += 5_000) {
    const chunk = ids.slice(i, i + 5_000);
    await tx.execute(
      sql`delete from audit_log where id in (${sql.join(
        chunk.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  }
  await tx.execute(sql`select set_config('saferhub.audit_prune', 'off', true)`);
  await tx.execute(
    sql`insert into audit_checkpoint (seq, entry_id, hash, entries_removed, removed_before)
        values (${last.seq}, ${last.entryId}, ${last.hash}, ${ids.length}, ${before.toISOString()}::timestamptz)`,
  );
  return ids.length;
}
