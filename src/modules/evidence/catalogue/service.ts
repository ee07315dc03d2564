/**
 * The evidence pages' service: an indicator for an area against a benchmark and its comparator group, an
 * area's profile of every indicator for a period, and the ward hotspot map. Read-only; evidence is public
 * statistics, so any signed-in user may read it. Analysts (see queries.isAnalyst) may also see the figures
 * that the published view suppresses.
 */
import type { Db } from '../../db/database.js';
import { AppError, notFound, ValidationError } from '../../lib/errors.js';
import { parsePeriod, PeriodError } from '../../lib/periods.js';
import type { Actor } from '../access/actor.js';
import { comparatorChart, trendChart } from './charts.js';
import { changeBetween, compare, figureOf, sameTimeLastYear, unitLabel, type Figure } from './figures.js';
import { renderWardMap } from './map.js';
import {
  isAnalyst,
  listAreasWithFigures,
  listGroupsFor,
  listMappableAuthorities,
  listPeriodsForArea,
  listPoliceMonths,
  listWardBoundaries,
} from './queries.js';
import { countPoliceRecordsByWard, getArea, getIndicator, listIndicators, listObservations, listPeriodsOf } from './repository.js';
import { policeUkCrimeTypes, type Indicator, type PoliceUkCrimeSlug } from './schema.js';
import { describeTrend, rankWithinGroup, recentTrend, suppressGroup, type TrendResult } from './statistics/index.js';

export const ENGLAND = 'E92000001';
export const DEFAULT_AREA = 'E22000120'; // Southampton CSP
export const DEFAULT_MAP_AREA = 'E06000045'; // Southampton (local authority)

export type View = 'published' | 'analyst';

function checkPeriod(value: string, field = 'period') {
  try {
    return parsePeriod(value).key;
  } catch (e) {
    if (e instanceof PeriodError) throw new ValidationError([{ field, message: e.message }]);
    throw e;
  }
}

const annual = (i: Indicator) => i.periodType === 'financial-year' || i.periodType === 'calendar-year';

/**
 * `smallNumberThreshold` (SAFERHUB_SMALL_NUMBER_THRESHOLD) applies to indicators that set no threshold of
 * their own, and to the ward map.
 */
export function createEvidenceReportService(db: Db, settings: { smallNumberThreshold: number }) {
  /** The view a user gets: analysts may ask for all figures; everyone else sees the published view. */
  async function viewFor(actor: Actor, asked: string | undefined): Promise<{ view: View; canChooseView: boolean }> {
    const canChooseView = actor.isAdmin || (actor.userId !== null && (await isAnalyst(db, actor.userId)));
    return { view: canChooseView && asked === 'analyst' ? 'analyst' : 'published', canChooseView };
  }

  /** Downloads follow the same rule as the pages: analysts get every figure, everyone else the published ones. */
  async function exportOptions(actor: Actor) {
    const { canChooseView } = await viewFor(actor, 'analyst');
    return canChooseView ? {} : { published: { defaultThreshold: settings.smallNumberThreshold } };
  }

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
    viewFor,
    exportOptions,

    async overview() {
      const indicators = (await listIndicators(db)).map(withThreshold);
      return { indicators: indicators.map((i) => ({ ...i, unitLabel: unitLabel(i) })) };
    },

    async indicatorPage(actor: Actor, key: string, query: { area?: string; period?: string; benchmark?: string; view?: string }) {
      const indicator = await requireIndicator(key);
      const { view, canChooseView } = await viewFor(actor, query.view);
      const published = view === 'published';
      const periods = await listPeriodsOf(db, key);
      const period = query.period ? checkPeriod(query.period) : periods[0];
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
      };
    },

    async areaProfile(actor: Actor, code: string, query: { period?: string; benchmark?: string; view?: string }) {
      const area = await requireArea(code);
      const { view, canChooseView } = await viewFor(actor, query.view);
      const published = view === 'published';
      const periods = await listPeriodsForArea(db, code);
      const annualPeriods = periods.filter((p) => p.periodType === 'financial-year' || p.periodType === 'calendar-year');
      const period = query.period ? checkPeriod(query.period) : (annualPeriods[0] ?? periods[0])?.period;
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
      return { area, view, canChooseView, period, periods, benchmarkArea, rows };
    },

    async hotspotMap(actor: Actor, query: { area?: string; crime?: string; from?: string; to?: string; view?: string }) {
      const { view, canChooseView } = await viewFor(actor, query.view);
      const published = view === 'published';
      const authorities = await listMappableAuthorities(db);
      const area = await requireArea(query.area ?? DEFAULT_MAP_AREA);
      if (area.type !== 'local-authority')
        throw new ValidationError([{ field: 'area', message: 'Choose a local authority for the ward map' }]);
      const crime = (query.crime ?? 'all-crime') as PoliceUkCrimeSlug | 'all-crime';
      const crimeName = crime === 'all-crime' ? 'All crime' : policeUkCrimeTypes.find((c) => c.slug === crime)?.name;
      if (!crimeName) throw new ValidationError([{ field: 'crime', message: `"${crime}" is not a police.uk crime type` }]);
      const months = await listPoliceMonths(db);
      const month = (value: string | undefined, fallback: string | undefined, field: string) => {
        if (!value) return fallback;
        const key = checkPeriod(value, field);
        if (parsePeriod(key).type !== 'month')
          throw new ValidationError([{ field, message: `Write the month as 2017-05, not "${value}"` }]);
        return key;
      };
      const to = month(query.to, months[0], 'to');
      const from = month(query.from, months[months.length - 1], 'from');
      if (!from || !to) throw new AppError('not_found', 'There are no police.uk street records to map yet');
      if (from > to) throw new ValidationError([{ field: 'from', message: 'The first month must not be after the last month' }]);

      const boundaries = await listWardBoundaries(db, area.code);
      if (!boundaries.length) throw new AppError('not_found', `There are no ward boundaries for ${area.name}`);
      const counts = await countPoliceRecordsByWard(db, {
        slug: crime,
        fromMonth: from,
        toMonth: to,
        localAuthorityCode: area.code,
      });
      const threshold = settings.smallNumberThreshold;
      const cells = boundaries.map((b) => ({ key: b.code, count: counts.find((c) => c.wardCode === b.code)?.count ?? 0 }));
      const s = suppressGroup(cells, threshold);
      const total = cells.reduce((sum, c) => sum + c.count, 0);
      const wards = boundaries.map((b, i) => ({
        code: b.code,
        name: b.name,
        geometry: b.geometry,
        count: published && s.cells[i]!.suppressed ? null : cells[i]!.count,
        suppressedReason: published ? s.cells[i]!.suppressed : null,
      }));
      const periodText = from === to ? parsePeriod(from).label : `${parsePeriod(from).label} to ${parsePeriod(to).label}`;
      const top = [...wards].filter((w) => w.count !== null).sort((a, b) => b.count! - a.count!)[0];
      const map = renderWardMap(wards, {
        title: `${crimeName}: police.uk street-level records by ward, ${area.name}, ${periodText}`,
        description:
          `Map of the ${wards.length} wards of ${area.name}, shaded and patterned by the number of records` +
          (top ? `; the most is ${top.count!.toLocaleString('en-GB')} in ${top.name}` : '') +
          '. The same figures are in the table below the map.',
      });
      return {
        view,
        canChooseView,
        area,
        authorities,
        crime,
        crimeName,
        crimeTypes: policeUkCrimeTypes,
        months,
        from,
        to,
        periodText,
        wards: [...wards]
          .sort((a, b) => (b.count ?? -1) - (a.count ?? -1) || a.name.localeCompare(b.name))
          .map((w) => ({ ...w, band: map.classOf(w.count) })),
        total: published && s.totalSuppressed ? null : total,
        threshold,
        map,
      };
    },
  };
}

export type EvidenceReportService = ReturnType<typeof createEvidenceReportService>;
