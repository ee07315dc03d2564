import { describe, expect, it } from 'vitest';
import { bandOf, bands, nextReviewDate, riskScore } from './bands.js';

describe('risk bands and review dates', () => {
  it('scores likelihood × impact and bands low 1–6, medium 8–12, high 15–25', () => {
    expect(riskScore(4, 5)).toBe(20);
    const scores = new Set<number>();
    for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) scores.add(riskScore(l, i));
    for (const s of scores) expect(bandOf(s)).toBe(s <= 6 ? 'low' : s <= 12 ? 'medium' : 'high');
    expect([bandOf(6), bandOf(8), bandOf(12), bandOf(15)]).toEqual(['low', 'medium', 'medium', 'high']);
    expect(bands).toEqual(['high', 'medium', 'low']);
  });

  it('sets the next review 90 days on for a high risk, 180 for medium and 360 for low', () => {
    expect(nextReviewDate('2021-12-20', 4, 4)).toBe('2022-03-20');
    expect(nextReviewDate('2021-12-20', 3, 3)).toBe('2022-06-18');
    expect(nextReviewDate('2021-12-20', 2, 3)).toBe('2022-12-15');
  });
});
