/**
 * Companion rates of imported counts. police.uk and Home Office files give counts only; where the area's
 * population is held (the ONS mid-year estimate for the year the period starts in, as for any rate), each count
 * also becomes a rate per 1,000 residents: the indicator `<count key>:rate` (`police-uk:all-crime:rate`), with
 * the count as numerator and the population as denominator, so its confidence limits, comparison with a
 * benchmark and trend come from the statistics module like any other rate's.
 */
import {
  deleteCompanionRates,
  deleteEmptyRateIndicators,
  insertCompanionRates,
  listCountIndicators,
  upsertIndicators,
  type BulkSession,
  type IndicatorRow,
} from './repository.js';
import { companionRateKey } from '../schema.js';

export const RATE_MULTIPLIER = 1000;

/**
 * The companion rate of a count indicator: "Burglary (police.uk)" → "Burglary per 1,000 residents (police.uk)";
 * the rest of its definition is the count's, as a rate per 1,000.
 */
export function companionRateIndicator(count: IndicatorRow): IndicatorRow {
  const suffix = / \([^()]*\)$/.exec(count.name)?.[0] ?? '';
  return {
    key: companionRateKey(count.key),
    name: `${count.name.slice(0, count.name.length - suffix.length)} per 1,000 residents${suffix}`,
    unit: 'rate',
    multiplier: RATE_MULTIPLIER,
    polarity: count.polarity,
    periodType: count.periodType,
    source: count.source,
    smallNumberThreshold: count.smallNumberThreshold,
    importId: count.importId,
  };
}

/**
 * (Re)derives the companion rates of the counts whose key starts with `prefix` (`police-uk:`, `home-office:`)
 * in these periods, or every period: defines the rate indicators that are missing (kept when they exist),
 * replaces the rates with those worked out from the counts and the populations now held, and drops the rate
 * indicators this import defined that got no figure. Run by the police.uk and Home Office imports for their
 * periods, and by the population import for every period (populations may come after the counts). Returns how
 * many rates were written.
 */
export async function refreshCompanionRates(session: BulkSession, importId: number, scope: { prefix: string; periods: string[] | null }) {
  const counts = await listCountIndicators(session.db, scope.prefix);
  await upsertIndicators(
    session.db,
    counts.map((c) => companionRateIndicator({ ...c, importId })),
    'keep',
  );
  await deleteCompanionRates(session, scope.prefix, scope.periods);
  const written = await insertCompanionRates(session, { ...scope, multiplier: RATE_MULTIPLIER }, importId);
  await deleteEmptyRateIndicators(session.db, scope.prefix, importId);
  return written;
}

/** Every prefix of counts that get companion rates. */
export const companionRatePrefixes = ['police-uk:', 'home-office:'] as const;
