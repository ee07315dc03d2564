/**
 * The risk heat map as a standalone SVG (src/web/svg.ts): the same 5×5 grid of open risks as the register's
 * heat map page, impact down the side (5 at the top) and likelihood along the bottom, each cell in its band's
 * colour (the page's colours, governance.css) with its band and score written in it and the number of risks
 * it holds. Band and count are words and figures, so nothing depends on colour. Reports embed it with its
 * table of counts beside it.
 */
import { chartId, el, group, ink, svgDocument, text } from '../../../web/svg.js';
import type { Markup } from '../../../web/svg.js';
import type { Band } from './bands.js';

/** The band colours of the heat map page (governance.css `.gov-heat td.gov-band--…`). */
export const bandFill: Record<Band, string> = { high: '#f4cdc6', medium: '#fff7bf', low: '#cce2d8' };
const bandName: Record<Band, string> = { high: 'High', medium: 'Medium', low: 'Low' };

export interface HeatMapCell {
  likelihood: number;
  score: number;
  band: Band;
  risks: unknown[];
}
export interface HeatMapRow {
  impact: number;
  cells: HeatMapCell[];
}

const cellWidth = 100;
const cellHeight = 62;
const left = 86;
const top = 12;
const fontSize = 13;

/** The heat map of `rows` (impact 5 first, each with likelihood 1 to 5), as the service's heatMap() gives them. */
export function riskHeatMapChart(rows: HeatMapRow[], basis: 'current' | 'inherent'): string {
  const columns = rows[0]?.cells.length ?? 5;
  const width = left + columns * cellWidth + 12;
  const bottom = top + rows.length * cellHeight;
  const height = bottom + 54;
  const total = rows.reduce((n, r) => n + r.cells.reduce((m, c) => m + c.risks.length, 0), 0);
  const byBand = (band: Band) =>
    rows.reduce((n, r) => n + r.cells.filter((c) => c.band === band).reduce((m, c) => m + c.risks.length, 0), 0);
  const when = basis === 'current' ? 'after mitigation' : 'before mitigation';
  const plural = (n: number) => `${n} risk${n === 1 ? '' : 's'}`;
  const counts = rows.map((r) => r.cells.map((c) => c.risks.length));
  const id = chartId('heat', basis, counts);

  const cells: (Markup | null)[] = [];
  rows.forEach((row, r) => {
    const y = top + r * cellHeight;
    cells.push(
      el(
        'text',
        { x: left - 10, y: y + cellHeight / 2 + fontSize * 0.35, 'text-anchor': 'end', 'font-weight': 'bold' },
        text(`Impact ${row.impact}`),
      ),
    );
    row.cells.forEach((cell, c) => {
      const x = left + c * cellWidth;
      const n = cell.risks.length;
      cells.push(
        el('rect', { x, y, width: cellWidth, height: cellHeight, fill: bandFill[cell.band], stroke: ink, 'stroke-width': 1 }),
        el('text', { x: x + cellWidth / 2, y: y + 22, 'text-anchor': 'middle' }, text(`${bandName[cell.band]} ${cell.score}`)),
        n
          ? el(
              'text',
              { x: x + cellWidth / 2, y: y + 46, 'text-anchor': 'middle', 'font-weight': 'bold', 'font-size': 16 },
              text(plural(n)),
            )
          : null,
      );
    });
  });
  const axis = group([
    ...Array.from({ length: columns }, (_, c) =>
      el(
        'text',
        { x: left + c * cellWidth + cellWidth / 2, y: bottom + 18, 'text-anchor': 'middle', 'font-weight': 'bold' },
        text(`Likelihood ${c + 1}`),
      ),
    ),
    el(
      'text',
      { x: left + (columns * cellWidth) / 2, y: bottom + 42, 'text-anchor': 'middle' },
      text('Likelihood (1 rare to 5 almost certain) against impact (1 negligible to 5 severe)'),
    ),
  ]);

  return svgDocument({
    id,
    title: `Risk heat map, ${when}`,
    description:
      `Open risks placed by likelihood and impact ${when}: ${plural(total)} in all, ` +
      `${byBand('high')} high, ${byBand('medium')} medium and ${byBand('low')} low. ` +
      `Each cell gives its band and score (likelihood × impact) and the number of risks in it.`,
    width,
    height,
    fontSize,
    body: [
      ...cells,
      axis,
      el('rect', {
        x: left,
        y: top,
        width: columns * cellWidth,
        height: rows.length * cellHeight,
        fill: 'none',
        stroke: ink,
        'stroke-width': 2,
      }),
    ],
  });
}
