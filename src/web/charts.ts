/**
 * SaferHub's charts: small functions that draw one kind of chart each as a standalone SVG string on the
 * server (no JavaScript in the browser), with d3-scale for the axes and d3-shape for lines and areas.
 * Every chart has role="img", a <title> and a <desc>; pages show the same figures in a table beside it.
 * Labels, markers, dashes and patterns carry the meaning, never colour alone. The result is trusted markup
 * built from escaped text by src/web/svg.ts: mark it safe on a page only because it comes from here.
 */
import { scaleLinear, scalePoint } from 'd3-scale';
import { area, line } from 'd3-shape';
import { el, chartId, fitText, group, inkOn, ink, legend, num, pattern, patternKinds, svgDocument, text, textWidth } from './svg.js';
import type { LegendItem, Markup, PatternKind } from './svg.js';

export { escapeXml, chartFont } from './svg.js';

/** GOV.UK-friendly palette that keeps contrast against white; charts never rely on colour alone. */
export const chartColours = ['#1d70b8', '#f47738', '#00703c', '#d4351c', '#4c2c92', '#505a5f', '#28a197', '#b58840'];

export interface ChartText {
  /** Read out as the chart's name. */
  title: string;
  /** The text alternative: what the chart shows, in a sentence or two. */
  description: string;
}

/** Whole numbers as they are, others to one decimal place, with thousands separators. */
export const formatFigure = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 1 });

const fontSize = 12;
const gridColour = '#dbdad9';
const blue = '#1d70b8';
const lightBlue = '#c2d9ee';
const grey = '#505a5f';
/** A y offset that puts the middle of a line of text on a point. */
const middle = fontSize * 0.35;

const isNumber = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

function extent(values: (number | null | undefined)[]): [number, number] | null {
  const known = values.filter(isNumber);
  return known.length ? [Math.min(...known), Math.max(...known)] : null;
}

/** Vertical grid lines and their labels under a horizontal value axis. */
function valueAxisBelow(
  x: (n: number) => number,
  ticks: number[],
  format: (n: number) => string,
  top: number,
  bottom: number,
  axisLabel: string | undefined,
  centre: number,
): Markup {
  return group([
    ...ticks.map((t) =>
      group([
        el('line', { x1: x(t), x2: x(t), y1: top, y2: bottom, stroke: t === 0 ? ink : gridColour, 'stroke-width': 1 }),
        el('text', { x: x(t), y: bottom + 16, 'text-anchor': 'middle' }, text(format(t))),
      ]),
    ),
    axisLabel ? el('text', { x: centre, y: bottom + 36, 'text-anchor': 'middle' }, text(axisLabel)) : null,
  ]);
}

const swatchBox = (fill: string, stroke: string, strokeWidth = 1) =>
  el('rect', { x: 0.5, y: 0.5, width: 17, height: 11, fill, stroke, 'stroke-width': strokeWidth });
const whiskerSwatch = () => el('path', { d: 'M1 6H17M1 1V11M17 1V11', stroke: ink, 'stroke-width': 1.5, fill: 'none' });
const dashedSwatch = (colour: string, width = 2) =>
  el('path', { d: 'M0 6H18', stroke: colour, 'stroke-width': width, 'stroke-dasharray': '5 3', fill: 'none' });

export interface Bar {
  label: string;
  value: number;
  lower?: number | null;
  upper?: number | null;
  /** Drawn solid with a dark outline, its label bold and followed by `highlightSuffix`. */
  highlight?: boolean;
}

export interface BarChartOptions extends ChartText {
  /** Drawn top to bottom in this order. */
  bars: Bar[];
  /** A value every bar is read against (a benchmark), drawn as a labelled dashed line. */
  reference?: { label: string; value: number } | null;
  /** What the values are, under the axis. */
  axisLabel?: string;
  highlightSuffix?: string;
  /** Key entries. */
  highlightLabel?: string;
  otherLabel?: string;
  intervalLabel?: string;
  format?: (n: number) => string;
  width?: number;
}

/**
 * Horizontal bars with the value at the end of each, optional whiskers for an interval, one or more bars
 * highlighted (solid, bold label, "(selected)") and the others hatched, and an optional reference line.
 */
export function barChart(o: BarChartOptions): string {
  const width = o.width ?? 640;
  const format = o.format ?? formatFigure;
  const suffix = o.highlightSuffix ?? ' (selected)';
  const id = chartId('bar', o.title, o.bars, o.reference);
  const hasInterval = o.bars.some((b) => isNumber(b.lower) && isNumber(b.upper));

  const keyItems: LegendItem[] = [];
  if (o.bars.some((b) => b.highlight)) keyItems.push({ label: o.highlightLabel ?? 'Selected area', swatch: swatchBox(blue, ink, 1.5) });
  if (o.bars.some((b) => !b.highlight))
    keyItems.push({ label: o.otherLabel ?? 'Other areas', swatch: swatchBox(`url(#${id}-other)`, blue) });
  if (hasInterval) keyItems.push({ label: o.intervalLabel ?? '95% confidence interval', swatch: whiskerSwatch() });
  if (o.reference) keyItems.push({ label: o.reference.label, swatch: dashedSwatch(ink) });
  const key = legend(keyItems, 8, 8, width - 16);

  const labelOf = (b: Bar) => (b.highlight ? `${b.label}${suffix}` : b.label);
  const labelWidth = Math.min(width * 0.4, Math.max(0, ...o.bars.map((b) => textWidth(labelOf(b), fontSize, b.highlight))));
  const valueWidth = Math.max(0, ...o.bars.map((b) => textWidth(format(b.value), fontSize)));
  const left = 8 + labelWidth + 8;
  const right = width - 12 - valueWidth;
  const rowHeight = 26;
  const barHeight = 16;
  const top = 8 + key.height + (o.reference ? 24 : 8);
  const bottom = top + Math.max(1, o.bars.length) * rowHeight;
  const height = bottom + (o.axisLabel ? 46 : 26);

  const [lo, hi] = extent([0, ...o.bars.flatMap((b) => [b.value, b.lower, b.upper]), o.reference?.value]) ?? [0, 1];
  const x = scaleLinear()
    .domain([lo, hi === lo ? lo + 1 : hi])
    .range([left, right])
    .nice(5);
  const ticks = x.ticks(5);
  const tickFormat = x.tickFormat(5);

  const bars: (Markup | null)[] = [];
  const labels: Markup[] = [];
  o.bars.forEach((b, i) => {
    const cy = top + i * rowHeight + rowHeight / 2;
    const x0 = x(Math.min(0, b.value));
    const x1 = x(Math.max(0, b.value));
    const interval = isNumber(b.lower) && isNumber(b.upper) ? { lower: x(b.lower), upper: x(b.upper) } : null;
    const weight = b.highlight ? 'bold' : null;
    bars.push(
      el('rect', {
        x: x0,
        y: cy - barHeight / 2,
        width: Math.max(x1 - x0, 0.5),
        height: barHeight,
        fill: b.highlight ? blue : `url(#${id}-other)`,
        stroke: b.highlight ? ink : blue,
        'stroke-width': b.highlight ? 1.5 : 1,
      }),
      interval
        ? el('path', {
            d: `M${num(interval.lower)} ${num(cy)}H${num(interval.upper)}M${num(interval.lower)} ${num(cy - 5)}V${num(cy + 5)}M${num(interval.upper)} ${num(cy - 5)}V${num(cy + 5)}`,
            stroke: ink,
            'stroke-width': 1.5,
            fill: 'none',
          })
        : null,
    );
    // The figure sits after the bar and its whisker, on white so the reference line cannot cross it.
    const value = format(b.value);
    const vx = Math.max(x1, interval?.upper ?? x1) + 5;
    labels.push(
      el(
        'text',
        { x: left - 8, y: cy + middle, 'text-anchor': 'end', 'font-weight': weight },
        text(fitText(labelOf(b), labelWidth, fontSize, b.highlight)),
      ),
      el('rect', { x: vx - 2, y: cy - 8, width: textWidth(value, fontSize, b.highlight) + 4, height: 16, fill: '#ffffff' }),
      el('text', { x: vx, y: cy + middle, 'font-weight': weight }, text(value)),
    );
  });

  let reference: Markup | null = null;
  if (o.reference) {
    const rx = x(o.reference.value);
    const label = `${o.reference.label} ${format(o.reference.value)}`;
    const half = textWidth(label, fontSize) / 2;
    reference = group([
      el('line', { x1: rx, x2: rx, y1: top - 6, y2: bottom, stroke: ink, 'stroke-width': 2, 'stroke-dasharray': '6 4' }),
      el('text', { x: Math.min(Math.max(rx, 8 + half), width - 8 - half), y: top - 10, 'text-anchor': 'middle' }, text(label)),
    ]);
  }

  return svgDocument({
    id,
    title: o.title,
    description: o.description,
    width,
    height,
    defs: [pattern(`${id}-other`, 'diagonal', lightBlue, { opacity: 0.6 })],
    body: [key.markup, valueAxisBelow(x, ticks, tickFormat, top, bottom, o.axisLabel, (left + right) / 2), ...bars, reference, ...labels],
  });
}

export interface StackSeries {
  key: string;
  label: string;
  colour: string;
  /** Drawn over the colour; by default each series in turn takes the next of `patternKinds`. */
  pattern?: PatternKind;
  /** Written before the count in each segment, e.g. "R" for "R3". */
  short?: string;
}

export interface StackedBarChartOptions extends ChartText {
  /** One bar per category, drawn top to bottom. */
  categories: { label: string; values: Record<string, number> }[];
  /** The parts of each bar, left to right; each has its own pattern as well as its colour. */
  series: StackSeries[];
  axisLabel?: string;
  width?: number;
}

/** Horizontal stacked bars of whole counts, each segment labelled with its count when it fits. */
export function stackedBarChart(o: StackedBarChartOptions): string {
  const width = o.width ?? 640;
  const id = chartId('stack', o.title, o.categories, o.series);
  const patternId = (i: number) => `${id}-s${i}`;
  const key = legend(
    o.series.map((s, i) => ({ label: s.label, swatch: swatchBox(`url(#${patternId(i)})`, ink, 0.5) })),
    8,
    8,
    width - 16,
  );
  const labelWidth = Math.min(width * 0.35, Math.max(0, ...o.categories.map((c) => textWidth(c.label, fontSize))));
  const left = 8 + labelWidth + 8;
  const right = width - 24;
  const rowHeight = 36;
  const barHeight = 24;
  const top = 8 + key.height + 10;
  const bottom = top + Math.max(1, o.categories.length) * rowHeight;
  const height = bottom + (o.axisLabel ? 46 : 26);
  const count = (c: { values: Record<string, number> }, k: string) => Math.max(0, c.values[k] ?? 0);
  const max = Math.max(1, ...o.categories.map((c) => o.series.reduce((sum, s) => sum + count(c, s.key), 0)));
  const x = scaleLinear().domain([0, max]).range([left, right]).nice(5);
  const ticks = x.ticks(Math.min(5, x.domain()[1]!)).filter((t) => Number.isInteger(t));

  const rows = o.categories.map((c, i) => {
    const cy = top + i * rowHeight + rowHeight / 2;
    let sum = 0;
    const segments = o.series.map((s, j) => {
      const v = count(c, s.key);
      if (v === 0) return null;
      const x0 = x(sum);
      sum += v;
      const w = x(sum) - x0;
      const label = `${s.short ?? ''}${v}`;
      const fits = textWidth(label, fontSize, true) + 6 <= w;
      return group([
        el('rect', {
          x: x0,
          y: cy - barHeight / 2,
          width: w,
          height: barHeight,
          fill: `url(#${patternId(j)})`,
          stroke: '#ffffff',
          'stroke-width': 1,
        }),
        fits
          ? el(
              'text',
              { x: x0 + w / 2, y: cy + middle, 'text-anchor': 'middle', 'font-weight': 'bold', fill: inkOn(s.colour) },
              text(label),
            )
          : null,
      ]);
    });
    return group([
      el('text', { x: left - 8, y: cy + middle, 'text-anchor': 'end' }, text(fitText(c.label, labelWidth, fontSize))),
      ...segments,
    ]);
  });

  return svgDocument({
    id,
    title: o.title,
    description: o.description,
    width,
    height,
    defs: o.series.map((s, i) => pattern(patternId(i), s.pattern ?? patternKinds[i % patternKinds.length]!, s.colour, { opacity: 0.4 })),
    body: [key.markup, valueAxisBelow(x, ticks, (t) => formatFigure(t), top, bottom, o.axisLabel, (left + right) / 2), ...rows],
  });
}

export type Marker = 'square' | 'triangle' | 'circle';

export interface LineSeries {
  label: string;
  /** One per category; null leaves a gap. */
  values: (number | null)[];
  colour: string;
  dashed?: boolean;
  marker?: Marker;
  /** Write each value above its point, when there is room for them all. */
  showValues?: boolean;
}

export interface LineChartOptions extends ChartText {
  /** The x axis, e.g. periods, in order. */
  categories: string[];
  series: LineSeries[];
  /** An interval drawn as a shaded band with dashed edges, e.g. 95% confidence limits. */
  band?: { label: string; lower: (number | null)[]; upper: (number | null)[] } | null;
  /** What the values are, above the axis. */
  axisLabel?: string;
  format?: (n: number) => string;
  width?: number;
  height?: number;
}

function marker(kind: Marker, x: number, y: number, colour: string): Markup {
  const common = { fill: colour, stroke: '#ffffff', 'stroke-width': 1 };
  if (kind === 'square') return el('rect', { x: x - 4.5, y: y - 4.5, width: 9, height: 9, ...common });
  if (kind === 'circle') return el('circle', { cx: x, cy: y, r: 4.5, ...common });
  return el('path', { d: `M${num(x)} ${num(y - 6)}L${num(x + 5.5)} ${num(y + 4)}L${num(x - 5.5)} ${num(y + 4)}Z`, ...common });
}

/** Values over ordered categories as lines with markers, and an optional band for an interval. */
export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 640;
  const height = o.height ?? 360;
  const format = o.format ?? formatFigure;
  const id = chartId('line', o.title, o.categories, o.series, o.band);
  const bandFill = '#d2e2f1';

  const keyItems: LegendItem[] = o.series.map((s) => ({
    label: s.label,
    swatch: group([
      el('path', { d: 'M0 6H18', stroke: s.colour, 'stroke-width': 2.5, 'stroke-dasharray': s.dashed ? '5 3' : null, fill: 'none' }),
      s.marker ? marker(s.marker, 9, 6, s.colour) : null,
    ]),
  }));
  if (o.band) {
    keyItems.push({
      label: o.band.label,
      swatch: group([
        el('rect', { x: 0, y: 1, width: 18, height: 10, fill: bandFill }),
        el('path', { d: 'M0 1H18M0 11H18', stroke: grey, 'stroke-width': 1, 'stroke-dasharray': '3 2', fill: 'none' }),
      ]),
    });
  }
  const key = legend(keyItems, 8, 8, width - 16);

  const all = [...o.series.flatMap((s) => s.values), ...(o.band ? [...o.band.lower, ...o.band.upper] : [])];
  const [lo, hi] = extent(all) ?? [0, 1];
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
  const domainLow = lo >= 0 ? Math.max(0, lo - pad) : lo - pad;
  const axisTop = 8 + key.height + 8 + (o.axisLabel ? 18 : 0);
  const top = axisTop + 14;
  const bottom = height - 30;
  const y = scaleLinear()
    .domain([domainLow, hi + pad])
    .range([bottom, top])
    .nice(5);
  const ticks = y.ticks(5);
  const tickFormat = y.tickFormat(5);
  const left = 8 + Math.max(...ticks.map((t) => textWidth(tickFormat(t), fontSize))) + 8;
  const lastLabel = o.categories[o.categories.length - 1] ?? '';
  const right = width - 8 - textWidth(lastLabel, fontSize) / 2;
  const x = scalePoint<number>()
    .domain(o.categories.map((_c, i) => i))
    .range([left, right])
    .padding(0.3);
  const xAt = (i: number) => x(i) ?? left;

  const yAxis = group([
    ...ticks.map((t) =>
      group([
        el('line', { x1: left, x2: right, y1: y(t), y2: y(t), stroke: gridColour, 'stroke-width': 1 }),
        el('text', { x: left - 6, y: y(t) + middle, 'text-anchor': 'end' }, text(tickFormat(t))),
      ]),
    ),
    el('line', { x1: left, x2: right, y1: bottom, y2: bottom, stroke: ink, 'stroke-width': 1 }),
    o.axisLabel ? el('text', { x: 8, y: axisTop - 4 }, text(o.axisLabel)) : null,
  ]);

  const widest = Math.max(0, ...o.categories.map((c) => textWidth(c, fontSize)));
  const every = Math.max(1, Math.ceil((widest + 10) / Math.max(1, x.step())));
  const xAxis = group(
    o.categories.map((c, i) =>
      group([
        el('line', { x1: xAt(i), x2: xAt(i), y1: bottom, y2: bottom + 5, stroke: ink, 'stroke-width': 1 }),
        i % every === 0 ? el('text', { x: xAt(i), y: bottom + 18, 'text-anchor': 'middle' }, text(c)) : null,
      ]),
    ),
  );

  let band: Markup | null = null;
  if (o.band) {
    const { lower, upper } = o.band;
    const indices = o.categories.map((_c, i) => i);
    const known = (i: number) => isNumber(lower[i]) && isNumber(upper[i]);
    const shape = area<number>()
      .defined(known)
      .x(xAt)
      .y0((i) => y(lower[i]!))
      .y1((i) => y(upper[i]!))
      .digits(1);
    const edge = (values: (number | null)[]) =>
      line<number>()
        .defined(known)
        .x(xAt)
        .y((i) => y(values[i]!))
        .digits(1)(indices);
    band = group([
      el('path', { d: shape(indices), fill: bandFill, stroke: 'none' }),
      el('path', { d: edge(lower), fill: 'none', stroke: grey, 'stroke-width': 1, 'stroke-dasharray': '3 2' }),
      el('path', { d: edge(upper), fill: 'none', stroke: grey, 'stroke-width': 1, 'stroke-dasharray': '3 2' }),
    ]);
  }

  const lines = o.series.map((s) => {
    const path = line<number>()
      .defined((i) => isNumber(s.values[i]))
      .x(xAt)
      .y((i) => y(s.values[i]!))
      .digits(1)(o.categories.map((_c, i) => i));
    return group([
      el('path', { d: path, fill: 'none', stroke: s.colour, 'stroke-width': 2.5, 'stroke-dasharray': s.dashed ? '6 4' : null }),
      ...s.values.map((v, i) => (isNumber(v) && s.marker ? marker(s.marker, xAt(i), y(v), s.colour) : null)),
    ]);
  });
  // Figures are written only where they have room; with many periods the table beside the chart has them.
  const fits = (s: LineSeries) =>
    Math.max(0, ...s.values.filter(isNumber).map((v) => textWidth(format(v), fontSize, true))) + 4 <= x.step();
  const values = o.series.map((s) =>
    s.showValues && fits(s)
      ? group(
          s.values.map((v, i) =>
            isNumber(v) ? el('text', { x: xAt(i), y: y(v) - 9, 'text-anchor': 'middle', 'font-weight': 'bold' }, text(format(v))) : null,
          ),
        )
      : null,
  );

  return svgDocument({
    id,
    title: o.title,
    description: o.description,
    width,
    height,
    body: [key.markup, yAxis, xAxis, band, ...lines, ...values],
  });
}

export interface SparklineOptions extends ChartText {
  /** In order; null leaves a gap. */
  values: (number | null)[];
  width?: number;
  height?: number;
  colour?: string;
}

/**
 * A word-sized line for a table row: no axes or labels, the last known value marked with a dot. Its title
 * and description say what it shows; the row beside it carries the figures.
 */
export function sparkline(o: SparklineOptions): string {
  const width = o.width ?? 96;
  const height = o.height ?? 24;
  const colour = o.colour ?? ink;
  const id = chartId('spark', o.title, o.values);
  const [lo, hi] = extent(o.values) ?? [0, 1];
  const y = scaleLinear()
    .domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi])
    .range([height - 4, 4]);
  const x = scaleLinear()
    .domain([0, Math.max(1, o.values.length - 1)])
    .range([4, width - 4]);
  const path = line<number>()
    .defined((i) => isNumber(o.values[i]))
    .x((i) => x(i))
    .y((i) => y(o.values[i]!))
    .digits(1)(o.values.map((_v, i) => i));
  const last = o.values.map((v, i) => ({ v, i })).filter((p): p is { v: number; i: number } => isNumber(p.v));
  const end = last[last.length - 1];
  return svgDocument({
    id,
    title: o.title,
    description: o.description,
    width,
    height,
    className: 'saferhub-sparkline',
    body: [
      path ? el('path', { d: path, fill: 'none', stroke: colour, 'stroke-width': 1.5, 'stroke-linejoin': 'round' }) : null,
      end ? el('circle', { cx: x(end.i), cy: y(end.v), r: 2.5, fill: colour }) : null,
    ],
  });
}
