import { describe, expect, it } from 'vitest';
import { comparatorChart, trendChart } from './charts.js';
import { renderWardMap } from './map.js';
import type { Position } from './boundaries-schema.js';
import { svgProblems, svgTexts } from '../../web/svg-test-support.js';

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

describe('the ward map', () => {
  const square = (x: number, y: number): Position[][] => [
    [
      [x, y],
      [x, y + 0.01],
      [x + 0.01, y + 0.01],
      [x + 0.01, y],
      [x, y],
    ],
  ];
  const wards = [
    { code: 'W1', name: 'Bargate', geometry: { type: 'Polygon' as const, coordinates: square(-1.4, 50.9) }, count: 40 },
    { code: 'W2', name: '<script>alert(1)</script>', geometry: { type: 'Polygon' as const, coordinates: square(-1.39, 50.9) }, count: 3 },
    { code: 'W3', name: 'Peartree', geometry: { type: 'MultiPolygon' as const, coordinates: [square(-1.38, 50.9)] }, count: null },
  ];

  it('is a standalone SVG with one shape per ward, each named with its figure, and escapes names', () => {
    const map = renderWardMap(wards, { title: 'Burglary by ward', description: 'Map of 3 wards.' });
    expect(svgProblems(map.svg)).toEqual([]);
    expect(map.svg).toMatch(/^<svg [^>]*class="saferhub-chart-svg"/);
    // The ward shapes are the SVG's own paths, each with a tooltip.
    expect(map.svg.match(/<\/title><\/path>/g)).toHaveLength(3);
    expect(map.svg).toContain('<title>Bargate: 40</title>');
    expect(map.svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;: 3');
    expect(map.svg).not.toContain('<script');
    expect(map.svg).toContain('<title>Peartree: fewer than the publication threshold (suppressed)</title>');
    expect(map.svg).toMatch(/url\(#map-[\da-f]+-hidden\)/);
  });

  it('has a key whose swatches stand alone, each with its own pattern', () => {
    const map = renderWardMap(wards, { title: 'Burglary by ward', description: 'Map of 3 wards.' });
    expect(map.legend.map((l) => l.label)).toEqual(['0', '1 to 10', '11 to 20', '21 to 30', '31 to 40']);
    for (const swatch of [...map.legend.map((l) => l.swatch), map.hiddenSwatch]) {
      expect(svgProblems(swatch).filter((p) => !p.startsWith('no viewBox') && !p.startsWith('labelled'))).toEqual([]);
      expect(swatch).toContain('aria-hidden="true"');
      expect(swatch).toContain('<pattern');
    }
    expect(map.classOf(3)).toBe('1 to 10');
    expect(map.classOf(null)).toBeNull();
  });
});
