/**
 * The annual review for scrutiny (seed 004's shape), for a partnership and a financial year, built from the
 * partnership's own records: the recorded crime rate against England and the comparator group, the offence
 * table with both years and the change worked out from the counts, trends, the ward hotspot map, survey
 * measures, other measures against England, plan progress, the scorecard (when the plans module offers
 * it) and the data sources. Figures are never typed: only the narrative sections are written by people.
 */
import { AppError } from '../../../lib/errors.js';
import { financialYearKey, parsePeriod } from '../../../lib/periods.js';
import { systemActor } from '../../access/index.js';
import type { Block, Section, Table } from '../model.js';
import { figureText, oneDecimal, percentChange, whole } from '../presenters.js';
import { narrativeBlock, svgDescription, svgSize, type BuildContext } from './context.js';

const HEADLINE_RATE = 'ho:recorded-crime-excluding-fraud-rate';

type Profile = Awaited<ReturnType<BuildContext['evidence']['areaProfile']>>;
type ProfileRow = Profile['rows'][number];
type IndicatorPage = Awaited<ReturnType<BuildContext['evidence']['indicatorPage']>>;

/** A read that may find nothing for the period: null instead of the "no figures" error. */
async function maybe<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

function figureBlock(kind: 'chart' | 'map', caption: string, svg: string, table: Table): Block {
  return { type: 'figure', kind, caption, svg, alt: svgDescription(svg, caption), ...svgSize(svg), table };
}

const comparisonWords = (c: string | null | undefined) =>
  c === 'higher' ? 'significantly higher than' : c === 'lower' ? 'significantly lower than' : 'not significantly different from';

export async function buildAnnualReview(ctx: BuildContext, periodKey: string): Promise<Section[]> {
  const period = parsePeriod(periodKey);
  const areaCode = ctx.partnership.areaCode;
  if (!areaCode)
    throw new AppError(
      'not_found',
      `${ctx.partnership.name} has no area code, so no figures can be found for it: add its ONS code on the partnership’s page`,
    );
  const view = ctx.view;
  const fyEnd = Number(period.key.slice(0, 4)) + 1;
  const previousYear = financialYearKey(Number(period.key.slice(0, 4)) - 1);

  const [thisYear, lastYear, survey, surveyBefore, startYear] = await Promise.all([
    maybe(() => ctx.evidence.areaProfile(systemActor, areaCode, { period: period.key, view })),
    maybe(() => ctx.evidence.areaProfile(systemActor, areaCode, { period: previousYear, view })),
    maybe(() => ctx.evidence.areaProfile(systemActor, areaCode, { period: String(fyEnd), view })),
    maybe(() => ctx.evidence.areaProfile(systemActor, areaCode, { period: String(fyEnd - 2), view })),
    maybe(() => ctx.evidence.areaProfile(systemActor, areaCode, { period: String(fyEnd - 1), view })),
  ]);
  if (!thisYear)
    throw new AppError(
      'not_found',
      `There are no figures for ${ctx.partnership.name} (${areaCode}) in ${period.label}: import the year’s recorded crime and other measures first`,
    );
  const use = (key: string) => ctx.usedIndicators.add(key);

  // Headline: the recorded crime rate against England and the comparator group.
  const headline = await maybe(() => ctx.evidence.indicatorPage(systemActor, HEADLINE_RATE, { area: areaCode, period: period.key, view }));
  const sections: Section[] = [];
  const summary: Block[] = [narrativeBlock(ctx, 'introduction', 'Introduction')];
  const crime: Block[] = [];
  if (headline?.current && headline.current.value !== null) {
    use(HEADLINE_RATE);
    const rate = oneDecimal(headline.current.value);
    const england = headline.benchmark?.value != null ? oneDecimal(headline.benchmark.value) : null;
    const me = headline.comparators.find((c) => c.selected);
    const sentence =
      `In ${period.label} the recorded crime rate (excluding fraud) in ${headline.area.name} was ${rate} crimes per 1,000 residents` +
      (england ? `, ${comparisonWords(headline.comparison?.comparison95)} England (${england} per 1,000) at the 95% level` : '') +
      (me?.rank
        ? `. It was ${me.rank === 1 ? 'the highest' : `number ${me.rank} from the highest`} of the ${me.of} partnerships in ${headline.group?.name ?? 'its comparator group'}.`
        : '.');
    summary.push({ type: 'paragraph', text: sentence });
    crime.push({ type: 'paragraph', text: sentence });
    if (headline.chartGroup && headline.comparators.length) {
      crime.push(
        figureBlock(
          'chart',
          `${headline.indicator.name}: ${headline.group?.name ?? 'comparator group'}, ${period.label}`,
          headline.chartGroup,
          {
            caption: `${headline.indicator.name}, ${period.label}: ${headline.area.name}, England and the comparator group, ranked`,
            head: ['Area', 'Rank', 'Rate per 1,000', '95% lower limit', '95% upper limit', 'Compared with England'],
            numeric: [false, true, true, true, true, false],
            rows: [
              ...(headline.benchmark
                ? [
                    [
                      headline.benchmark.areaName,
                      '–',
                      figureText(headline.benchmark.value, headline.benchmark.suppressed),
                      '–',
                      '–',
                      'Benchmark',
                    ],
                  ]
                : []),
              ...headline.comparators.map((c) => [
                c.areaName,
                c.rank === null ? '–' : String(c.rank),
                figureText(c.value, c.suppressed),
                figureText(c.ci95?.lower, c.suppressed),
                figureText(c.ci95?.upper, c.suppressed),
                c.comparison.comparison95 === 'higher'
                  ? 'Higher'
                  : c.comparison.comparison95 === 'lower'
                    ? 'Lower'
                    : c.comparison.comparison95
                      ? 'Similar'
                      : '–',
              ]),
            ],
            note: `Source: ${headline.indicator.source}`,
          },
        ),
      );
    }
  } else {
    crime.push({
      type: 'paragraph',
      text: `The recorded crime rate for ${period.label} is missing: import ${HEADLINE_RATE} for ${areaCode}.`,
    });
  }
  summary.push(narrativeBlock(ctx, 'recommendations', 'Recommendations'));
  sections.push({ id: 'summary', title: 'Summary', blocks: summary });
  sections.push({ id: 'recorded-crime', title: 'Recorded crime compared with England and similar partnerships', blocks: crime });

  // §11: counts by type, both years, change worked out from the counts.
  const counts = thisYear.rows.filter((r) => r.indicator.unit === 'count');
  const before = new Map((lastYear?.rows ?? []).map((r) => [r.indicator.key, r]));
  counts.forEach((r) => use(r.indicator.key));
  sections.push({
    id: 'offences',
    title: 'Offences and other counts by type',
    blocks: counts.length
      ? [
          {
            type: 'table',
            table: {
              caption: `Recorded offences and other counts by type, ${headline?.area.name ?? ctx.partnership.name}: ${previousYear} and ${period.label}`,
              head: ['Offence type', previousYear, period.label, `Change ${previousYear} to ${period.label}`],
              numeric: [false, true, true, true],
              rows: counts.map((r) => {
                const prev = before.get(r.indicator.key);
                return [
                  r.indicator.name,
                  prev ? figureText(prev.figure.numerator, prev.figure.suppressed, 0) : '–',
                  figureText(r.figure.numerator, r.figure.suppressed, 0),
                  prev && !prev.figure.suppressed && !r.figure.suppressed
                    ? percentChange(prev.figure.numerator > 0 ? (r.figure.numerator - prev.figure.numerator) / prev.figure.numerator : null)
                    : '–',
                ];
              }),
              note:
                'Change = (this year − last year) ÷ last year, worked out from the counts. Sources: ' +
                [...new Set(counts.map((r) => r.indicator.source))].join('; '),
            },
          },
        ]
      : [{ type: 'paragraph', text: `No counts by offence type are held for ${period.label}.` }],
  });

  // Trends: every rate or proportion held for at least three years up to this one.
  const trendBlocks: Block[] = [];
  for (const r of thisYear.rows.filter((x) => x.indicator.unit !== 'count' && x.indicator.key !== HEADLINE_RATE)) {
    const page = await maybe(() => ctx.evidence.indicatorPage(systemActor, r.indicator.key, { area: areaCode, period: period.key, view }));
    const series = page?.series.filter((f) => parsePeriod(f.period).start <= period.start) ?? [];
    if (!page?.chartTrend || series.length < 3) continue;
    use(r.indicator.key);
    trendBlocks.push(trendFigure(page, series));
  }
  sections.push({
    id: 'trends',
    title: 'Trends',
    blocks: trendBlocks.length
      ? trendBlocks
      : [{ type: 'paragraph', text: `No measure is held for three or more years up to ${period.label}.` }],
  });

  sections.push({ id: 'hotspots', title: 'Where crime happens: ward hotspots', blocks: await hotspotBlocks(ctx, period) });

  // Survey measures: the calendar year the financial year ends in, beside the survey two years before.
  const surveyRows = (survey?.rows ?? []).filter((r) => r.indicator.unit === 'proportion');
  const earlier = new Map((surveyBefore?.rows ?? []).map((r) => [r.indicator.key, r]));
  surveyRows.forEach((r) => use(r.indicator.key));
  sections.push({
    id: 'survey',
    title: 'What residents say',
    blocks: surveyRows.length
      ? [
          {
            type: 'table',
            table: {
              caption: `Resident survey measures, ${fyEnd} (with ${fyEnd - 2} and England where held)`,
              head: ['Measure', `${fyEnd} (%)`, `${fyEnd - 2} (%)`, 'England (%)', 'Compared with England'],
              numeric: [false, true, true, true, false],
              rows: surveyRows.map((r) => {
                const e = earlier.get(r.indicator.key);
                return [
                  r.indicator.name,
                  figureText(r.figure.value, r.figure.suppressed),
                  e ? figureText(e.figure.value, e.figure.suppressed) : '–',
                  r.benchmark ? figureText(r.benchmark.value, r.benchmark.suppressed) : '–',
                  r.comparison.label === 'Not compared' ? '–' : r.comparison.label,
                ];
              }),
              note: 'Sources: ' + [...new Set(surveyRows.map((r) => r.indicator.source))].join('; '),
            },
          },
        ]
      : [{ type: 'paragraph', text: `No resident survey measures are held for ${fyEnd}.` }],
  });

  // Other measures against England: rates and proportions of the year (and annual rates of the calendar year).
  const others: ProfileRow[] = [
    ...thisYear.rows.filter((r) => r.indicator.unit !== 'count' && r.indicator.key !== HEADLINE_RATE),
    // Rates over calendar years: the year the financial year starts in, and the one it ends in.
    ...(startYear?.rows ?? []).filter((r) => r.indicator.unit === 'rate'),
    ...(survey?.rows ?? []).filter((r) => r.indicator.unit === 'rate'),
  ];
  others.forEach((r) => use(r.indicator.key));
  sections.push({
    id: 'measures',
    title: 'Other measures compared with England',
    blocks: others.length
      ? [
          {
            type: 'table',
            table: {
              caption: `Other measures, ${headline?.area.name ?? ctx.partnership.name} and England`,
              head: ['Measure', 'Period', 'Value', 'England', 'Compared with England (99.8%)'],
              numeric: [false, false, true, true, false],
              rows: others.map((r) => [
                r.indicator.name,
                r.figure.period,
                figureText(r.figure.value, r.figure.suppressed) + (r.indicator.unit === 'proportion' ? '%' : ''),
                r.benchmark ? figureText(r.benchmark.value, r.benchmark.suppressed) + (r.indicator.unit === 'proportion' ? '%' : '') : '–',
                r.comparison.label === 'Not compared' ? '–' : r.comparison.label,
              ]),
              note: 'Sources: ' + [...new Set(others.map((r) => r.indicator.source))].join('; '),
            },
          },
        ]
      : [{ type: 'paragraph', text: `No other measures are held for ${period.label}.` }],
  });

  sections.push({
    id: 'plan-progress',
    title: 'Progress against the plan',
    blocks: await planProgressBlocks(ctx, Number(period.key.slice(0, 4))),
  });
  return sections;
}

function trendFigure(page: IndicatorPage, series: IndicatorPage['series']): Block {
  const percent = page.indicator.unit === 'proportion';
  return figureBlock(
    'chart',
    `${page.indicator.name}: ${page.area.name}, ${series[0]!.period} to ${series[series.length - 1]!.period}`,
    page.chartTrend!,
    {
      caption: `${page.indicator.name}, ${page.area.name}, by year`,
      head: ['Year', percent ? 'Percentage' : page.unit, 'Number', '95% lower limit', '95% upper limit'],
      numeric: [false, true, true, true, true],
      rows: series.map((f) => [
        f.period,
        figureText(f.value, f.suppressed),
        figureText(f.numerator, f.suppressed, 0),
        figureText(f.ci95?.lower, f.suppressed),
        figureText(f.ci95?.upper, f.suppressed),
      ]),
      note: `Source: ${page.indicator.source}`,
    },
  );
}

/** The ward map of the leading police.uk crime types in the year's months held. */
async function hotspotBlocks(ctx: BuildContext, period: ReturnType<typeof parsePeriod>): Promise<Block[]> {
  const view = ctx.view;
  // What the default map would be drawn from (the months held, the authorities with ward boundaries), without
  // counting its records: those are counted once, for every crime type, over the year's months below.
  const first = await maybe(() => ctx.evidence.hotspotMapChoices(systemActor, { view }));
  if (!first)
    return [{ type: 'paragraph', text: 'No police.uk street-level records or ward boundaries are held, so there is no ward map.' }];
  const authority =
    first.authorities.find((a) => a.name === ctx.partnership.areaName) ?? first.authorities.find((a) => a.name === first.area.name);
  const months = first.months.filter((m) => m >= period.start.slice(0, 7) && m <= period.end.slice(0, 7)).sort();
  if (!authority || !months.length)
    return [
      {
        type: 'paragraph',
        text: `No police.uk street-level records for ${ctx.partnership.areaName ?? ctx.partnership.name} in ${period.label} are held, so there is no ward map: import the year’s police.uk months.`,
      },
    ];
  const from = months[0]!;
  const to = months[months.length - 1]!;
  const maps = await ctx.evidence.hotspotMapsByCrimeType(systemActor, { area: authority.code, from, to, view });
  const totals = maps.map((map) => ({ name: map.crimeName, total: map.wards.reduce((s, w) => s + (w.count ?? 0), 0), map }));
  totals.sort((a, b) => b.total - a.total);
  const leading = totals.slice(0, 2).filter((t) => t.total > 0);
  const blocks: Block[] = [
    {
      type: 'paragraph',
      text: `police.uk street-level records held for ${authority.name} cover ${leading[0]?.map.periodText ?? from}. The maps show the two leading crime types by ward; the table after each map gives the same figures.`,
    },
    {
      type: 'table',
      table: {
        caption: `police.uk street-level records by crime type, ${authority.name}, ${leading[0]?.map.periodText ?? ''}`,
        head: ['Crime type', 'Records'],
        numeric: [false, true],
        rows: totals.map((t) => [t.name, whole(t.total)]),
        note: 'Source: police.uk street-level crime, Open Government Licence v3.0',
      },
    },
  ];
  for (const t of leading)
    blocks.push(
      figureBlock('map', `${t.name}: records by ward, ${authority.name}`, t.map.map.svg, {
        caption: `${t.name}: records by ward, ${authority.name}, ${t.map.periodText}`,
        head: ['Ward', 'Records'],
        numeric: [false, true],
        rows: t.map.wards.map((w) => [w.name, w.count === null ? 'suppressed' : whole(w.count)]),
        note: 'Sources: police.uk street-level crime (Open Government Licence v3.0); ward boundaries 2013, Martin Chorley (CC BY 4.0)',
      }),
    );
  return blocks;
}

/** RAG counts by priority and the red and amber actions with their latest narrative, from the plan's latest round. */
async function planProgressBlocks(ctx: BuildContext, startYear: number): Promise<Block[]> {
  const { plans } = await ctx.plans.plans.listPlans(systemActor, ctx.partnership.id);
  const plan =
    plans.find((p) => p.firstYear <= startYear + 1 && p.lastYear >= startYear + 1) ??
    plans.find((p) => p.firstYear <= startYear && p.lastYear >= startYear);
  if (!plan)
    return [{ type: 'paragraph', text: `${ctx.partnership.name} has no plan covering ${financialYearKey(startYear)} or the year after.` }];
  const full = await ctx.plans.plans.getPlan(systemActor, plan.id);
  const round = full.rounds[0];
  if (!round) return [{ type: 'paragraph', text: `${plan.title} has no progress rounds yet, so there is no progress to report.` }];
  const summary = await ctx.plans.progress.ragSummary(systemActor, plan.id, round.periodKey);
  const keys = summary.keys;
  const label = (k: string) =>
    ({ red: 'Red', amber: 'Amber', green: 'Green', complete: 'Complete', 'not-started': 'Not started', 'no-update': 'No update' })[k] ?? k;
  const flagged = summary.rows.filter((r) => r.standing?.rag === 'red' || r.standing?.rag === 'amber');
  return [
    { type: 'paragraph', text: `${plan.title}: the standing of each action at the latest progress round, ${summary.period.label}.` },
    {
      type: 'table',
      table: {
        caption: `Actions by RAG status and priority, ${summary.period.label}`,
        head: ['Priority', ...keys.map(label), 'Actions'],
        numeric: [false, ...keys.map(() => true), true],
        rows: summary.table.map((p) => [`${p.number}. ${p.title}`, ...keys.map((k) => String(p.counts[k])), String(p.total)]),
      },
    },
    flagged.length
      ? {
          type: 'table',
          table: {
            caption: `Red and amber actions, ${summary.period.label}, with their latest update`,
            head: ['Priority', 'Action', 'Lead', 'RAG', 'Latest update'],
            numeric: [true, false, false, false, false],
            rows: flagged.map((r) => [
              String(r.priority.number),
              r.action.text,
              r.leads.map((l) => l.name).join(', ') || '–',
              label(r.standing!.rag),
              r.standing!.narrative,
            ]),
          },
        }
      : { type: 'paragraph', text: 'No action is red or amber.' },
  ];
}
