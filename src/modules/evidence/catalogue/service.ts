/**
 * The catalogue's service: the indicator list, an indicator for an area against a benchmark and its
 * comparator group, and an area's profile of every indicator for a period. Read-only; evidence is public
 * statistics, so any signed-in user may read it. Which figures they see is the page's view (`viewFor`, by
 * the rules in policy.ts): analysts may also see the figures that the published view suppresses.
 */
import type { Db } from '../../../db/database.js';
import { AppError, notFound } from '../../../lib/errors.js';
import { parsePeriod } from '../../../lib/periods.js';
import type { Actor } from '../../access/index.js';
import { periodKey } from '../inputs.js';
import type { FiguresView } from '../policy.js';
import { unitLabel } from '../presenters.js';
import { companionRateKey, countKeyOfRate, type Indicator } from '../schema.js';
import { describeTrend, rankWithinGroup, recentTrend, suppressGroup, type TrendResult } from '../statistics/index.js';
import { comparatorChart, trendChart } from './charts.js';
import { changeBetween, compare, defaultProfilePeriod, figureOf, sameTimeLastYear, type Figure } from './figures.js';
import {
  getArea,
  getIndicator,
  listAncestorsWithFigures,
  listAreasWithFigures,
  listChildrenWithFigures,
  listGroupsFor,
  listIndicators,
  listObservations,
  listPeriodsForArea,
  listPeriodsOf,
} from './repository.js';

export const ENGLAND = 'E92000001';
export const DEFAULT_AREA = 'E22000120'; // Southampton CSP

/** The view a page shows the actor, and whether they may switch it (see policy.ts). */
export type ViewFor = (actor: Actor, asked: string | undefined) => Promise<{ view: FiguresView; canChooseView: boolean }>;

const annual = (i: Indicator) => i.periodType === 'financial-year' || i.periodType === 'calendar-year';

/**
 * `smallNumberThreshold` (SAFERHUB_SMALL_NUMBER_THRESHOLD) applies to indicators that set no threshold of
 * their own.
 */
export function createCatalogueService(db: Db, settings: { smallNumberThreshold: number }, viewFor: ViewFor) {
  /** The indicator with the threshold that applies to it: its own, else the service-wide one. */
  const withThreshold = (i: Indicator): Indicator => ({
    ...i,
    smallNumberThreshold: i.smallNumberThreshold || settings.smallNumberThreshold,
  });

  async function requireIndicator(key: string) {
    const indicator = await getIndicator(db, key);
    if (!indicator) throw notFound('Indicator');
    return withThreshold(indicator);
  }

  async function requireArea(code: string) {
    const area = await getArea(db, code);
    if (!area) throw notFound('Area');
    return area;
  }

  function trendOf(indicator: Indicator, series: Figure[]): TrendResult {
    if (!annual(indicator)) return { direction: 'cannot-be-calculated', statistic: null, judgement: null };
    const kind = indicator.unit === 'proportion' ? 'proportion' : 'rate';
    // Counts with no denominator are tested as Poisson counts over equal exposure.
    return recentTrend(
      series.map((f) => ({ numerator: f.numerator, denominator: f.denominator ?? 1 })),
      kind,
      indicator.polarity,
    );
  }

  return {
    /** What the "How the figures are worked out" page needs: the service-wide small-number threshold. */
    methods: () => ({ threshold: settings.smallNumberThreshold }),

    async overview() {
      const indicators = (await listIndicators(db)).map(withThreshold);
      return { indicators: indicators.map((i) => ({ ...i, unitLabel: unitLabel(i) })) };
    },

    async indicatorPage(actor: Actor, key: string, query: { area?: string; period?: string; benchmark?: string; view?: string }) {
      const indicator = await requireIndicator(key);
      const { view, canChooseView } = await viewFor(actor, query.view);
      const published = view === 'published';
      const periods = await listPeriodsOf(db, key);
      const period = query.period ? periodKey(query.period) : periods[0];
      if (!period) throw new AppError('not_found', `There are no figures for ${indicator.name} yet`);
      if (!periods.includes(period)) throw new AppError('not_found', `There are no figures for ${indicator.name} in ${period}`);
      const areas = await listAreasWithFigures(db, key);
      const areaCode =
        query.area ?? (areas.some((a) => a.code === DEFAULT_AREA) ? DEFAULT_AREA : areas.find((a) => a.type !== 'country')?.code);
      const area = await requireArea(areaCode ?? DEFAULT_AREA);
      const benchmarkCode = query.benchmark ?? ENGLAND;
      const benchmarkArea = await getArea(db, benchmarkCode);
      if (!benchmarkArea) throw notFound('Benchmark area');

      const groups = await listGroupsFor(db, area.code);
      const memberCodes = [...new Set(groups.flatMap((g) => g.members.map((m) => m.code)))];
      const codes = [...new Set([area.code, benchmarkCode, ...memberCodes])];
      const rows = await listObservations(db, { indicatorKeys: [key], areaCodes: codes });
      const figures = rows.map((r) => figureOf(indicator, r, published));
      const at = (code: string, p: string) => figures.find((f) => f.areaCode === code && f.period === p) ?? null;

      const current = at(area.code, period);
      const benchmark = at(benchmarkCode, period);
      const previous = at(area.code, sameTimeLastYear(period));

      // Comparator group, ranked; in the published view a small count is hidden along with a second one
      // when the group's total is shown (so it cannot be recovered by subtraction).
      const group = groups[0] ?? null;
      let comparators: (Figure & { rank: number | null; of: number; comparison: ReturnType<typeof compare>; selected: boolean })[] = [];
      if (group) {
        let members = group.members.map((m) => at(m.code, period)).filter((f): f is Figure => f !== null);
        if (published && indicator.unit === 'count') {
          const s = suppressGroup(
            members.map((m) => ({ key: m.areaCode, count: m.numerator })),
            indicator.smallNumberThreshold,
          );
          members = members.map((m, i) => ({ ...m, suppressed: s.cells[i]!.suppressed }));
        }
        const ranked = rankWithinGroup(members, (m) => (m.suppressed ? null : m.value));
        comparators = members
          .map((m) => {
            const r = ranked.find((x) => x.item.areaCode === m.areaCode);
            return {
              ...m,
              rank: r?.rank ?? null,
              of: ranked.length,
              comparison: compare(indicator, m, benchmark),
              selected: m.areaCode === area.code,
            };
          })
          .sort((a, b) => (a.rank ?? 999) - (b.rank ?? 999));
      }

      const series = figures
        .filter((f) => f.areaCode === area.code)
        .sort((a, b) => parsePeriod(a.period).start.localeCompare(parsePeriod(b.period).start));
      const benchmarkSeries = figures.filter((f) => f.areaCode === benchmarkCode);
      const trend = trendOf(
        indicator,
        series.filter((f) => !f.suppressed || !published),
      );
      const unit = unitLabel(indicator);
      // A count's companion rate per 1,000 residents (police.uk, Home Office), or the rate's count.
      const other = await getIndicator(db, countKeyOfRate(key) ?? companionRateKey(key));
      const companion = other ? { key: other.key, name: other.name, unitLabel: unitLabel(other) } : null;
      const shown = comparators.filter((c) => !c.suppressed && c.value !== null);
      const chartGroup = shown.length
        ? comparatorChart(
            shown.map((c) => ({
              name: c.areaName,
              value: c.value!,
              lower: c.ci95?.lower ?? null,
              upper: c.ci95?.upper ?? null,
              selected: c.selected,
            })),
            benchmark && !benchmark.suppressed && benchmark.value !== null ? { name: benchmark.areaName, value: benchmark.value } : null,
            { title: `${indicator.name}: ${group!.name}, ${period}`, unit },
          )
        : null;
      const chartTrend =
        series.length > 1
          ? trendChart(
              series.map((f) => ({
                period: f.period,
                value: f.suppressed ? null : f.value,
                lower: f.suppressed ? null : (f.ci95?.lower ?? null),
                upper: f.suppressed ? null : (f.ci95?.upper ?? null),
              })),
              benchmarkSeries.length
                ? benchmarkSeries.map((f) => ({ period: f.period, value: f.suppressed ? null : f.value, lower: null, upper: null }))
                : null,
              {
                title: `${indicator.name}: ${area.name}, ${series[0]!.period} to ${series[series.length - 1]!.period}`,
                unit,
                area: area.name,
                benchmarkName: benchmarkArea.name,
              },
            )
          : null;
      return {
        indicator,
        unit,
        view,
        canChooseView,
        period,
        periods,
        area,
        areas,
        benchmarkArea,
        current,
        benchmark,
        previous,
        yearChange: changeBetween(current, previous),
        comparison: current ? compare(indicator, current, benchmark) : null,
        group,
        comparators,
        series,
        trend,
        trendText: describeTrend(trend),
        chartGroup,
        chartTrend,
        companion,
      };
    },

    async areaProfile(actor: Actor, code: string, query: { period?: string; benchmark?: string; view?: string }) {
      const area = await requireArea(code);
      const { view, canChooseView } = await viewFor(actor, query.view);
      const published = view === 'published';
      const periods = await listPeriodsForArea(db, code);
      const period = query.period ? periodKey(query.period) : defaultProfilePeriod(periods)?.period;
      if (!period) throw new AppError('not_found', `There are no figures for ${area.name} yet`);
      if (!periods.some((p) => p.period === period)) throw new AppError('not_found', `There are no figures for ${area.name} in ${period}`);
      const benchmarkCode = query.benchmark ?? ENGLAND;
      const benchmarkArea = await getArea(db, benchmarkCode);
      if (!benchmarkArea) throw notFound('Benchmark area');

      const indicators = (await listIndicators(db)).map(withThreshold);
      const here = await listObservations(db, { areaCodes: [code, benchmarkCode] });
      const rows = [];
      for (const indicator of indicators) {
        const mine = here.filter((o) => o.indicatorKey === indicator.key && o.areaCode === code);
        const now = mine.find((o) => o.period === period);
        if (!now) continue;
        const fig = figureOf(indicator, now, published);
        const prevRow = mine.find((o) => o.period === sameTimeLastYear(period));
        const prev = prevRow ? figureOf(indicator, prevRow, published) : null;
        const benchRow = here.find((o) => o.indicatorKey === indicator.key && o.areaCode === benchmarkCode && o.period === period);
        const bench = benchRow ? figureOf(indicator, benchRow, published) : null;
        const series = mine
          .filter(
            (o) => parsePeriod(o.period).type === parsePeriod(period).type && parsePeriod(o.period).start <= parsePeriod(period).start,
          )
          .map((o) => figureOf(indicator, o, published));
        const trend = trendOf(indicator, series);
        rows.push({
          indicator,
          unit: unitLabel(indicator),
          figure: fig,
          benchmark: bench,
          yearChange: changeBetween(fig, prev),
          comparison: compare(indicator, fig, bench),
          trend,
          trendText: describeTrend(trend),
        });
      }
      // The areas above and below it, to move up and down the geography.
      const ancestors = await listAncestorsWithFigures(db, code);
      const children = await listChildrenWithFigures(db, code);
      return { area, view, canChooseView, period, periods, benchmarkArea, rows, ancestors, children };
    },
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
export type IndicatorPage = Awaited<ReturnType<CatalogueService['indicatorPage']>>;
export type AreaProfile = Awaited<ReturnType<CatalogueService['areaProfile']>>;
