/**
 * Confidence limits by the methods of Public Health England's Fingertips (see docs/evidence.md):
 * counts by exact Poisson below 10 and Byar's approximation from 10, rates scaled from the count's limits,
 * proportions by the Wilson score interval.
 */
import { chiSquareQuantile } from './gamma.js';

export type ConfidenceLevel = '95' | '99.8';

/** Two-sided standard normal quantiles used by Fingertips. */
export const Z: Record<ConfidenceLevel, number> = { '95': 1.959964, '99.8': 3.090232 };
/** The tail probability matching each level: 0.025 and 0.001 on each side. */
const tail: Record<ConfidenceLevel, number> = { '95': 0.025, '99.8': 0.001 };

export interface Limits {
  lower: number;
  upper: number;
}

/** Below this count the exact Poisson limits are used; from it, Byar's approximation. */
export const BYAR_FROM = 10;

/** Exact Poisson limits of an observed count: χ²(α/2, 2O)/2 and χ²(1−α/2, 2O+2)/2. */
export function exactPoissonLimits(count: number, level: ConfidenceLevel): Limits {
  const a = tail[level];
  const lower = count <= 0 ? 0 : chiSquareQuantile(a, 2 * count) / 2;
  const upper = chiSquareQuantile(1 - a, 2 * count + 2) / 2;
  return { lower, upper };
}

/** Byar's approximation to the Poisson limits of an observed count. */
export function byarLimits(count: number, level: ConfidenceLevel): Limits {
  const z = Z[level];
  const o = count;
  const lower = o * (1 - 1 / (9 * o) - z / (3 * Math.sqrt(o))) ** 3;
  const o1 = o + 1;
  const upper = o1 * (1 - 1 / (9 * o1) + z / (3 * Math.sqrt(o1))) ** 3;
  return { lower, upper };
}

/** Limits of a count: exact below 10, Byar's from 10. */
export function countLimits(count: number, level: ConfidenceLevel): Limits {
  if (!(count >= 0)) throw new RangeError('a count cannot be negative');
  return count < BYAR_FROM ? exactPoissonLimits(count, level) : byarLimits(count, level);
}

export interface Estimate extends Limits {
  value: number;
}

/** A crude rate: count / denominator × multiplier, with the count's limits scaled the same way. */
export function rateWithLimits(count: number, denominator: number, multiplier: number, level: ConfidenceLevel): Estimate {
  if (!(denominator > 0)) throw new RangeError('a rate needs a positive denominator');
  const scale = multiplier / denominator;
  const c = countLimits(count, level);
  return { value: count * scale, lower: c.lower * scale, upper: c.upper * scale };
}

/** Wilson score interval of a proportion numerator / denominator, times the multiplier (100 for percent). */
export function wilsonWithLimits(numerator: number, denominator: number, multiplier: number, level: ConfidenceLevel): Estimate {
  if (!(denominator > 0)) throw new RangeError('a proportion needs a positive denominator');
  if (numerator < 0 || numerator > denominator) throw new RangeError('a proportion needs 0 ≤ numerator ≤ denominator');
  const z = Z[level];
  const n = denominator;
  const p = numerator / n;
  const centre = 2 * numerator + z * z;
  const spread = z * Math.sqrt(z * z + 4 * numerator * (1 - p));
  const divisor = 2 * (n + z * z);
  return { value: p * multiplier, lower: ((centre - spread) / divisor) * multiplier, upper: ((centre + spread) / divisor) * multiplier };
}

export type Unit = 'count' | 'rate' | 'proportion';

export interface ValueWithIntervals {
  value: number;
  /** Absent when there is nothing to compute them from (a count with no denominator, say). */
  ci95: Limits | null;
  ci998: Limits | null;
}

/**
 * The value of one observation and its 95% and 99.8% limits, by the indicator's unit.
 * A count's limits are the Poisson limits of the count itself.
 */
export function computeValue(unit: Unit, numerator: number, denominator: number | null, multiplier: number): ValueWithIntervals {
  if (unit === 'count') {
    return { value: numerator, ci95: countLimits(numerator, '95'), ci998: countLimits(numerator, '99.8') };
  }
  if (denominator === null || !(denominator > 0)) throw new RangeError(`a ${unit} needs a positive denominator`);
  const f = unit === 'rate' ? rateWithLimits : wilsonWithLimits;
  const a = f(numerator, denominator, multiplier, '95');
  const b = f(numerator, denominator, multiplier, '99.8');
  return { value: a.value, ci95: { lower: a.lower, upper: a.upper }, ci998: { lower: b.lower, upper: b.upper } };
}
