/**
 * The evidence pack a strategic assessment reads: for each indicator held for an area, the latest figure
 * (the count, and its companion rate when there is one) with its intervals, the change on the same period a
 * year before and whether it is significant (last year's value outside this year's 95% interval), the
 * comparison with the benchmark, the rank among the area's comparator group, the five-point trend, and for
 * police.uk crime types the wards carrying most of it. Built from the same pages' figures (indicatorPage,
 * hotspotMap), so the pack and the indicator pages always agree; in the published view.
 */
import type { Db } from '../../../db/database.js';
import { parsePeriod } from '../../../lib/periods.js';
import type { Actor } from '../../access/index.js';
import { companionRateKey, countKeyOfRate, policeUkCrimeTypes, type Polarity, type PoliceUkCrimeSlug } from '../schema.js';
import { compareWithBenchmark, judge, suppressGroup, type Judgement } from '../statistics/index.js';
import type { CatalogueService } from './service.js';
import { countPoliceRecordsByWard } from '../maps/repository.js';
import { getArea, getIndicator, listAreas, listObservations, listWardsOf } from './repository.js';

export interface EvidencePackRow {
  key: string;
  name: string;
  unitLabel: string;
  polarity: Polarity;
  source: string | null;
  period: string;
  count: number | null;
  valueKey: string;
  valueUnitLabel: string;
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  lower998: number | null;
  upper998: number | null;
  previousPeriod: string | null;
  previousValue: number | null;
  change: number | null;
  changeSignificance: 'higher' | 'similar' | 'lower' | null;
  changeJudgement: Judgement | null;
  benchmarkName: string | null;
  benchmarkValue: number | null;
  comparison: Judgement | null;
  comparisonLabel: string;
  groupName: string | null;
  rank: number | null;
  of: number | null;
  trendDirection: 'increasing' | 'decreasing' | 'no-significant-change' | 'cannot-be-calculated';
  trendJudgement: 'getting-better' | 'getting-worse' | null;
  trendText: string;
  trendPoints: { period: string; value: number | null }[];
  wards: { code: string; name: string; count: number }[];
  href: string;
}

export interface EvidencePack {
  areaCode: string;
  areaName: string;
  benchmarkCode: string;
  benchmarkName: string | null;
  rows: EvidencePackRow[];
}

const annual = (type: string) => type === 'financial-year' || type === 'calendar-year';
const WARDS_SHOWN = 3;
const PACK_CONCURRENCY = 4;

/** The latest period an area holds for an indicator, preferring annual figures to months and quarters. */
function latestPeriod(rows: { period: string; periodType: string; periodStart: string }[]) {
  const years = rows.filter((r) => annual(r.periodType));
  const pool = years.length ? years : rows;
  return [...pool].sort((a, b) => b.periodStart.localeCompare(a.periodStart))[0]?.period ?? null;
}

export function createPackBuilder(db: Db, settings: { smallNumberThreshold: number }, catalogue: Pick<CatalogueService, 'indicatorPage'>) {
  /**
   * The wards carrying most of a police.uk crime type in the period, counted as the ward map counts them
   * (street-level records by ward), with the map's published-view suppression of small counts.
   */
  async function wardsFor(areaCode: string, slug: PoliceUkCrimeSlug, period: string) {
    const area = await getArea(db, areaCode);
    if (!area) return [];
    const authorities = area.type === 'local-authority' ? [area] : await listAreas(db, { type: 'local-authority', parentCode: areaCode });
    const p = parsePeriod(period);
    const [fromMonth, toMonth] = p.type === 'month' ? [p.key, p.key] : [p.start.slice(0, 7), p.end.slice(0, 7)];
    const wards: EvidencePackRow['wards'] = [];
    for (const la of authorities) {
      const names = await listWardsOf(db, la.code);
      const counts = await countPoliceRecordsByWard(db, { slug, fromMonth, toMonth, localAuthorityCode: la.code });
      const cells = names.map((w) => ({ key: w.code, count: counts.find((c) => c.wardCode === w.code)?.count ?? 0 }));
      const shown = suppressGroup(cells, settings.smallNumberThreshold).cells;
      names.forEach((w, i) => {
        if (!shown[i]!.suppressed && cells[i]!.count > 0) wards.push({ code: w.code, name: w.name, count: cells[i]!.count });
      });
    }
    return wards.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, WARDS_SHOWN);
  }

  /** The indicators an area holds figures of, a count's companion rate riding with its count (as the pack's rows). */
  async function heldIn(areaCode: string) {
    const held = await listObservations(db, { areaCodes: [areaCode] });
    const all = [...new Set(held.map((o) => o.indicatorKey))];
    return {
      held,
      all,
      keys: all.filter((k) => {
        const count = countKeyOfRate(k);
        return !(count && all.includes(count));
      }),
    };
  }

  return {
    /**
     * The indicators a pack for the area can hold (one per row: a count and its companion rate share one), by
     * name, with their source: what an assessment chooses its pack's indicators from.
     */
    async indicatorsHeld(areaCode: string): Promise<{ key: string; name: string; source: string }[]> {
      const { keys } = await heldIn(areaCode);
      const indicators = await Promise.all(keys.map((k) => getIndicator(db, k)));
      return indicators
        .filter((i) => i !== undefined && i !== null)
        .map((i) => ({ key: i.key, name: i.name, source: i.source }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },

    /**
     * The pack for an area against a benchmark: every indicator held for the area (or the ones asked for),
     * one row per indicator (a count and its companion rate share a row). Unsorted: the assessment orders it.
     */
    async evidencePack(actor: Actor, options: { areaCode: string; benchmarkCode: string; indicatorKeys?: string[] | null }) {
      const area = await getArea(db, options.areaCode);
      const benchmark = await getArea(db, options.benchmarkCode);
      // A companion rate rides with its count; it has a row of its own only when its count is not held.
      const { held, all: heldKeys, keys: rowKeys } = await heldIn(options.areaCode);
      let keys = rowKeys;
      if (options.indicatorKeys) keys = keys.filter((k) => options.indicatorKeys!.includes(k));
      const rows: EvidencePackRow[] = [];
      /** One indicator's row (none when it has no figure for the area). */
      const rowFor = async (key: string) => {
        const indicator = await getIndicator(db, key);
        if (!indicator) return;
        const period = latestPeriod(held.filter((o) => o.indicatorKey === key).map((o) => ({ ...o, periodStart: String(o.periodStart) })));
        if (!period) return;
        const query = { area: options.areaCode, period, benchmark: options.benchmarkCode };
        const page = await catalogue.indicatorPage(actor, key, query);
        const rateKey = companionRateKey(key);
        let valuePage = page;
        if (heldKeys.includes(rateKey)) {
          try {
            const ratePage = await catalogue.indicatorPage(actor, rateKey, query);
            if (ratePage.current) valuePage = ratePage;
          } catch {
            // The rate has no figure for this period: the count stands alone.
          }
        }
        const cur = valuePage.current;
        const prev = valuePage.previous;
        // This year's 95% interval against last year's value: above it is a significant rise, below a fall.
        const direction = cur?.ci95 && prev?.value != null && !cur.suppressed ? compareWithBenchmark(cur.ci95, prev.value) : null;
        const mine = valuePage.comparators.find((c) => c.selected);
        const crimeType = policeUkCrimeTypes.find((c) => key === `police-uk:${c.slug}`);
        rows.push({
          key,
          name: indicator.name,
          unitLabel: page.unit,
          polarity: indicator.polarity,
          source: indicator.source || null,
          period,
          count: page.current && !page.current.suppressed ? page.current.numerator : null,
          valueKey: valuePage.indicator.key,
          valueUnitLabel: valuePage.unit,
          value: cur && !cur.suppressed ? cur.value : null,
          lower95: cur?.ci95?.lower ?? null,
          upper95: cur?.ci95?.upper ?? null,
          lower998: cur?.ci998?.lower ?? null,
          upper998: cur?.ci998?.upper ?? null,
          previousPeriod: prev?.period ?? null,
          previousValue: prev && !prev.suppressed ? prev.value : null,
          change: valuePage.yearChange,
          changeSignificance: direction,
          changeJudgement: direction ? judge(direction, indicator.polarity) : null,
          benchmarkName: valuePage.benchmark ? valuePage.benchmarkArea.name : null,
          benchmarkValue: valuePage.benchmark && !valuePage.benchmark.suppressed ? valuePage.benchmark.value : null,
          comparison: valuePage.comparison?.judgement998 ?? null,
          comparisonLabel: valuePage.comparison?.label ?? 'Not compared',
          groupName: valuePage.group?.name ?? null,
          rank: mine?.rank ?? null,
          of: mine ? mine.of : null,
          trendDirection: valuePage.trend.direction,
          trendJudgement: valuePage.trend.judgement,
          trendText: valuePage.trendText,
          trendPoints: valuePage.series
            .filter((f) => parsePeriod(f.period).type === parsePeriod(period).type)
            .slice(-5)
            .map((f) => ({ period: f.period, value: f.suppressed ? null : f.value })),
          wards: crimeType ? await wardsFor(options.areaCode, crimeType.slug, period) : [],
          href: `/evidence/indicators/${encodeURIComponent(key)}?area=${encodeURIComponent(options.areaCode)}&period=${encodeURIComponent(period)}`,
        });
      };
      // A few indicators at a time: each reads several queries, and the pool has connections to spare.
      for (let i = 0; i < keys.length; i += PACK_CONCURRENCY) await Promise.all(keys.slice(i, i + PACK_CONCURRENCY).map(rowFor));
      rows.sort((a, b) => keys.indexOf(a.key) - keys.indexOf(b.key));
      return {
        areaCode: options.areaCode,
        areaName: area?.name ?? options.areaCode,
        benchmarkCode: options.benchmarkCode,
        benchmarkName: benchmark?.name ?? null,
        rows,
      } satisfies EvidencePack;
    },

    /** The current figure of one indicator for an area (a finding's live figure): its latest period. */
    async latestFigure(actor: Actor, key: string, areaCode: string | null) {
      const indicator = await getIndicator(db, key);
      if (!indicator) return null;
      const held = await listObservations(db, { indicatorKeys: [key], ...(areaCode ? { areaCodes: [areaCode] } : {}) });
      const period = latestPeriod(held.map((o) => ({ ...o, periodStart: String(o.periodStart) })));
      if (!period) return { indicatorKey: key, indicatorName: indicator.name, period: null, value: null, unitLabel: '' };
      const page = await catalogue.indicatorPage(actor, key, { area: areaCode ?? held[0]!.areaCode, period });
      return {
        indicatorKey: key,
        indicatorName: indicator.name,
        period,
        value: page.current && !page.current.suppressed ? page.current.value : null,
        unitLabel: page.unit,
      };
    },
  };
}
