/**
 * The ward hotspot map: a choropleth drawn as SVG from boundary GeoJSON, with no map tiles. Longitude and
 * latitude are projected with an equirectangular projection centred on the area (x scaled by the cosine of
 * the middle latitude), which is accurate enough at the scale of one local authority. Each class has its own
 * fill pattern as well as its shade, every ward carries its name and figure as a tooltip, and the legend
 * names the ranges, so colour is never the only signal. The map and each legend swatch are standalone SVGs
 * built with the chart helpers (src/web/svg.ts), each with its own copy of the patterns it uses.
 *
 * d3-geo is not used: its spherical polygons depend on ring winding order (ONS boundaries wind clockwise,
 * as d3-geo wants, RFC 7946 GeoJSON the other way round), so it would need a rewinding step, and at this
 * scale the planar projection above is as accurate and shorter.
 */
import type { Geometry, Position } from '../boundaries-schema.js';
import { chartId, el, ink, num, pattern, svgDocument, text } from '../../../web/svg.js';
import type { Markup, PatternKind } from '../../../web/svg.js';

export interface MapWard {
  code: string;
  name: string;
  geometry: Geometry;
  /** null when suppressed in the published view. */
  count: number | null;
}

export interface MapClass {
  index: number;
  label: string;
  fill: string;
  pattern: string;
}

const fills = ['#f3f2f1', '#c6dbef', '#6baed6', '#2171b5', '#08306b'];
const patternOf: PatternKind[] = ['plain', 'dots', 'diagonal', 'cross', 'grid'];
const hiddenFill = '#ffffff';

/** Up to five classes with "nice" equal-interval breaks from 0 to the highest count. */
export function classesFor(max: number): { upper: number; label: string }[] {
  if (max <= 0) return [{ upper: 0, label: '0' }];
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const classes = [{ upper: 0, label: '0' }];
  for (let i = 0; i < 4; i++) {
    const from = i * step + 1;
    const to = (i + 1) * step;
    classes.push({ upper: to, label: `${Math.ceil(from).toLocaleString('en-GB')} to ${Math.floor(to).toLocaleString('en-GB')}` });
    if (to >= max) break;
  }
  return classes;
}

export function classIndex(count: number, classes: { upper: number }[]) {
  const i = classes.findIndex((c) => count <= c.upper);
  return i < 0 ? classes.length - 1 : i;
}

function rings(g: Geometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function renderWardMap(wards: MapWard[], caption: { title: string; description: string }, size = { width: 640, height: 520 }) {
  const all = wards.flatMap((w) => rings(w.geometry).flat(2));
  const lons = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const pad = 10;
  const scale = Math.min((size.width - 2 * pad) / ((maxLon - minLon) * k || 1), (size.height - 2 * pad) / (maxLat - minLat || 1));
  const height = Math.ceil((maxLat - minLat) * scale + 2 * pad);
  const project = ([lon, lat]: Position) => `${num((lon - minLon) * k * scale + pad)},${num((maxLat - lat) * scale + pad)}`;
  const pathOf = (g: Geometry) =>
    rings(g)
      .flatMap((poly) => poly.map((ring) => `M${ring.map(project).join('L')}Z`))
      .join('');

  const max = Math.max(0, ...wards.map((w) => w.count ?? 0));
  const classes = classesFor(max);
  const id = chartId(
    'map',
    caption.title,
    wards.map((w) => [w.code, w.count]),
  );
  const classPattern = (i: number, patternId: string) => pattern(patternId, patternOf[i] ?? 'plain', fills[i]!);
  const hiddenPattern = (patternId: string) => pattern(patternId, 'back-diagonal', hiddenFill, { size: 6 });
  const shapes = wards.map((w) => {
    const fill = w.count === null ? `url(#${id}-hidden)` : `url(#${id}-p${classIndex(w.count, classes)})`;
    const label = `${w.name}: ${w.count === null ? 'fewer than the publication threshold (suppressed)' : w.count.toLocaleString('en-GB')}`;
    return el(
      'path',
      { d: pathOf(w.geometry), fill, stroke: ink, 'stroke-width': 0.6, 'fill-rule': 'evenodd' },
      el('title', {}, text(label)),
    );
  });
  const svg = svgDocument({
    id,
    title: caption.title,
    description: caption.description,
    width: size.width,
    height,
    defs: [...classes.map((_c, i) => classPattern(i, `${id}-p${i}`)), hiddenPattern(`${id}-hidden`)],
    body: shapes,
  });
  // Each key swatch is a small SVG of its own, with its own copy of the pattern, so it stands alone too.
  const swatch = (patternId: string, def: (id: string) => Markup) =>
    el(
      'svg',
      { xmlns: 'http://www.w3.org/2000/svg', width: 32, height: 20, viewBox: '0 0 32 20', 'aria-hidden': 'true', focusable: 'false' },
      el('defs', {}, def(patternId)),
      el('rect', { x: 1, y: 1, width: 30, height: 18, fill: `url(#${patternId})`, stroke: ink }),
    );
  const legend: MapClass[] = classes.map((c, i) => ({ index: i, label: c.label, fill: fills[i]!, pattern: `${id}-k${i}` }));
  return {
    svg: svg as string,
    legend: legend.map((l) => ({ ...l, swatch: swatch(l.pattern, (pid) => classPattern(l.index, pid)) })),
    hiddenSwatch: swatch(`${id}-khidden`, hiddenPattern) as string,
    classOf: (count: number | null) => (count === null ? null : classes[classIndex(count, classes)]!.label),
  };
}
