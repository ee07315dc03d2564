import { describe, expect, it } from 'vitest';
import { comparatorChart, trendChart } from './charts.js';
import { svgProblems, svgTexts } from '../../../web/svg-test-support.js';

describe('the evidence charts', () => {
  it('rank the comparator group highest first, the chosen area marked and the benchmark named', () => {
    const svg = comparatorChart(
      [
        { name: 'Southampton', value: 90.04, lower: 88, upper: 92, selected: true },
        { name: 'Plymouth', value: 70.26, lower: null, upper: null, selected: false },
        { name: 'Portsmouth', value: 95.55, lower: 93, upper: 98, selected: false },
      ],
      { name: 'England', value: 78.44 },
      { title: 'Crime: most similar, 2016/17', unit: 'Crimes per 1,000 people' },
    );
    expect(svgProblems(svg)).toEqual([]);
    const texts = svgTexts(svg);
    const order = ['Portsmouth', 'Southampton (selected)', 'Plymouth'].map((n) => texts.indexOf(n));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[0]).toBeGreaterThan(-1);
    expect(texts).toEqual(expect.arrayContaining(['95.6', '90', '70.3', 'England 78.4', 'Crimes per 1,000 people']));
    expect(svg).toContain('Portsmouth is highest at 95.6; England is 78.4, drawn as a dashed line.');
  });

  it('draw the trend with every period, the figures and a sentence from the first to the last', () => {
    const periods = ['2014/15', '2015/16', '2016/17'];
    const svg = trendChart(
      periods.map((period, i) => ({ period, value: 10 + i, lower: 9 + i, upper: 11 + i })),
      periods.map((period) => ({ period, value: 12, lower: null, upper: null })),
      { title: 'Share: Southampton', unit: 'Per cent', area: 'Southampton', benchmarkName: 'England' },
    );
    expect(svgProblems(svg)).toEqual([]);
    expect(svgTexts(svg)).toEqual(
      expect.arrayContaining([...periods, '10', '11', '12', 'Southampton', 'England', '95% confidence interval']),
    );
    expect(svg).toContain('Southampton went from 10 in 2014/15 to 12 in 2016/17. The shaded band shows the 95% confidence limits.');
  });
});
