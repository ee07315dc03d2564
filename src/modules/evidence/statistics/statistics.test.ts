import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { demoEvidenceDir } from '../demo-files.js';
import { chiSquareCdf, chiSquareQuantile, logGamma } from './gamma.js';
import { byarLimits, computeValue, countLimits, exactPoissonLimits, rateWithLimits, wilsonWithLimits } from './intervals.js';
import { compareWithBenchmark, describeComparison, formatChange, judge, rankWithinGroup, yearOnYearChange } from './compare.js';
import { describeTrend, recentTrend, TREND_CRITICAL_VALUE, trendStatistic } from './trend.js';
import { publishedCount, suppressGroup } from './suppression.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('chi-square quantiles', () => {
  // Reference values of the chi-square distribution (to the digits shown).
  const cases: [number, number, number][] = [
    [0.975, 2, 7.377758908227871],
    [0.998, 1, 9.549535706083237],
    [0.025, 20, 9.590777392264867],
    [0.001, 2, 0.002001000667167068],
    [0.999, 22, 48.26794229083518],
    [0.5, 0.5, 0.0873476047057468],
    [0.025, 6, 1.2373442457912027],
    [0.975, 8, 17.534546139484647],
  ];
  it.each(cases)('the %s quantile with %s degrees of freedom', (p, df, expected) => {
    expect(rel(chiSquareQuantile(p, df), expected)).toBeLessThan(1e-10);
    expect(Math.abs(chiSquareCdf(chiSquareQuantile(p, df), df) - p)).toBeLessThan(1e-12);
  });

  it('log-gamma agrees with factorials', () => {
    expect(rel(logGamma(11), Math.log(3628800))).toBeLessThan(1e-13);
    expect(rel(logGamma(0.5), Math.log(Math.sqrt(Math.PI)))).toBeLessThan(1e-13);
  });

  it('the trend threshold is the 99.8% point with one degree of freedom', () => {
    expect(chiSquareQuantile(0.998, 1).toFixed(4)).toBe(TREND_CRITICAL_VALUE.toFixed(4));
  });
});

describe('confidence limits', () => {
  it('uses exact limits below 10 and Byar from 10', () => {
    expect(countLimits(9, '95')).toEqual(exactPoissonLimits(9, '95'));
    expect(countLimits(10, '95')).toEqual(byarLimits(10, '95'));
  });

  it('gives a zero count a lower limit of 0 and the exact upper limit', () => {
    const l = countLimits(0, '95');
    expect(l.lower).toBe(0);
    expect(rel(l.upper, 7.377758908227871 / 2)).toBeLessThan(1e-10);
  });

  it('widens the 99.8% interval beyond the 95% one', () => {
    for (const count of [0, 3, 9, 10, 120, 30883]) {
      const a = countLimits(count, '95');
      const b = countLimits(count, '99.8');
      expect(b.lower).toBeLessThanOrEqual(a.lower);
      expect(b.upper).toBeGreaterThan(a.upper);
    }
  });

  it('exact 99.8% limits of 3 events follow the chi-square quantiles', () => {
    const l = exactPoissonLimits(3, '99.8');
    expect(rel(l.lower, chiSquareQuantile(0.001, 6) / 2)).toBeLessThan(1e-12);
    expect(rel(l.upper, chiSquareQuantile(0.999, 8) / 2)).toBeLessThan(1e-12);
  });

  it('scales a rate like its count: Southampton 2016/17, 30,883 crimes in 252,400 people', () => {
    const r = rateWithLimits(30883, 252400, 1000, '95');
    expect(r.value.toFixed(1)).toBe('122.4');
    expect(r.lower).toBeLessThan(r.value);
    expect(r.upper).toBeGreaterThan(r.value);
    expect(r.upper - r.lower).toBeLessThan(3);
  });

  it('Wilson limits stay inside 0–100% at the extremes', () => {
    const none = wilsonWithLimits(0, 50, 100, '95');
    const all = wilsonWithLimits(50, 50, 100, '95');
    expect(none.lower).toBeCloseTo(0, 12);
    expect(none.upper).toBeGreaterThan(0);
    expect(all.upper).toBeCloseTo(100, 10);
    expect(() => wilsonWithLimits(51, 50, 100, '95')).toThrow();
  });

  it('refuses a zero denominator', () => {
    expect(() => rateWithLimits(3, 0, 1000, '95')).toThrow(/denominator/);
    expect(() => computeValue('rate', 3, null, 1000)).toThrow(/denominator/);
  });
});

describe('comparison with a benchmark', () => {
  it('is similar when the benchmark lies inside the interval, limits included', () => {
    expect(compareWithBenchmark({ lower: 70, upper: 80 }, 73.4)).toBe('similar');
    expect(compareWithBenchmark({ lower: 70, upper: 80 }, 80)).toBe('similar');
    expect(compareWithBenchmark({ lower: 118, upper: 125 }, 73.4)).toBe('higher');
    expect(compareWithBenchmark({ lower: 50, upper: 60 }, 73.4)).toBe('lower');
  });

  it('turns higher/lower into better/worse by polarity', () => {
    expect(judge('higher', 'lower-is-better')).toBe('worse');
    expect(judge('higher', 'higher-is-better')).toBe('better');
    expect(judge('lower', 'lower-is-better')).toBe('better');
    expect(judge('lower', 'no-judgement')).toBe('not-judged');
    expect(describeComparison('higher', 'lower-is-better')).toBe('Higher (worse)');
    expect(describeComparison('lower', 'no-judgement')).toBe('Lower');
  });

  it('says Southampton was significantly higher than England in 2016/17 (seed 004 §6)', () => {
    const southampton = computeValue('rate', 30883, 252400, 1000);
    expect(compareWithBenchmark(southampton.ci998!, 73.4)).toBe('higher');
  });
});

describe('year-on-year change', () => {
  it('is (this − last) / last with one decimal place', () => {
    expect(formatChange(yearOnYearChange(9544, 8340))).toBe('14.4%');
    expect(formatChange(yearOnYearChange(444, 599))).toBe('-25.9%');
    expect(formatChange(yearOnYearChange(5, 0))).toBe('Not available');
    expect(formatChange(yearOnYearChange(100, 100))).toBe('0.0%');
  });

  it('matches the percentages printed in seed 004 §11 from the bundled offence counts', () => {
    // The percentages as printed in seed 004 §11 ("Percentage change 2015/16 to 2016/17"). One printed
    // figure does not follow from its own row: Total crime 27,261 → 30,883 is +13.3%, while the table (and
    // §8) print 10.7%. The counts are kept as printed; SaferHub reports the change they imply.
    const printed: Record<string, string> = {
      'Total crime': '10.7%',
      'Violent crime': '14.4%',
      'Violence with injury': '8.3%',
      'Violence without injury': '19.1%',
      'Burglary Dwelling': '11.8%',
      'Burglary Non Dwelling': '15.7%',
      Robbery: '30.8%',
      'Theft of a motor vehicle': '-25.9%',
      'Theft from a motor vehicle': '16.9%',
      'Serious sexual offences - rape': '6.0%',
      'Serious sexual offences - other': '57.7%',
      'Hate Crime': '15.2%',
      'Domestic Violent Crime': '17.6%',
      'Crimes with domestic flag': '13.8%',
      'Violent Crime with public place flag': '7.4%',
      'Anti-Social Behaviour': '3.6%',
      'Knife Crime': '14.8%',
      'Gun Crime': '53.8%',
      'Alcohol affected crime': '6.4%',
      'Drug Related Violence': '62.9%',
      'Threats to kill': '-10.8%',
      'Missing persons': '30.8%',
      'Missing persons occurrences': '24.0%',
    };
    const read = (name: string) =>
      parse<Record<string, string>>(fs.readFileSync(path.join(demoEvidenceDir, name), 'utf8'), { columns: true });
    const indicators = read('offence-types.indicators.csv');
    const observations = read('offence-types.observations.csv');
    expect(indicators).toHaveLength(Object.keys(printed).length);
    for (const indicator of indicators) {
      const count = (period: string) => Number(observations.find((o) => o.indicator === indicator.key && o.period === period)!.numerator);
      const computed = formatChange(yearOnYearChange(count('2016/17'), count('2015/16')));
      if (indicator.name === 'Total crime') expect(computed).toBe('13.3%');
      else expect(computed, indicator.name).toBe(printed[indicator.name!]);
    }
  });
});

describe('rank within a comparator group', () => {
  it('ranks highest first and shares ranks on ties', () => {
    const ranked = rankWithinGroup(
      [
        { name: 'Eastbourne', v: 76.2 },
        { name: 'Southampton', v: 121.5 },
        { name: 'Portsmouth', v: 120.6 },
        { name: 'Tie', v: 76.2 },
        { name: 'No data', v: null },
      ],
      (x) => x.v,
    );
    expect(ranked.map((r) => [r.item.name, r.rank, r.of])).toEqual([
      ['Southampton', 1, 4],
      ['Portsmouth', 2, 4],
      ['Eastbourne', 3, 4],
      ['Tie', 3, 4],
    ]);
  });
});

describe('five-point trend test', () => {
  it('computes the Cochran–Armitage statistic (N·r² of the individual records)', () => {
    const points = [10, 20, 30, 40, 50].map((n) => ({ numerator: n, denominator: 100 }));
    expect(rel(trendStatistic(points, 'proportion'), 47.61904761904743)).toBeLessThan(1e-12);
    const flat = [26, 25, 27, 29, 28].map((n) => ({ numerator: n, denominator: 100 }));
    expect(rel(trendStatistic(flat, 'proportion'), 0.3247082699137524)).toBeLessThan(1e-12);
  });

  it('computes the Poisson form for rates', () => {
    // Equal populations, counts 10..18: T = 20, variance = 70 × (11 − 9) = 140.
    const points = [10, 12, 14, 16, 18].map((n) => ({ numerator: n, denominator: 1000 }));
    expect(rel(trendStatistic(points, 'rate'), 400 / 140)).toBeLessThan(1e-12);
  });

  it('is significant only above 9.5495 and judged by polarity', () => {
    const rising = [10, 20, 30, 40, 50].map((n) => ({ numerator: n, denominator: 100 }));
    const r = recentTrend(rising, 'proportion', 'lower-is-better');
    expect(r.direction).toBe('increasing');
    expect(describeTrend(r)).toBe('Increasing and getting worse');
    const falling = [...rising].reverse();
    expect(describeTrend(recentTrend(falling, 'proportion', 'lower-is-better'))).toBe('Decreasing and getting better');
    const flat = [26, 25, 27, 29, 28].map((n) => ({ numerator: n, denominator: 100 }));
    expect(recentTrend(flat, 'proportion', 'lower-is-better').direction).toBe('no-significant-change');
  });

  it('uses only the latest five points and needs five', () => {
    expect(recentTrend([{ numerator: 1, denominator: 10 }], 'rate', 'no-judgement').direction).toBe('cannot-be-calculated');
    const seven = [90, 10, 20, 30, 40, 50, 60].map((n) => ({ numerator: n, denominator: 100 }));
    expect(trendStatistic(seven.slice(-5), 'proportion')).toBe(recentTrend(seven, 'proportion', 'no-judgement').statistic);
  });
});

describe('small-number suppression', () => {
  it('hides counts from 1 to the threshold, never 0', () => {
    expect(publishedCount(0, 5)).toBe(0);
    expect(publishedCount(3, 5)).toBeNull();
    expect(publishedCount(5, 5)).toBeNull();
    expect(publishedCount(6, 5)).toBe(6);
  });

  it('hides a second cell when one hidden cell could be found from the total', () => {
    const { cells, totalSuppressed } = suppressGroup(
      [
        { key: 'a', count: 40 },
        { key: 'b', count: 3 },
        { key: 'c', count: 12 },
        { key: 'd', count: 0 },
      ],
      5,
    );
    expect(cells.map((c) => c.suppressed)).toEqual([null, 'small-number', 'secondary', null]);
    expect(totalSuppressed).toBe(false);
  });

  it('needs no secondary suppression when two cells are already hidden', () => {
    const { cells } = suppressGroup(
      [
        { key: 'a', count: 2 },
        { key: 'b', count: 4 },
        { key: 'c', count: 30 },
      ],
      5,
    );
    expect(cells.map((c) => c.suppressed)).toEqual(['small-number', 'small-number', null]);
  });

  it('hides the total when nothing else can protect the one small cell', () => {
    const { totalSuppressed } = suppressGroup(
      [
        { key: 'a', count: 2 },
        { key: 'b', count: 0 },
      ],
      5,
    );
    expect(totalSuppressed).toBe(true);
  });
});
