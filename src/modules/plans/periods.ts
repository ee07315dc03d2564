import { isPeriodKey, parsePeriod, periodsOfFinancialYear, type Period } from '../../lib/periods.js';
import type { Round, Update } from './schema.js';

/** The last day of a period (YYYY-MM-DD), for ordering: a quarter sorts before the year it ends. */
export const periodEnd = (key: string) => (isPeriodKey(key) ? parsePeriod(key).end : key);

/** A plan's reporting periods, derived from its financial years: each year's four quarters, then the year. */
export function planPeriods(plan: { firstYear: number; lastYear: number }): Period[] {
  const out: Period[] = [];
  for (let y = plan.firstYear; y <= plan.lastYear; y++) out.push(...periodsOfFinancialYear(y));
  return out;
}

/**
 * Each action's latest update that stands (a returned version does not), newest period first, then the
 * highest version.
 */
export function latestByAction(rounds: Round[], updates: Update[]) {
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

/** The latest version of each action's update within one round (whatever its state). */
export function latestInRound(updates: Update[]) {
  const out = new Map<number, Update>();
  for (const u of updates) {
    const current = out.get(u.actionId);
    if (!current || u.version > current.version) out.set(u.actionId, u);
  }
  return out;
}
