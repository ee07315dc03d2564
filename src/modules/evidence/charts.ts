/**
 * The evidence charts, as ECharts options rendered to SVG on the server by src/web/charts.ts. Every chart
 * is drawn beside a table of the same figures; markers, dashes and labels carry the meaning, not colour.
 */
import type { EChartsOption } from 'echarts';
import { renderChartSvg } from '../../web/charts.js';

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
  const sorted = [...bars].sort((a, b) => a.value - b.value);
  const names = sorted.map((b) => (b.selected ? `${b.name} (selected)` : b.name));
  const option: EChartsOption = {
    grid: { left: 210, right: 60, top: 40, bottom: 50 },
    xAxis: { type: 'value', name: text.unit, nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'category', data: names, axisLabel: { fontSize: 12 } },
    series: [
      {
        type: 'bar',
        name: text.unit,
        data: sorted.map((b) => ({
          value: round1(b.value),
          itemStyle: b.selected
            ? { color: '#1d70b8', borderColor: '#0b0c0c', borderWidth: 2 }
            : { color: '#9fc3e3', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 5], rotation: Math.PI / 4 } },
        })),
        label: { show: true, position: 'right', fontSize: 12, formatter: (p) => String((p as { value: number }).value) },
        ...(benchmark
          ? {
              markLine: {
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#0b0c0c', width: 2 },
                label: { formatter: `${benchmark.name} ${round1(benchmark.value)}`, position: 'end' },
                data: [{ xAxis: round1(benchmark.value) }],
              },
            }
          : {}),
      },
      {
        type: 'custom',
        name: '95% confidence interval',
        renderItem: (_params, api) => {
          const lower = api.value(0) as number;
          const upper = api.value(1) as number;
          const row = api.value(2) as number;
          if (!Number.isFinite(lower) || !Number.isFinite(upper)) return null;
          const a = api.coord([lower, row]);
          const b = api.coord([upper, row]);
          const style = { stroke: '#0b0c0c', lineWidth: 1.5 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: a[0]!, y1: a[1]!, x2: b[0]!, y2: b[1]! }, style },
              { type: 'line', shape: { x1: a[0]!, y1: a[1]! - 5, x2: a[0]!, y2: a[1]! + 5 }, style },
              { type: 'line', shape: { x1: b[0]!, y1: b[1]! - 5, x2: b[0]!, y2: b[1]! + 5 }, style },
            ],
          };
        },
        data: sorted.map((b, i) => [b.lower ?? NaN, b.upper ?? NaN, i]),
        z: 10,
      },
    ],
  };
  const top = [...sorted].reverse()[0];
  const description =
    `${text.title}. Bars ranked from highest to lowest; ${top ? `${top.name} is highest at ${round1(top.value)}` : 'no figures'}` +
    (benchmark ? `; ${benchmark.name} is ${round1(benchmark.value)}, drawn as a dashed line.` : '.') +
    ' Whiskers show 95% confidence intervals. The same figures are in the table below.';
  return renderChartSvg(option, { title: text.title, description, height: Math.max(260, 60 + sorted.length * 26) });
}

interface TrendPointView {
  period: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
}

/** Value over periods as a solid line with square markers; 95% limits as dashed lines with no markers. */
export function trendChart(
  points: TrendPointView[],
  benchmark: TrendPointView[] | null,
  text: { title: string; unit: string; area: string; benchmarkName?: string },
) {
  const periods = points.map((p) => p.period);
  const v = (n: number | null) => (n === null ? '-' : round1(n));
  const series: EChartsOption['series'] = [
    {
      type: 'line',
      name: text.area,
      data: points.map((p) => v(p.value)),
      symbol: 'rect',
      symbolSize: 9,
      lineStyle: { width: 3 },
      label: { show: true, position: 'top', fontSize: 12 },
    },
    {
      type: 'line',
      name: 'Lower 95% limit',
      data: points.map((p) => v(p.lower)),
      symbol: 'none',
      lineStyle: { type: 'dashed', width: 1 },
      color: '#505a5f',
    },
    {
      type: 'line',
      name: 'Upper 95% limit',
      data: points.map((p) => v(p.upper)),
      symbol: 'none',
      lineStyle: { type: 'dotted', width: 1 },
      color: '#505a5f',
    },
  ];
  if (benchmark && benchmark.some((b) => b.value !== null)) {
    const byPeriod = new Map(benchmark.map((b) => [b.period, b.value]));
    series.push({
      type: 'line',
      name: text.benchmarkName ?? 'Benchmark',
      data: periods.map((p) => v(byPeriod.get(p) ?? null)),
      symbol: 'triangle',
      symbolSize: 9,
      lineStyle: { type: 'dashed', width: 2 },
      color: '#f47738',
    });
  }
  const option: EChartsOption = {
    grid: { left: 60, right: 30, top: 60, bottom: 50 },
    legend: { top: 0 },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value', name: text.unit, scale: true },
    series,
  };
  const known = points.filter((p) => p.value !== null);
  const first = known[0];
  const last = known[known.length - 1];
  const description =
    `${text.title}. ` +
    (first && last
      ? `${text.area} went from ${round1(first.value!)} in ${first.period} to ${round1(last.value!)} in ${last.period}. `
      : 'No figures to show. ') +
    'Dashed and dotted lines show the 95% confidence limits. The same figures are in the table below.';
  return renderChartSvg(option, { title: text.title, description });
}
