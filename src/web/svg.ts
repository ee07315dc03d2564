/**
 * The small set of helpers every SaferHub chart and map is built with. Markup is assembled only through
 * `el()` and `text()`, which escape every attribute value and every piece of text, so a chart can be
 * inserted into a page as it is (`| safe`) and can hold hostile names. `svgDocument()` wraps a drawing as a
 * standalone SVG: namespace, size, viewBox, white background, explicit colours and font, no external
 * references, no <style> and no event handlers, so the same string works on a page (under the strict
 * Content Security Policy) and on its own in a file or a report.
 */
import { createHash } from 'node:crypto';

declare const markupBrand: unique symbol;
/** A string of SVG markup built by these helpers (never raw text). */
export type Markup = string & { readonly [markupBrand]: true };

/** Escapes text for SVG or XML content and attributes. */
export const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * The page's typeface: GOV.UK Frontend's stack once `buildStylesheet()` has removed GDS Transport. Charts
 * carry it as an attribute so they read the same outside a page; on a page the stylesheet's
 * `.saferhub-chart-svg` rule makes them inherit the page's font instead.
 */
export const chartFont = 'arial, sans-serif';
/** GOV.UK Frontend's text colour. */
export const ink = '#0b0c0c';

/** A coordinate or length, rounded to one decimal place to keep the markup small. */
export function num(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

export type AttrValue = string | number | null | undefined | false;

/** An element. Attribute names are SaferHub's own constants; their values are escaped here. */
export function el(name: string, attrs: Record<string, AttrValue> = {}, ...children: (Markup | null | false | undefined)[]): Markup {
  let open = `<${name}`;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    open += ` ${key}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`;
  }
  const inner = children.filter((c): c is Markup => typeof c === 'string' && c !== '').join('');
  return (inner ? `${open}>${inner}</${name}>` : `${open}/>`) as Markup;
}

/** Escaped text content. */
export function text(s: string): Markup {
  return escapeXml(s) as Markup;
}

/** Joins markup. */
export function group(parts: (Markup | null | false | undefined)[]): Markup {
  return parts.filter((p): p is Markup => typeof p === 'string').join('') as Markup;
}

/**
 * A stable id for a chart, from what it shows, so the same figures give the same SVG (handy for reports
 * and tests) and different charts on one page do not share ids.
 */
export function chartId(kind: string, ...content: unknown[]): string {
  return `${kind}-${createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 10)}`;
}

export interface SvgDocument {
  id: string;
  /** Read out as the chart's name. */
  title: string;
  /** The text alternative: what the chart shows, in a sentence or two. */
  description: string;
  width: number;
  height: number;
  /** The stylesheet class: `saferhub-chart-svg` (fits its column) unless told otherwise. */
  className?: string;
  fontSize?: number;
  defs?: Markup[];
  body: (Markup | null)[];
}

/** A standalone SVG document with role="img", its <title> and <desc> linked by aria-labelledby. */
export function svgDocument(doc: SvgDocument): Markup {
  const defs = doc.defs?.length ? el('defs', {}, ...doc.defs) : null;
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width: doc.width,
      height: doc.height,
      viewBox: `0 0 ${num(doc.width)} ${num(doc.height)}`,
      class: doc.className ?? 'saferhub-chart-svg',
      role: 'img',
      'aria-labelledby': `${doc.id}-title ${doc.id}-desc`,
      focusable: 'false',
      'font-family': chartFont,
      'font-size': doc.fontSize ?? 12,
      fill: ink,
    },
    el('title', { id: `${doc.id}-title` }, text(doc.title)),
    el('desc', { id: `${doc.id}-desc` }, text(doc.description)),
    defs,
    el('rect', { width: doc.width, height: doc.height, fill: '#ffffff' }),
    ...doc.body,
  );
}

/**
 * The width a line of text takes, roughly: enough to lay labels out without measuring them in a browser.
 * Errs on the wide side: Arial is narrower than this, and so is DejaVu Sans, the usual stand-in for
 * `sans-serif` on Linux machines without Arial or Liberation Sans.
 */
export function textWidth(s: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const c of s) {
    if (/[ijlI.,:;'|!]/.test(c)) em += 0.3;
    else if (/[ frt()[\]/\-]/.test(c)) em += 0.42;
    else if (/[mwMW%@]/.test(c)) em += 0.92;
    else if (/[A-Z&<>=+~]/.test(c)) em += 0.74;
    else em += 0.64;
  }
  return em * fontSize * (bold ? 1.1 : 1);
}

/** The text, shortened with an ellipsis to fit the width. */
export function fitText(s: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(s, fontSize, bold) <= maxWidth) return s;
  let cut = s;
  while (cut.length > 1 && textWidth(`${cut}…`, fontSize, bold) > maxWidth) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function luminance(hex: string): number {
  const v = hex.replace('#', '');
  const full =
    v.length === 3
      ? v
          .split('')
          .map((c) => c + c)
          .join('')
      : v;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Black or white, whichever contrasts more with the colour. */
export function inkOn(fill: string): string {
  const l = luminance(fill);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? ink : '#ffffff';
}

/** The fill patterns that tell series and classes apart without colour. */
export type PatternKind = 'plain' | 'diagonal' | 'dots' | 'cross' | 'horizontal' | 'vertical' | 'back-diagonal' | 'grid';
export const patternKinds: PatternKind[] = ['plain', 'diagonal', 'dots', 'cross', 'horizontal', 'vertical', 'back-diagonal', 'grid'];

/** A pattern of marks over a background colour, in black or white whichever shows on it. */
export function pattern(id: string, kind: PatternKind, background: string, options: { size?: number; opacity?: number } = {}): Markup {
  const s = options.size ?? 8;
  const mark = background === 'none' ? ink : inkOn(background);
  const opacity = options.opacity ?? 0.55;
  const line = (d: string, width = 1) => el('path', { d, stroke: mark, 'stroke-opacity': opacity, 'stroke-width': width, fill: 'none' });
  const marks: Record<PatternKind, Markup | null> = {
    plain: null,
    diagonal: line(`M0 ${s}L${s} 0M${-s / 2} ${s / 2}L${s / 2} ${-s / 2}M${s / 2} ${(3 * s) / 2}L${(3 * s) / 2} ${s / 2}`),
    'back-diagonal': line(`M0 0L${s} ${s}M${-s / 2} ${s / 2}L${s / 2} ${(3 * s) / 2}M${s / 2} ${-s / 2}L${(3 * s) / 2} ${s / 2}`),
    cross: line(`M0 ${s}L${s} 0M0 0L${s} ${s}`),
    dots: el('circle', { cx: s / 4, cy: s / 4, r: s / 8, fill: mark, 'fill-opacity': opacity }),
    horizontal: line(`M0 ${s / 2}H${s}`, 1.5),
    vertical: line(`M${s / 2} 0V${s}`, 1.5),
    grid: line(`M0 ${s / 2}H${s}M${s / 2} 0V${s}`, 1.5),
  };
  return el(
    'pattern',
    { id, width: s, height: s, patternUnits: 'userSpaceOnUse' },
    background === 'none' ? null : el('rect', { width: s, height: s, fill: background }),
    marks[kind],
  );
}

export interface LegendItem {
  label: string;
  /** Drawn in a box 18 wide and 12 high with its top left corner at 0,0. */
  swatch: Markup;
}

/** A key laid out left to right, wrapping onto more rows when it runs out of width. */
export function legend(items: LegendItem[], x: number, y: number, maxWidth: number, fontSize = 12): { markup: Markup; height: number } {
  const rowHeight = fontSize + 8;
  let cx = 0;
  let row = 0;
  const parts: Markup[] = [];
  for (const item of items) {
    const w = 24 + textWidth(item.label, fontSize) + 18;
    if (cx > 0 && cx + w > maxWidth) {
      cx = 0;
      row += 1;
    }
    const top = y + row * rowHeight;
    parts.push(
      el(
        'g',
        { transform: `translate(${num(x + cx)} ${num(top)})` },
        item.swatch,
        el('text', { x: 24, y: 10.5 * (fontSize / 12) }, text(item.label)),
      ),
    );
    cx += w;
  }
  return { markup: group(parts), height: items.length ? (row + 1) * rowHeight : 0 };
}
