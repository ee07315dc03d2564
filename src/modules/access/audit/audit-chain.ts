/**
 * The audit log's hash chain. Entries are written by whatever transaction makes the change (so a change and
 * its entry commit together) and are sealed into the chain just after, by `seal()`: under a lock, each
 * entry not yet chained gets the next sequence number and the hash sha256(previous hash + its canonical
 * text), in the order entries become visible. No transaction ever waits on the chain, however long it
 * runs. `verify()` recomputes every link: an entry changed, removed or slipped in breaks it.
 *
 * Retention: `prune()` (run as the owner role: the app's role may not delete) first verifies the whole chain,
 * then removes the oldest entries and their links and writes a checkpoint holding the last removed link's
 * sequence number and hash; `verify()` then starts from that hash, so what is left still verifies.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../../db/database.js';
import {
  chainPage,
  countEntries,
  insertLinks,
  lastLink,
  lastLinkBefore,
  latestCheckpoint,
  lockChain,
  removeThrough,
  unsealedEntries,
  type ChainLink,
  type Checkpoint,
} from './audit-chain-repository.js';

/** The hash before the first link. */
export const GENESIS = '0'.repeat(64);
const BATCH = 2_000;
/** The frequent pass looks at entries this far below the newest link (entries whose transactions committed late). */
const RECENT_WINDOW = 10_000;

export const linkHash = (prevHash: string, text: string) => createHash('sha256').update(`${prevHash}\n${text}`).digest('hex');

export type VerifyResult =
  | { ok: true; entries: number; checkpoint: Checkpoint | null }
  | { ok: false; entries: number; seq: number; entryId: number; reason: string };

export type PruneResult = { ok: true; removed: number; checkpoint: Checkpoint | null } | { ok: false; problem: VerifyResult };

export function createAuditChain(db: Db) {
  /** Seals every entry not yet in the chain; with `recentOnly`, only entries near the newest link (cheap). */
  async function seal(options: { recentOnly?: boolean } = {}): Promise<number> {
    let sealed = 0;
    for (;;) {
      const added = await db.transaction(async (tx) => {
        await lockChain(tx);
        const last = await lastLink(tx);
        const since = options.recentOnly && last ? Math.max(0, last.entryId - RECENT_WINDOW) : undefined;
        const entries = await unsealedEntries(tx, BATCH, since);
        let prev = last?.hash ?? GENESIS;
        let seq = last?.seq ?? 0;
        const links: ChainLink[] = entries.map((e) => {
          const hash = linkHash(prev, e.text);
          const link = { seq: ++seq, entryId: e.id, prevHash: prev, hash };
          prev = hash;
          return link;
        });
        await insertLinks(tx, links);
        return links.length;
      });
      sealed += added;
      if (added < BATCH) return sealed;
    }
  }

  /** Seals what is unsealed, then checks every link from the first (or from the latest prune's checkpoint). */
  async function verify(): Promise<VerifyResult> {
    await seal();
    const checkpoint = await latestCheckpoint(db);
    let prev = checkpoint?.hash ?? GENESIS;
    let after = checkpoint?.seq ?? 0;
    let entries = 0;
    for (;;) {
      const page = await chainPage(db, after, BATCH);
      for (const row of page) {
        const seq = Number(row.seq);
        const entryId = Number(row.entry_id);
        const fail = (reason: string): VerifyResult => ({ ok: false, entries, seq, entryId, reason });
        if (seq !== after + 1) return fail(`link ${after + 1} is missing`);
        if (row.prev_hash !== prev) return fail('its link does not follow the one before');
        if (row.text === null) return fail('the entry has been removed');
        if (linkHash(prev, row.text) !== row.hash) return fail('the entry has been changed since it was written');
        prev = row.hash;
        after = seq;
        entries++;
      }
      if (page.length < BATCH) break;
    }
    const counts = await countEntries(db);
    if (counts.entries !== counts.links)
      return { ok: false, entries, seq: after + 1, entryId: 0, reason: `${counts.entries - counts.links} entries are not in the chain` };
    return { ok: true, entries, checkpoint };
  }

  /**
   * Removes the entries older than `before`, keeping the chain verifiable. Refuses (removing nothing) when
   * the chain does not verify, so a prune never hides tampering. The database must be opened as the owner.
   */
  async function prune(before: Date): Promise<PruneResult> {
    const check = await verify();
    if (!check.ok) return { ok: false, problem: check };
    const removed = await db.transaction(async (tx) => {
      await lockChain(tx);
      const last = await lastLinkBefore(tx, before);
      if (!last) return 0;
      return removeThrough(tx, last, before);
    });
    return { ok: true, removed, checkpoint: await latestCheckpoint(db) };
  }

  return { seal, verify, prune };
}

export type AuditChain = ReturnType<typeof createAuditChain>;
