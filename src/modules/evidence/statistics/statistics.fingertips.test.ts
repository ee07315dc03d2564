/**
 * The confidence limits against values published by OHID Fingertips (../shared/data/fingertips). Every row
 * with a count, a denominator and limits is checked for the crude rates (infant mortality per 1,000 live
 * births; under-18 conceptions per 1,000 women aged 15–17) and the proportions (the three child weight
 * prevalences, in percent), with these exclusions, each a property of the published file:
 * - district rows of the child weight measures whose count and denominator are both multiples of 5: the
 *   NCMP publishes district counts rounded to 5, while its limits come from the unrounded counts;
 * - district rows of under-18 conceptions before 2011, whose limits were computed on
 *   denominators since revised (the published value no longer equals count / denominator × 1,000 there).
 * A figure matches when it is within a relative 1e-5 of the published one, or within half a unit of the
 * last decimal place printed (Fingertips rounds some limits to five decimals: 0.27909 for 0.2790948…).
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../test/support/shared-data.js';
import { rateWithLimits, wilsonWithLimits, BYAR_FROM } from './intervals.js';

interface Row {
  indicator_id: string;
  area_type: string;
  area_name: string;
  sex: string;
  year: string;
  value: string;
  lower_ci: string;
  upper_ci: string;
  count: string;
  denominator: string;
}

const rows = parse<Row>(fs.readFileSync(sharedDataPath('fingertips', 'fingertips-district-data.csv'), 'utf8'), {
  columns: true,
  skip_empty_lines: true,
});

const numeric = (s: string) => s !== '' && s !== 'NA' && Number.isFinite(Number(s));
const usable = (r: Row) => [r.value, r.lower_ci, r.upper_ci, r.count, r.denominator].every(numeric);

function expectClose(actual: number, published: string, what: string) {
  const expected = Number(published);
  const decimals = published.includes('.') ? published.split('.')[1]!.length : 0;
  const tolerance = Math.max(1e-5 * Math.abs(expected), 0.5 * 10 ** -decimals);
  expect(Math.abs(actual - expected), `${what}: computed ${actual}, published ${published}`).toBeLessThanOrEqual(tolerance);
}

function check(r: Row, f: typeof rateWithLimits, multiplier: number) {
  const e = f(Number(r.count), Number(r.denominator), multiplier, '95');
  const what = `${r.indicator_id} ${r.area_name} ${r.sex} ${r.year} (count ${r.count} / ${r.denominator})`;
  expectClose(e.value, r.value, `${what} value`);
  expectClose(e.lower, r.lower_ci, `${what} lower 95%`);
  expectClose(e.upper, r.upper_ci, `${what} upper 95%`);
}

describe('crude rates against Fingertips', () => {
  const infant = rows.filter((r) => r.indicator_id === '92196' && usable(r));
  const conceptions = rows.filter((r) => r.indicator_id === '20401' && usable(r) && (r.area_type !== 'district' || Number(r.year) >= 2011));

  it('has the published rows to check, with small counts among them', () => {
    expect(infant.length).toBeGreaterThan(390);
    expect(conceptions.length).toBeGreaterThan(200);
    expect(infant.filter((r) => Number(r.count) < BYAR_FROM).length).toBeGreaterThan(50);
  });

  it('matches infant mortality per 1,000 (exact Poisson below 10, Byar from 10)', () => {
    for (const r of infant) check(r, rateWithLimits, 1000);
  });

  it('matches under-18 conceptions per 1,000', () => {
    for (const r of conceptions) check(r, rateWithLimits, 1000);
  });
});

describe('proportions against Fingertips (Wilson score interval)', () => {
  const weight = rows.filter(
    (r) =>
      ['20601', '20602', '90323'].includes(r.indicator_id) &&
      usable(r) &&
      !(r.area_type !== 'england' && Number(r.count) % 5 === 0 && Number(r.denominator) % 5 === 0),
  );

  it('has the published rows to check', () => {
    expect(weight.length).toBeGreaterThan(300);
  });

  it('matches the child weight prevalences in percent', () => {
    for (const r of weight) check(r, wilsonWithLimits, 100);
  });
});
