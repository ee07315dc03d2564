import { describe, expect, it } from 'vitest';
import type { Position } from '../boundaries-schema.js';
import { svgProblems } from '../../../web/svg-test-support.js';
import { renderWardMap } from './map.js';

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
