/**
 * The "recent trend" of Public Health England's Fingertips: a chi-square test for linear trend over the
 * latest five annual points, significant only when the statistic exceeds 9.5495 (the 99.8% point of
 * chi-square with one degree of freedom). Proportions use the Cochran–Armitage test; rates (rare events
 * over a large population) its Poisson form, where each point's expected count is its share of the
 * population times the total count.
 */
import type { Polarity } from './compare.js';

export const TREND_POINTS = 5;
export const TREND_CRITICAL_VALUE = 9.5495;

export interface TrendPoint {
  numerator: number;
  denominator: number;
}

export type TrendDirection = 'increasing' | 'decreasing' | 'no-significant-change' | 'cannot-be-calculated';

export interface TrendResult {
  direction: TrendDirection;
  /** The chi-square statistic; null when it cannot be calculated. */
  statistic: number | null;
  /** With the indicator's polarity: "getting better" / "getting worse", or null. */
  judgement: 'getting-better' | 'getting-worse' | null;
}

export function trendStatistic(points: TrendPoint[], kind: 'rate' | 'proportion'): number {
  const N = points.reduce((s, p) => s + p.denominator, 0);
  const O = points.reduce((s, p) => s + p.numerator, 0);
  let t = 0;
  let sumNT = 0;
  let sumNT2 = 0;
  points.forEach((p, i) => {
    const score = i + 1;
    const expected = (O * p.denominator) / N;
    t += score * (p.numerator - expected);
    sumNT += p.denominator * score;
    sumNT2 += p.denominator * score * score;
  });
  const spread = sumNT2 - (sumNT * sumNT) / N;
  const pBar = O / N;
  const variance = kind === 'proportion' ? pBar * (1 - pBar) * spread : pBar * spread;
  if (!(variance > 0)) return 0;
  return (t * t) / variance;
}

/** Tests the latest five points (in time order; earlier points are ignored). */
export function recentTrend(points: TrendPoint[], kind: 'rate' | 'proportion', polarity: Polarity): TrendResult {
  const latest = points.slice(-TREND_POINTS);
  if (latest.length < TREND_POINTS || latest.some((p) => !(p.denominator > 0) || p.numerator < 0))
    return { direction: 'cannot-be-calculated', statistic: null, judgement: null };
  const statistic = trendStatistic(latest, kind);
  if (!(statistic > TREND_CRITICAL_VALUE)) return { direction: 'no-significant-change', statistic, judgement: null };
  // The direction is the sign of the statistic's numerator: observed minus expected, weighted by time.
  const direction: TrendDirection = slopeSign(latest) >= 0 ? 'increasing' : 'decreasing';
  let judgement: TrendResult['judgement'] = null;
  if (polarity !== 'no-judgement')
    judgement = (direction === 'increasing') === (polarity === 'higher-is-better') ? 'getting-better' : 'getting-worse';
  return { direction, statistic, judgement };
}

function slopeSign(points: TrendPoint[]): number {
  const N = points.reduce((s, p) => s + p.denominator, 0);
  const O = points.reduce((s, p) => s + p.numerator, 0);
  return Math.sign(points.reduce((s, p, i) => s + (i + 1) * (p.numerator - (O * p.denominator) / N), 0));
}

export function describeTrend(result: TrendResult): string {
  switch (result.direction) {
    case 'cannot-be-calculated':
      return 'Trend cannot be calculated (needs five years)';
    case 'no-significant-change':
      return 'No significant change';
    default: {
      const word = result.direction === 'increasing' ? 'Increasing' : 'Decreasing';
      return result.judgement ? `${word} and ${result.judgement.replace('-', ' ')}` : word;
    }
  }
}
