import { describe, expect, it } from 'vitest';
import { computeRows, summarise, type MeasureFigure, type MeasureInput } from './compute.js';
import {
  benchmarkOf,
  changeBetween,
  describeTarget,
  exactBinomialTwoSided,
  rankOf,
  ragFor,
  testTwoProportions,
  testTwoRates,
  travelOf,
  type RagInput,
} from './statistics.js';

const close = (actual: number | null, expected: number, relative = 1e-9) =>
  expect(Math.abs((actual ?? NaN) - expected)).toBeLessThanOrEqual(Math.abs(expected) * relative);

describe('the test of two Poisson rates (conditional on their total)', () => {
  it('matches the exact binomial test (scipy.stats.binomtest) up to 10,000 events', () => {
    // Robbery in Southampton, seed 004 §11: 250 in 2015/16, 327 in 2016/17 (equal exposure: counts).
    const robbery = testTwoRates(250, 1, 327, 1);
    close(robbery.pValue, 0.0015345753493363867, 1e-9);
    close(robbery.z, 38.5 / Math.sqrt(577 * 0.25), 1e-12);
    // Theft of a motor vehicle: 599 → 444.
    close(testTwoRates(599, 1, 444, 1).pValue, 1.7809556666587643e-6, 1e-8);
    // Unequal exposures: 7 events over 2,000 people, then 20 over 3,000 (p0 = 0.6).
    close(testTwoRates(7, 2000, 20, 3000).pValue, 0.16961620124234145, 1e-9);
    close(exactBinomialTwoSided(3, 10, 0.5), 0.34375, 1e-12);
    close(exactBinomialTwoSided(2, 9, 1 / 3), 0.7268709038256367, 1e-9);
  });

  it('uses the normal score test above 10,000 events (total crime 27,261 → 30,883 is a significant rise)', () => {
    const t = testTwoRates(27261, 1, 30883, 1);
    close(t.z, 15.020901324813913, 1e-9);
    expect(t.pValue).toBeLessThan(1e-40);
  });

  it('handles zero counts: none in either period cannot be tested; 0 → 5 is not significant, 0 → 10 is', () => {
    expect(testTwoRates(0, 1, 0, 1)).toEqual({ z: null, pValue: null });
    close(testTwoRates(0, 1, 5, 1).pValue, 0.0625, 1e-12);
    expect(testTwoRates(0, 1, 10, 1).pValue).toBeLessThan(0.05);
    expect(testTwoRates(5, 0, 6, 100)).toEqual({ z: null, pValue: null });
  });
});

describe('the test of two proportions (pooled z test)', () => {
  it('finds the fall in feeling safe after dark (52.0% → 42.0% of 836) significant', () => {
    const t = testTwoProportions(435, 836, 351, 836);
    close(t.z, -4.115942401826268, 1e-9);
    close(t.pValue, 3.856005998692797e-5, 1e-6);
  });

  it('finds the domestic share 29.1% → 29.8% not significant', () => {
    const t = testTwoProportions(2403, 8258, 2825, 9480);
    close(t.z, 1.0207505871046072, 1e-9);
    close(t.pValue, 0.3073726206411041, 1e-6);
  });

  it('sees no difference between 0% and 0% or 100% and 100%, and cannot test an empty sample', () => {
    expect(testTwoProportions(0, 10, 0, 12)).toEqual({ z: 0, pValue: 1 });
    expect(testTwoProportions(10, 10, 12, 12)).toEqual({ z: 0, pValue: 1 });
    expect(testTwoProportions(0, 0, 3, 10)).toEqual({ z: null, pValue: null });
  });
});

describe('direction of travel', () => {
  const up = { z: 3, pValue: 0.003 };
  const down = { z: -3, pValue: 0.003 };
  it('follows the polarity', () => {
    expect(travelOf(up, 'lower-is-better')).toBe('worsening');
    expect(travelOf(down, 'lower-is-better')).toBe('improving');
    expect(travelOf(up, 'higher-is-better')).toBe('improving');
    expect(travelOf(up, 'no-judgement')).toBe('increasing');
    expect(travelOf(down, 'no-judgement')).toBe('decreasing');
    expect(travelOf({ z: 1, pValue: 0.3 }, 'lower-is-better')).toBe('no-significant-change');
    expect(travelOf({ z: null, pValue: null }, 'lower-is-better')).toBe('cannot-be-calculated');
  });

  it('a change carries its relative size as seed 004 prints it and its test', () => {
    const c = changeBetween(
      'count',
      'lower-is-better',
      { period: '2015/16', numerator: 250, denominator: null, value: 250 },
      {
        period: '2016/17',
        numerator: 327,
        denominator: null,
        value: 327,
      },
    );
    expect(c.method).toBe('poisson-rate-ratio');
    expect((c.relative! * 100).toFixed(1)).toBe('30.8');
    expect(c.significant).toBe(true);
    expect(c.travel).toBe('worsening');
    const zero = changeBetween(
      'count',
      'lower-is-better',
      { period: 'a', numerator: 0, denominator: null, value: 0 },
      {
        period: 'b',
        numerator: 0,
        denominator: null,
        value: 0,
      },
    );
    expect(zero.relative).toBeNull();
    expect(zero.travel).toBe('cannot-be-calculated');
  });
});

describe('benchmark and rank', () => {
  it('compares by the 95% interval and the polarity; counts and missing benchmarks are not compared', () => {
    const england = { areaCode: 'E92000001', areaName: 'England', value: 73.4 };
    expect(benchmarkOf('rate', 'lower-is-better', { lower: 120.2, upper: 122.9 }, england)).toMatchObject({
      comparison: 'higher',
      judgement: 'worse',
      label: 'Significantly higher (worse)',
    });
    expect(benchmarkOf('rate', 'lower-is-better', { lower: 70, upper: 75 }, england).label).toBe('Similar');
    expect(benchmarkOf('count', 'lower-is-better', { lower: 1, upper: 2 }, england).comparison).toBeNull();
    expect(benchmarkOf('rate', 'lower-is-better', { lower: 1, upper: 2 }, { ...england, value: null }).label).toBe('No figure for England');
  });

  it('ranks highest first, with the best place by polarity and ties sharing a place', () => {
    const group = [121.5, 120.6, 119.3, 99.9, 98.6, 90.6, 89.6, 86.2, 85.7, 83.5, 83.2, 81.1, 80.5, 77.1, 76.2];
    expect(rankOf(121.5, group, 'lower-is-better')).toEqual({ rank: 1, of: 15, bestRank: 15, inBestHalf: false, label: 'Highest of 15' });
    expect(rankOf(76.2, group, 'lower-is-better')).toMatchObject({ rank: 15, bestRank: 1, inBestHalf: true, label: 'Lowest of 15' });
    expect(rankOf(119.3, group, 'higher-is-better')).toMatchObject({ rank: 3, bestRank: 3, label: '3rd highest of 15' });
    expect(rankOf(5, [5, 5, 3], 'no-judgement')).toMatchObject({ rank: 1, bestRank: null, inBestHalf: null });
    expect(rankOf(null, group, 'lower-is-better')).toBeNull();
  });
});

describe('RAG against the target', () => {
  const base: RagInput = {
    unit: 'rate',
    polarity: 'lower-is-better',
    baselinePeriod: '2016/17',
    baselineValue: 121.5,
    value: 121.5,
    ci95: { lower: 120.2, upper: 122.9 },
    suppressed: false,
    isBaseline: false,
    sinceBaseline: null,
    benchmark: null,
    rank: null,
    hasGroup: false,
  };

  it('a value to reach: green when reached, amber when the target is inside the interval, red otherwise', () => {
    expect(ragFor({ kind: 'value', value: 130 }, base)).toEqual({
      status: 'green',
      rule: 'Green: 121.5 has reached the target of 130.0 or lower',
    });
    expect(ragFor({ kind: 'value', value: 121 }, base).status).toBe('amber');
    expect(ragFor({ kind: 'value', value: 100 }, base)).toEqual({
      status: 'red',
      rule: 'Red: 121.5 is significantly short of the target of 100.0 (95% interval 120.2 to 122.9)',
    });
    // No polarity: the side to reach is read from the baseline.
    expect(ragFor({ kind: 'value', value: 25 }, { ...base, polarity: 'no-judgement', baselineValue: 30, value: 24 }).status).toBe('green');
    expect(ragFor({ kind: 'value', value: 25 }, { ...base, polarity: 'no-judgement', baselineValue: null, value: 24 }).status).toBe(
      'not-rated',
    );
  });

  it('a direction: by the significance of the change since the baseline', () => {
    const change = (z: number, pValue: number, travel: 'improving' | 'worsening' | 'no-significant-change') => ({
      ...base,
      sinceBaseline: {
        fromPeriod: '2016/17',
        fromValue: 1,
        toValue: 1,
        difference: 0,
        relative: 0,
        method: 'poisson-rate-ratio' as const,
        z,
        pValue,
        significant: pValue < 0.05,
        travel,
      },
    });
    expect(ragFor({ kind: 'direction', direction: 'reduce' }, change(-3, 0.002, 'improving')).status).toBe('green');
    expect(ragFor({ kind: 'direction', direction: 'reduce' }, change(1, 0.3, 'no-significant-change')).rule).toBe(
      'Amber: no significant change since 2016/17 (p = 0.300)',
    );
    expect(ragFor({ kind: 'direction', direction: 'reduce' }, change(3.2, 0.0015, 'worsening')).rule).toBe(
      'Red: significantly higher since 2016/17, against the target to reduce (p = 0.002)',
    );
    expect(ragFor({ kind: 'direction', direction: 'increase' }, change(3.2, 0.0001, 'worsening')).status).toBe('green');
    expect(ragFor({ kind: 'direction', direction: 'hold' }, change(1, 0.3, 'no-significant-change')).status).toBe('green');
    expect(ragFor({ kind: 'direction', direction: 'hold' }, change(3, 0.003, 'worsening')).status).toBe('red');
    expect(ragFor({ kind: 'direction', direction: 'reduce' }, { ...base, isBaseline: true }).status).toBe('not-rated');
    expect(ragFor({ kind: 'direction', direction: 'reduce' }, base).rule).toBe('Not rated: no figure for the baseline period 2016/17');
  });

  it('a position: significantly better than the benchmark, or the best half of the group', () => {
    const england = { areaCode: 'E92000001', areaName: 'England', value: 73.4 };
    const worse = { ...base, benchmark: benchmarkOf('rate', 'lower-is-better', base.ci95, england) };
    expect(ragFor({ kind: 'position', position: 'better-than-benchmark' }, worse)).toEqual({
      status: 'red',
      rule: 'Red: significantly worse than England (73.4) (95% interval 120.2 to 122.9)',
    });
    expect(ragFor({ kind: 'position', position: 'better-than-benchmark' }, base).rule).toBe('Not rated: no benchmark area is set');
    const group = [121.5, 120.6, 119.3, 99.9, 98.6, 90.6, 89.6, 86.2, 85.7, 83.5, 83.2, 81.1, 80.5, 77.1, 76.2];
    const at = (v: number) => ({ ...base, value: v, hasGroup: true, rank: rankOf(v, group, 'lower-is-better') });
    expect(ragFor({ kind: 'position', position: 'best-half' }, at(121.5)).rule).toBe('Red: 15th best of 15, in the worst quarter');
    expect(ragFor({ kind: 'position', position: 'best-half' }, at(86.2)).status).toBe('amber');
    expect(ragFor({ kind: 'position', position: 'best-half' }, at(80.5)).rule).toBe('Green: 3rd best of 15, in the best half');
    expect(ragFor({ kind: 'position', position: 'best-half' }, base).rule).toBe('Not rated: no comparator group is set');
  });

  it('never rates a missing or suppressed figure', () => {
    expect(ragFor({ kind: 'value', value: 1 }, { ...base, value: null }).rule).toBe('Not rated: no figure for this period');
    expect(ragFor({ kind: 'value', value: 1 }, { ...base, suppressed: true }).status).toBe('not-rated');
  });

  it('describes targets in words', () => {
    const ctx = {
      unit: 'rate' as const,
      polarity: 'lower-is-better' as const,
      baselinePeriod: '2016/17',
      benchmarkName: 'England',
      groupName: null,
    };
    expect(describeTarget({ kind: 'value', value: 100 }, ctx)).toBe('Reach 100.0 or lower');
    expect(describeTarget({ kind: 'direction', direction: 'reduce' }, ctx)).toBe('Reduce from 2016/17 (a significant change)');
    expect(describeTarget({ kind: 'position', position: 'better-than-benchmark' }, ctx)).toBe('Significantly better than England');
  });
});

describe('a measure’s rows', () => {
  const fig = (areaCode: string, period: string, numerator: number, denominator: number | null, value: number | null): MeasureFigure => ({
    areaCode,
    areaName: areaCode,
    period,
    numerator,
    denominator,
    value,
    ci95: value === null ? null : { lower: value * 0.9, upper: value * 1.1 },
    suppressed: null,
  });
  const measure: MeasureInput = {
    unit: 'proportion',
    polarity: 'higher-is-better',
    areaCode: 'A',
    benchmark: { code: 'E', name: 'England' },
    group: null,
    baselinePeriod: '2015',
    target: { kind: 'direction', direction: 'increase' },
  };

  it('runs oldest first over the periods held, comparing with the previous period held across a gap', () => {
    const rows = computeRows(measure, [
      fig('A', '2017', 351, 836, 42.0),
      fig('A', '2015', 435, 836, 52.0),
      fig('E', '2017', 780, 1000, 78.0),
    ]);
    expect(rows.map((r) => r.period)).toEqual(['2015', '2017']);
    expect(rows[0]!.isBaseline).toBe(true);
    expect(rows[0]!.sincePrevious).toBeNull();
    expect(rows[0]!.benchmark!.label).toBe('No figure for England');
    expect(rows[1]!.sincePrevious!.fromPeriod).toBe('2015');
    expect(rows[1]!.travel).toBe('worsening');
    expect(rows[1]!.benchmark!.label).toBe('Significantly lower (worse)');
    expect(rows[1]!.rag.status).toBe('red');
    expect(summarise([{ latest: rows[1]! }, { latest: null }])).toEqual({ green: 0, amber: 0, red: 1, 'not-rated': 1 });
  });

  it('has no rows without figures, and a suppressed figure shows no value and is not rated', () => {
    expect(computeRows(measure, [])).toEqual([]);
    const rows = computeRows({ ...measure, unit: 'count', baselinePeriod: '2015' }, [
      fig('A', '2015', 40, null, 40),
      { ...fig('A', '2016', 3, null, 3), suppressed: 'small-number' },
    ]);
    expect(rows[1]).toMatchObject({ value: null, numerator: null, suppressed: true, sinceBaseline: null, rag: { status: 'not-rated' } });
  });
});
