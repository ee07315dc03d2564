import * as echarts from 'echarts';

export interface ChartText {
  /** Read out as the chart's name. */
  title: string;
  /** The text alternative: what the chart shows, in a sentence or two. */
  description: string;
  width?: number;
  height?: number;
}

/** Escapes text for SVG or XML content and attributes. */
export const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** GOV.UK-friendly palette that keeps contrast against white; charts never rely on colour alone. */
export const chartColours = ['#1d70b8', '#f47738', '#00703c', '#d4351c', '#4c2c92', '#505a5f', '#28a197', '#b58840'];

/**
 * Renders an ECharts option to an SVG string on the server (no JavaScript in the browser), with
 * role="img", a <title> and a <desc> so screen readers announce it. Pages must show the same figures in
 * a table beside it. The result is trusted markup built by this function alone: mark it safe only here.
 */
export function renderChartSvg(option: echarts.EChartsOption, text: ChartText): string {
  const width = text.width ?? 640;
  const height = text.height ?? 360;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: chartColours,
      textStyle: { fontFamily: 'arial, sans-serif', fontSize: 14, color: '#0b0c0c' },
      aria: { enabled: false },
      ...option,
    });
    // The hover styles ECharts embeds need no JavaScript but would break the Content Security Policy.
    const svg = chart.renderToSVGString().replace(/<style[\s\S]*?<\/style>/g, '');
    const id = `chart-${Math.random().toString(36).slice(2, 10)}`;
    return svg.replace(
      /^<svg([^>]*)>/,
      `<svg$1 role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false"><title id="${id}-title">${escapeXml(text.title)}</title><desc id="${id}-desc">${escapeXml(text.description)}</desc>`,
    );
  } finally {
    chart.dispose();
  }
}
