import { isPeriodKey, parsePeriod, periodsOfFinancialYear, type Period } from '../../lib/periods.js';

/**
 * A plan's reporting periods. The periods themselves (keys, labels, financial years) are src/lib/periods.ts;
 * what is here is which of them a plan reports on, and their order.
 */

/** The last day of a period (YYYY-MM-DD), for ordering: a quarter sorts before the year it ends. */
export const periodEnd = (key: string) => (isPeriodKey(key) ? parsePeriod(key).end : key);

/** A plan's reporting periods, derived from its financial years: each year's four quarters, then the year. */
export function planPeriods(plan: { firstYear: number; lastYear: number }): Period[] {
  const out: Period[] = [];
  for (let y = plan.firstYear; y <= plan.lastYear; y++) out.push(...periodsOfFinancialYear(y));
  return out;
}
