import { renderChartSvg } from '../../web/charts.js';
import type { RagStatus } from './schema.js';

export const ragLabels: Record<RagStatus | 'no-update', string> = {
  red: 'Red',
  amber: 'Amber',
  green: 'Green',
  complete: 'Complete',
  'not-started': 'Not started',
  'no-update': 'No update',
};

const ragColours: Record<RagStatus | 'no-update', string> = {
  red: '#d4351c',
  amber: '#f47738',
  green: '#00703c',
  complete: '#1d70b8',
  'not-started': '#505a5f',
  'no-update': '#b1b4b6',
};

/** A stacked horizontal bar per priority; each series is labelled, so colour is never the only signal. */
export function ragChart(
  table: { number: number; title: string; counts: Record<string, number> }[],
  keys: readonly (RagStatus | 'no-update')[],
  title: string,
): string {
  const used = keys.filter((k) => table.some((t) => (t.counts[k] ?? 0) > 0));
  const description = table
    .map((t) => `Priority ${t.number}: ${used.map((k) => `${t.counts[k] ?? 0} ${ragLabels[k].toLowerCase()}`).join(', ')}`)
    .join('. ');
  return renderChartSvg(
    {
      legend: { top: 0, data: used.map((k) => ragLabels[k]) },
      grid: { left: 110, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: table.map((t) => `Priority ${t.number}`) },
      series: used.map((k) => ({
        name: ragLabels[k],
        type: 'bar',
        stack: 'rag',
        itemStyle: { color: ragColours[k], borderColor: '#ffffff', borderWidth: 1 },
        label: {
          show: true,
          formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? `${ragLabels[k].charAt(0)}${String(p.value)}` : ''),
        },
        data: table.map((t) => t.counts[k] ?? 0),
      })),
    },
    { title, description: description || 'No updates in this period.', height: 80 + table.length * 50 },
  );
}
