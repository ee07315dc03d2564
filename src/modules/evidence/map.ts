/**
 * The ward hotspot map: a choropleth drawn as SVG from boundary GeoJSON, with no map tiles. Longitude and
 * latitude are projected with an equirectangular projection centred on the area (x scaled by the cosine of
 * the middle latitude), which is accurate enough at the scale of one local authority. Each class has its own
 * fill pattern as well as its shade, every ward carries its name and figure as a tooltip, and the legend
 * names the ranges, so colour is never the only signal. The legend's swatches use the map's own patterns,
 * so the map and its legend must be on the same page.
 */
import type { Geometry, Position } from './boundaries-schema.js';
import { escapeXml } from '../../web/charts.js';

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
const patternMarks = [
  '',
  '<circle cx="2" cy="2" r="1" fill="#0b0c0c" fill-opacity="0.55"/>',
  '<path d="M0 8 L8 0" stroke="#0b0c0c" stroke-opacity="0.6" stroke-width="1"/>',
  '<path d="M0 8 L8 0 M0 0 L8 8" stroke="#ffffff" stroke-opacity="0.8" stroke-width="1"/>',
  '<path d="M0 4 H8 M4 0 V8" stroke="#ffffff" stroke-opacity="0.9" stroke-width="1.5"/>',
];

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

export function renderWardMap(wards: MapWard[], text: { title: string; description: string }, size = { width: 640, height: 520 }) {
  const all = wards.flatMap((w) => rings(w.geometry).flat(2));
  const lons = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const pad = 10;
  const scale = Math.min((size.width - 2 * pad) / ((maxLon - minLon) * k || 1), (size.height - 2 * pad) / (maxLat - minLat || 1));
  const height = Math.ceil((maxLat - minLat) * scale + 2 * pad);
  const project = ([lon, lat]: Position) => `${((lon - minLon) * k * scale + pad).toFixed(1)},${((maxLat - lat) * scale + pad).toFixed(1)}`;
  const pathOf = (g: Geometry) =>
    rings(g)
      .flatMap((poly) => poly.map((ring) => `M${ring.map(project).join('L')}Z`))
      .join('');

  const max = Math.max(0, ...wards.map((w) => w.count ?? 0));
  const classes = classesFor(max);
  const id = `map-${Math.random().toString(36).slice(2, 10)}`;
  const defs = classes
    .map(
      (_c, i) =>
        `<pattern id="${id}-p${i}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="${fills[i]}"/>${patternMarks[i] ?? ''}</pattern>`,
    )
    .concat(
      `<pattern id="${id}-hidden" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#ffffff"/><path d="M0 6 L6 0" stroke="#505a5f" stroke-width="1"/></pattern>`,
    )
    .join('');
  const shapes = wards
    .map((w) => {
      const fill = w.count === null ? `url(#${id}-hidden)` : `url(#${id}-p${classIndex(w.count, classes)})`;
      const label = `${w.name}: ${w.count === null ? 'fewer than the publication threshold (suppressed)' : w.count.toLocaleString('en-GB')}`;
      return `<path d="${pathOf(w.geometry)}" fill="${fill}" stroke="#0b0c0c" stroke-width="0.6" fill-rule="evenodd"><title>${escapeXml(label)}</title></path>`;
    })
    .join('');
  const legend: MapClass[] = classes.map((c, i) => ({ index: i, label: c.label, fill: fills[i]!, pattern: `${id}-p${i}` }));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size.width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
    `<title id="${id}-title">${escapeXml(text.title)}</title><desc id="${id}-desc">${escapeXml(text.description)}</desc>` +
    `<defs>${defs}</defs>${shapes}</svg>`;
  const legendSvg = (pattern: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="20" aria-hidden="true" focusable="false"><rect x="1" y="1" width="30" height="18" fill="url(#${pattern})" stroke="#0b0c0c"/></svg>`;
  return {
    svg,
    legend: legend.map((l) => ({ ...l, swatch: legendSvg(l.pattern) })),
    hiddenSwatch: legendSvg(`${id}-hidden`),
    classOf: (count: number | null) => (count === null ? null : classes[classIndex(count, classes)]!.label),
  };
}
