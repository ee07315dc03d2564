/** The risk register's scoring rules: score = likelihood × impact, the bands, and review dates by band. */
import { addDays } from '../../../lib/london-time.js';

export type Band = 'low' | 'medium' | 'high';

/** The bands, highest first (the register's filter lists them in this order). */
export const bands: Band[] = ['high', 'medium', 'low'];

/** Score = likelihood × impact, each 1–5. */
export const riskScore = (likelihood: number, impact: number) => likelihood * impact;

/** Bands: low 1–6, medium 8–12, high 15–25 (no product of 1–5 falls between them). */
export function bandOf(score: number): Band {
  if (score >= 15) return 'high';
  if (score >= 8) return 'medium';
  return 'low';
}

/** Days between reviews by band: high every 90 days, medium 180, low 360. */
export const reviewIntervalDays: Record<Band, number> = { high: 90, medium: 180, low: 360 };

/** The next review date: the review date plus the interval for the band of the current (after mitigation) score. */
export const nextReviewDate = (reviewedOn: string, likelihood: number, impact: number) =>
  addDays(reviewedOn, reviewIntervalDays[bandOf(riskScore(likelihood, impact))]);
