import { londonToday } from '../../../lib/london-time.js';
import { periodEnd } from '../periods.js';
import { ragStatuses, type Round, type Update } from '../schema.js';

/**
 * Where updates stand: an action's status in a round, when it is overdue, which version stands, and the
 * counts the round page and the RAG summary show. Pure functions over records already read.
 */

/** Where one action stands in a round. */
export const roundStatuses = ['due', 'submitted', 'returned', 'accepted'] as const;
export type RoundStatus = (typeof roundStatuses)[number];

/** Nothing submitted yet is due; otherwise the latest version's state. */
export const statusOf = (latest: Update | null): RoundStatus => (latest ? latest.state : 'due');

/** Still due, or returned, after the round's due date, as the day falls in the UK (not UTC: after 11pm in summer it is already tomorrow). */
export const isOverdue = (round: Pick<Round, 'dueDate'>, status: RoundStatus, on = londonToday()) =>
  (status === 'due' || status === 'returned') && round.dueDate < on;

/** The latest version of each action's update within one round (whatever its state). */
export function latestInRound(updates: Update[]) {
  const out = new Map<number, Update>();
  for (const u of updates) {
    const current = out.get(u.actionId);
    if (!current || u.version > current.version) out.set(u.actionId, u);
  }
  return out;
}

/** The action's update that stands in a round: its highest version that was not returned. */
export const standingIn = (updates: Update[], actionId: number): Update | null =>
  updates.filter((u) => u.actionId === actionId && u.state !== 'returned').sort((x, y) => y.version - x.version)[0] ?? null;

/**
 * Each action's latest update that stands (a returned version does not), newest period first, then the
 * highest version.
 */
export function latestByAction(rounds: Pick<Round, 'id' | 'periodKey'>[], updates: Update[]) {
  const periodOf = new Map(rounds.map((r) => [r.id, r.periodKey]));
  const best = new Map<number, Update & { periodKey: string }>();
  for (const u of updates) {
    if (u.state === 'returned') continue;
    const periodKey = periodOf.get(u.roundId) ?? '';
    const current = best.get(u.actionId);
    const newer =
      !current ||
      periodEnd(periodKey) > periodEnd(current.periodKey) ||
      (periodEnd(periodKey) === periodEnd(current.periodKey) && u.version > current.version);
    if (newer) best.set(u.actionId, { ...u, periodKey });
  }
  return best;
}

export interface Counts {
  total: number;
  due: number;
  submitted: number;
  returned: number;
  accepted: number;
  overdue: number;
}
const emptyCounts = (): Counts => ({ total: 0, due: 0, submitted: 0, returned: 0, accepted: 0, overdue: 0 });

/** Counts of rows by status, per group (a row may fall in several, e.g. one per lead agency), and in total. */
export function countByStatus<R extends { status: RoundStatus; overdue: boolean }>(
  rows: R[],
  keyOf: (r: R) => { key: string; label: string }[],
) {
  const out = new Map<string, { label: string; counts: Counts }>();
  const total = emptyCounts();
  for (const r of rows) {
    for (const k of keyOf(r)) {
      const entry = out.get(k.key) ?? { label: k.label, counts: emptyCounts() };
      entry.counts.total++;
      entry.counts[r.status]++;
      if (r.overdue) entry.counts.overdue++;
      out.set(k.key, entry);
    }
    total.total++;
    total[r.status]++;
    if (r.overdue) total.overdue++;
  }
  return { groups: [...out.values()], total };
}

/** The RAG summary's columns: each RAG status, then actions with no standing update. */
export const ragKeys = [...ragStatuses, 'no-update'] as const;
export type RagKey = (typeof ragKeys)[number];

/** Per priority, how many of its actions' standing updates are each RAG status (or none). */
export function ragCounts(
  priorities: { id: number; number: number; title: string; actions: unknown[] }[],
  rows: { priority: { id: number }; standing: Pick<Update, 'rag'> | null }[],
) {
  return priorities.map((p) => {
    const counts = Object.fromEntries(ragKeys.map((k) => [k, 0])) as Record<RagKey, number>;
    for (const r of rows.filter((x) => x.priority.id === p.id)) counts[r.standing?.rag ?? 'no-update']++;
    return { number: p.number, title: p.title, counts, total: p.actions.length };
  });
}
