/**
 * The evidence charts, drawn by src/web/charts.ts. Every chart is shown beside a table of the same figures;
 * patterns, markers, dashes and labels carry the meaning, not colour.
 */
import { barChart, lineChart } from '../../../web/charts.js';
import type { LineSeries } from '../../../web/charts.js';
import { ink } from '../../../web/svg.js';

interface Bar {
  name: string;
  value: number;
  lower: number | null;
  upper: number | null;
  selected: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Ranked horizontal bars (highest at the top, like seed 004 §7), the chosen area solid and labelled
 * "(selected)", the others hatched lighter, 95% limits as whiskers, the benchmark as a dashed line.
 */
export function comparatorChart(bars: Bar[], benchmark: { name: string; value: number } | null, text: { title: string; unit: string }) {
  const ranked = [...bars].sort((a, b) => b.value - a.value);
  const top = ranked[0];
  const description =
    `${text.title}. Bars ranked from highest to lowest; ${top ? `${top.name} is highest at ${round1(top.value)}` : 'no figures'}` +
    (benchmark ? `; ${benchmark.name} is ${round1(benchmark.value)}, drawn as a dashed line.` : '.') +
    ' Whiskers show 95% confidence intervals. The same figures are in the table below.';
  return barChart({
    title: text.title,
    description,
    bars: ranked.map((b) => ({ label: b.name, value: round1(b.value), lower: b.lower, upper: b.upper, highlight: b.selected })),
    reference: benchmark ? { label: benchmark.name, value: round1(benchmark.value) } : null,
    axisLabel: text.unit,
  });
}

interface TrendPointView {
  period: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
}

/**
 * The area's value over periods as a solid line with square markers and its figures, the benchmark as a
 * dashed line with triangles, and the area's 95% limits as a shaded band with dashed edges.
 */
export function trendChart(
  points: TrendPointView[],
  benchmark: TrendPointView[] | null,
  text: { title: string; unit: string; area: string; benchmarkName?: string },
) {
  const periods = points.map((p) => p.period);
  const v = (n: number | null) => (n === null ? null : round1(n));
  const series: LineSeries[] = [
    { label: text.area, values: points.map((p) => v(p.value)), colour: '#1d70b8', marker: 'square', showValues: true },
  ];
  if (benchmark && benchmark.some((b) => b.value !== null)) {
    const byPeriod = new Map(benchmark.map((b) => [b.period, b.value]));
    series.push({
      label: text.benchmarkName ?? 'Benchmark',
      values: periods.map((p) => v(byPeriod.get(p) ?? null)),
      colour: ink,
      dashed: true,
      marker: 'triangle',
    });
  }
  const hasBand = points.some((p) => p.lower !== null && p.upper !== null);
  const known = points.filter((p) => p.value !== null);
  const first = known[0];
  const last = known[known.length - 1];
  const description =
    `${text.title}. ` +
    (first && last
      ? `${text.area} went from ${round1(first.value!)} in ${first.period} to ${round1(last.value!)} in ${last.period}. `
      : 'No figures to show. ') +
    (hasBand ? 'The shaded band shows the 95% confidence limits. ' : '') +
    'The same figures are in the table below.';
  return lineChart({
    title: text.title,
    description,
    categories: periods,
    series,
    band: hasBand ? { label: '95% confidence interval', lower: points.map((p) => v(p.lower)), upper: points.map((p) => v(p.upper)) } : null,
    axisLabel: text.unit,
  });
}
