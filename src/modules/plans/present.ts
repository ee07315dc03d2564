import { stackedBarChart } from '../../web/charts.js';
import type { PatternKind } from '../../web/svg.js';
import type { RagStatus } from './schema.js';

export const ragLabels: Record<RagStatus | 'no-update', string> = {
  red: 'Red',
  amber: 'Amber',
  green: 'Green',
  complete: 'Complete',
  'not-started': 'Not started',
  'no-update': 'No update',
};

/** Written before the count in each segment of the chart, e.g. "A3" for three amber actions. */
const ragShort: Record<RagStatus | 'no-update', string> = {
  red: 'R',
  amber: 'A',
  green: 'G',
  complete: 'C',
  'not-started': 'NS',
  'no-update': 'NU',
};

/** The same pattern for a status whichever others are on the chart. */
const ragPatterns: Record<RagStatus | 'no-update', PatternKind> = {
  red: 'plain',
  amber: 'diagonal',
  green: 'dots',
  complete: 'grid',
  'not-started': 'horizontal',
  'no-update': 'back-diagonal',
};

const ragColours: Record<RagStatus | 'no-update', string> = {
  red: '#d4351c',
  amber: '#f47738',
  green: '#00703c',
  complete: '#1d70b8',
  'not-started': '#505a5f',
  'no-update': '#b1b4b6',
};

/**
 * A stacked horizontal bar per priority; each status has its own pattern as well as its colour, a key,
 * and its short code and count written in each segment that has room, so colour is never the only signal.
 */
export function ragChart(
  table: { number: number; title: string; counts: Record<string, number> }[],
  keys: readonly (RagStatus | 'no-update')[],
  title: string,
): string {
  const used = keys.filter((k) => table.some((t) => (t.counts[k] ?? 0) > 0));
  const description = table
    .map((t) => `Priority ${t.number}: ${used.map((k) => `${t.counts[k] ?? 0} ${ragLabels[k].toLowerCase()}`).join(', ')}`)
    .join('. ');
  return stackedBarChart({
    title,
    description: description || 'No updates in this period.',
    categories: table.map((t) => ({ label: `Priority ${t.number}`, values: t.counts })),
    series: used.map((k) => ({
      key: k,
      label: `${ragLabels[k]} (${ragShort[k]})`,
      colour: ragColours[k],
      pattern: ragPatterns[k],
      short: ragShort[k],
    })),
    axisLabel: 'Actions',
  });
}
