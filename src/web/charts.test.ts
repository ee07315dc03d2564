import { describe, expect, it } from 'vitest';
import { barChart, chartFont, lineChart, sparkline, stackedBarChart } from './charts.js';
import { buildStylesheet } from './assets.js';
import { svgProblems, svgTexts } from './svg-test-support.js';

const hostile = 'Bad <script>alert("x")</script> & Co';

/** The accessible name and description, found through aria-labelledby as a screen reader would. */
function accessibleText(svg: string) {
  const root = /^<svg[^>]*>/.exec(svg)![0];
  expect(root).toContain('role="img"');
  expect(root).toContain('focusable="false"');
  const [titleId, descId] = /aria-labelledby="([^"]+)"/.exec(root)![1]!.split(' ');
  const inner = (tag: string, id: string) => new RegExp(`<${tag} id="${id}">([^<]*)</${tag}>`).exec(svg)?.[1];
  return { title: inner('title', titleId!), description: inner('desc', descId!) };
}

const comparator = () =>
  barChart({
    title: 'Crime rate: most similar areas, 2016/17',
    description: 'Bars ranked from highest to lowest.',
    bars: [
      { label: 'Portsmouth', value: 97.4, lower: 95.1, upper: 99.8 },
      { label: hostile, value: 84.7, lower: 82, upper: 87.5 },
      { label: 'Southampton', value: 60, lower: 58.2, upper: 61.9, highlight: true },
    ],
    reference: { label: 'England', value: 78.4 },
    axisLabel: 'Crimes per 1,000 people',
  });

describe('charts', () => {
  it('draw a bar chart with its title, description, every label and figure, the benchmark and the chosen area', () => {
    const svg = comparator();
    expect(svgProblems(svg)).toEqual([]);
    expect(accessibleText(svg)).toEqual({
      title: 'Crime rate: most similar areas, 2016/17',
      description: 'Bars ranked from highest to lowest.',
    });
    const texts = svgTexts(svg);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Portsmouth',
        hostile,
        'Southampton (selected)',
        '97.4',
        '84.7',
        '60',
        'England 78.4',
        'Crimes per 1,000 people',
      ]),
    );
    // Drawn in the order given, top to bottom.
    expect(texts.indexOf('Portsmouth')).toBeLessThan(texts.indexOf('Southampton (selected)'));
    // The chosen area is bold and solid, not only a different colour; the key says what each look means.
    expect(svg).toMatch(/<text [^>]*font-weight="bold"[^>]*>Southampton \(selected\)<\/text>/);
    expect(svg).toMatch(/<rect [^>]*fill="#1d70b8" stroke="#0b0c0c"/);
    expect(texts).toEqual(expect.arrayContaining(['Selected area', 'Other areas', '95% confidence interval', 'England']));
    expect(svg).toContain('stroke-dasharray="6 4"');
  });

  it('escape hostile names, and never carry a style element, a script or an event handler', () => {
    const svg = comparator();
    expect(svg).not.toContain('<script');
    expect(svg).toContain('Bad &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    const titled = barChart({ title: hostile, description: hostile, bars: [{ label: 'A', value: 1 }] });
    expect(svgProblems(titled)).toEqual([]);
    expect(accessibleText(titled).title).toBe('Bad &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    for (const chart of [svg, titled]) expect(chart).not.toMatch(/<style|\son\w+=/i);
  });

  it('carry the page’s font as an attribute, which the stylesheet replaces with the page’s own', () => {
    const svg = comparator();
    expect(/^<svg[^>]*>/.exec(svg)![0]).toContain(`font-family="${chartFont}"`);
    expect(svg.match(/font-family=/g)).toHaveLength(1);
    const css = buildStylesheet();
    // The stack GOV.UK Frontend's text classes use once GDS Transport is removed is the one charts carry.
    expect(/\.govuk-body,\.govuk-body-m\{[^}]*font-family:([^;}]+)/.exec(css)?.[1]?.replace(/,\s*/g, ', ')).toBe(chartFont);
    expect(css).toMatch(/\.saferhub-chart-svg \{[^}]*width: 100%;[^}]*font-family: inherit;/);
    expect(css).toMatch(/\.saferhub-chart \{\s*font-family: arial, sans-serif;/);
  });

  it('give the same SVG for the same figures, and different ids to different charts', () => {
    expect(comparator()).toBe(comparator());
    const other = barChart({ title: 'Another', description: 'x', bars: [{ label: 'A', value: 1 }] });
    const id = (svg: string) => /aria-labelledby="([^ ]+)-title/.exec(svg)![1];
    expect(id(other)).not.toBe(id(comparator()));
  });

  it('leave out whiskers and the benchmark when there are none', () => {
    const svg = barChart({
      title: 'Counts',
      description: 'd',
      bars: [
        { label: 'A', value: 3 },
        { label: 'B', value: 0 },
      ],
    });
    expect(svgProblems(svg)).toEqual([]);
    expect(svgTexts(svg)).not.toContain('95% confidence interval');
    expect(svg).not.toContain('stroke-dasharray');
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['A', 'B', '3', '0']));
  });

  it('draw stacked bars with a key, a pattern for each part and the counts written in the segments', () => {
    const svg = stackedBarChart({
      title: 'RAG status of actions by priority',
      description: 'Priority 1: 2 red, 3 amber.',
      categories: [
        { label: 'Priority 1', values: { red: 2, amber: 3, green: 0 } },
        { label: 'Priority 2', values: { red: 0, amber: 1, green: 8 } },
      ],
      series: [
        { key: 'red', label: 'Red (R)', colour: '#d4351c', short: 'R' },
        { key: 'amber', label: 'Amber (A)', colour: '#f47738', short: 'A', pattern: 'diagonal' },
        { key: 'green', label: 'Green (G)', colour: '#00703c', short: 'G', pattern: 'dots' },
      ],
      axisLabel: 'Actions',
    });
    expect(svgProblems(svg)).toEqual([]);
    expect(accessibleText(svg).title).toBe('RAG status of actions by priority');
    expect(svgTexts(svg)).toEqual(
      expect.arrayContaining(['Red (R)', 'Amber (A)', 'Green (G)', 'Priority 1', 'Priority 2', 'R2', 'A3', 'A1', 'G8', 'Actions']),
    );
    // No empty segments, and three different patterns.
    expect(svgTexts(svg)).not.toContain('G0');
    expect(new Set([...svg.matchAll(/<pattern [^>]*>(.*?)<\/pattern>/g)].map((m) => m[1]!.replace(/fill="[^"]*"/g, ''))).size).toBe(3);
  });

  it('draw a trend as lines with markers and figures, a band for the interval and gaps for missing periods', () => {
    const periods = ['2013/14', '2014/15', '2015/16', '2016/17'];
    const svg = lineChart({
      title: 'Trend',
      description: 'Went from 20 to 30.',
      categories: periods,
      series: [
        { label: 'Southampton', values: [20, null, 25.5, 30], colour: '#1d70b8', marker: 'square', showValues: true },
        { label: 'England', values: [19, 20, 21, 22], colour: '#0b0c0c', dashed: true, marker: 'triangle' },
      ],
      band: { label: '95% confidence interval', lower: [18, null, 23, 28], upper: [22, null, 28, 32] },
      axisLabel: 'Per cent',
    });
    expect(svgProblems(svg)).toEqual([]);
    expect(svgTexts(svg)).toEqual(
      expect.arrayContaining([...periods, 'Southampton', 'England', '95% confidence interval', 'Per cent', '20', '25.5', '30']),
    );
    // Southampton's figures are written; England's are not (they are in the table).
    expect(svgTexts(svg)).not.toContain('19');
    // The missing period breaks Southampton's line in two.
    const line = [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="#1d70b8" stroke-width="2.5"/g)][0]![1]!;
    expect(line.match(/M/g)).toHaveLength(2);
    expect(svg).toContain('fill="#d2e2f1"');
  });

  it('leave the figures to the table when there are too many periods to write them', () => {
    const months = Array.from({ length: 48 }, (_v, i) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const svg = lineChart({
      title: 'Monthly',
      description: 'd',
      categories: months,
      series: [{ label: 'Area', values: months.map((_m, i) => 1000 + i * 11.5), colour: '#1d70b8', marker: 'circle', showValues: true }],
    });
    expect(svgProblems(svg)).toEqual([]);
    expect(svgTexts(svg)).not.toContain('1,011.5');
    // Every period has a tick, and the labels are thinned so they do not overlap.
    const labelled = svgTexts(svg).filter((t) => months.includes(t));
    expect(labelled.length).toBeGreaterThan(4);
    expect(labelled.length).toBeLessThan(months.length);
    expect(labelled[0]).toBe('2020-01');
  });

  it('draw a sparkline small enough for a table row, with its own name', () => {
    const svg = sparkline({
      title: 'Trend for Southampton',
      description: 'From 20 in 2013/14 to 30 in 2016/17.',
      values: [20, 22, null, 30],
    });
    expect(svgProblems(svg)).toEqual([]);
    expect(accessibleText(svg)).toEqual({ title: 'Trend for Southampton', description: 'From 20 in 2013/14 to 30 in 2016/17.' });
    expect(svg).toMatch(/^<svg [^>]*width="96" height="24"[^>]*class="saferhub-sparkline"/);
    expect(svg).toContain('<circle');
    const flat = sparkline({ title: 'Flat', description: 'd', values: [5, 5] });
    expect(svgProblems(flat)).toEqual([]);
    expect(flat).not.toContain('NaN');
  });

  it('cope with no figures at all', () => {
    for (const svg of [
      barChart({ title: 'Empty', description: 'No figures.', bars: [] }),
      stackedBarChart({ title: 'Empty', description: 'No figures.', categories: [], series: [] }),
      lineChart({ title: 'Empty', description: 'No figures.', categories: [], series: [] }),
      sparkline({ title: 'Empty', description: 'No figures.', values: [] }),
    ]) {
      expect(svgProblems(svg)).toEqual([]);
      expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    }
  });
});
