/**
 * The ward hotspot map's service: police.uk street-level records counted per ward of a local authority
 * between two months, drawn as an SVG map with a table of the same figures. In the published view the
 * small counts are hidden with the secondary suppression that stops the total revealing them (statistics/).
 */
import type { Db } from '../../../db/database.js';
import { AppError, notFound, ValidationError } from '../../../lib/errors.js';
import { parsePeriod } from '../../../lib/periods.js';
import type { Actor } from '../../access/index.js';
import type { ViewFor } from '../catalogue/service.js';
import { getArea, listPopulations } from '../catalogue/repository.js';
import { latestRun, missingMonths, offeredRanges } from './ranges.js';
import { periodKey } from '../inputs.js';
import { policeUkCrimeTypes, type PoliceUkCrimeSlug } from '../schema.js';
import { suppressGroup } from '../statistics/index.js';
import { renderWardMap } from './map.js';
import {
  countPoliceRecordsByWard,
  countPoliceRecordsByWardAndType,
  listMappableAuthorities,
  listPoliceMonths,
  listWardBoundaries,
} from './repository.js';

export const DEFAULT_MAP_AREA = 'E06000045'; // Southampton (local authority)

type MapQuery = { area?: string; from?: string; to?: string; view?: string };
type WardCount = { wardCode: string; count: number };

/** `smallNumberThreshold` (SAFERHUB_SMALL_NUMBER_THRESHOLD) is the map's publication threshold. */
export function createMapService(db: Db, settings: { smallNumberThreshold: number }, viewFor: ViewFor) {
  /**
   * Everything a map needs before the records are counted: the view, the area and its wards, the months held
   * and the range asked for (checked), and the wards' populations.
   */
  async function prepare(actor: Actor, query: MapQuery & { crime?: string }) {
    const { view, canChooseView } = await viewFor(actor, query.view);
    const authorities = await listMappableAuthorities(db);
    const area = await getArea(db, query.area ?? DEFAULT_MAP_AREA);
    if (!area) throw notFound('Area');
    if (area.type !== 'local-authority')
      throw new ValidationError([{ field: 'area', message: 'Choose a local authority for the ward map' }]);
    const asked = query.crime ?? 'all-crime';
    const crimeType = policeUkCrimeTypes.find((c) => c.slug === asked);
    if (asked !== 'all-crime' && !crimeType)
      throw new ValidationError([{ field: 'crime', message: `"${asked}" is not a police.uk crime type` }]);
    const crime: PoliceUkCrimeSlug | 'all-crime' = crimeType?.slug ?? 'all-crime';
    const months = await listPoliceMonths(db);
    const month = (value: string | undefined, fallback: string | undefined, field: string) => {
      if (!value) return fallback;
      const key = periodKey(value, field);
      if (parsePeriod(key).type !== 'month') throw new ValidationError([{ field, message: `Write the month as 2017-05, not "${value}"` }]);
      return key;
    };
    // By default the latest consecutive months held; a range chosen must not skip a month that is not held.
    const run = latestRun(months);
    const to = month(query.to, run[run.length - 1], 'to');
    const from = month(query.from, query.to ? to : run[0], 'from');
    if (!from || !to) throw new AppError('not_found', 'There are no police.uk street records to map yet');
    if (from > to) throw new ValidationError([{ field: 'from', message: 'The first month must not be after the last month' }]);
    const missing = missingMonths(months, from, to);
    if (missing.length)
      throw new ValidationError([
        {
          field: 'from',
          message: `No police.uk records are held for ${missing.length === 1 ? missing[0] : `${missing.length} months (${missing[0]} to ${missing[missing.length - 1]})`} between ${from} and ${to}: choose consecutive months that are all held`,
        },
      ]);

    const boundaries = await listWardBoundaries(db, area.code);
    if (!boundaries.length) throw new AppError('not_found', `There are no ward boundaries for ${area.name}`);
    const populations = await listPopulations(
      db,
      boundaries.map((b) => b.code),
    );
    return { view, canChooseView, authorities, area, crime, months, from, to, boundaries, populations };
  }

  /** One crime type's map from the prepared area and range and that type's counts per ward. */
  function draw(p: Awaited<ReturnType<typeof prepare>>, crime: PoliceUkCrimeSlug | 'all-crime', counts: readonly WardCount[]) {
    const { view, area, months, from, to, boundaries, populations } = p;
    const published = view === 'published';
    const crimeName = crime === 'all-crime' ? 'All crime' : policeUkCrimeTypes.find((c) => c.slug === crime)!.name;
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
    // Rates per 1,000 residents where the wards' populations are held: the year the range starts in, or the
    // nearest year held.
    const populationYear = parsePeriod(from).populationYear;
    const populationOf = (code: string) =>
      populations
        .filter((p) => p.areaCode === code)
        .sort((a, b) => Math.abs(a.year - populationYear) - Math.abs(b.year - populationYear) || b.year - a.year)[0] ?? null;
    const withRates = wards.map((w) => {
      const population = populationOf(w.code);
      return {
        ...w,
        population: population?.population ?? null,
        populationYear: population?.year ?? null,
        rate: w.count !== null && population ? (w.count / population.population) * 1000 : null,
      };
    });
    const hasRates = withRates.some((w) => w.population !== null);
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
      canChooseView: p.canChooseView,
      area,
      authorities: p.authorities,
      crime,
      crimeName,
      crimeTypes: policeUkCrimeTypes,
      months,
      from,
      to,
      periodText,
      ranges: offeredRanges(months),
      hasRates,
      populationYears: [...new Set(withRates.map((w) => w.populationYear).filter((y) => y !== null))].sort(),
      wards: [...withRates]
        .sort((a, b) => (b.count ?? -1) - (a.count ?? -1) || a.name.localeCompare(b.name))
        .map((w) => ({ ...w, band: map.classOf(w.count) })),
      total: published && s.totalSuppressed ? null : total,
      threshold,
      map,
    };
  }

  return {
    async hotspotMap(actor: Actor, query: MapQuery & { crime?: string }) {
      const p = await prepare(actor, query);
      const counts = await countPoliceRecordsByWard(db, {
        slug: p.crime,
        fromMonth: p.from,
        toMonth: p.to,
        localAuthorityCode: p.area.code,
      });
      return draw(p, p.crime, counts);
    },

    /**
     * What a map of the query could be drawn from, without counting any record: the authorities, the area,
     * the months held and the crime types. It refuses what hotspotMap refuses (no records or no ward
     * boundaries held: not found).
     */
    async hotspotMapChoices(actor: Actor, query: MapQuery) {
      const p = await prepare(actor, query);
      return { authorities: p.authorities, area: p.area, months: p.months, crimeTypes: policeUkCrimeTypes };
    },

    /**
     * hotspotMap for every police.uk crime type (in policeUkCrimeTypes' order) over one area and range: the
     * same maps, with the months, wards and populations read once and the records counted in one pass.
     */
    async hotspotMapsByCrimeType(actor: Actor, query: MapQuery) {
      const p = await prepare(actor, query);
      const counts = await countPoliceRecordsByWardAndType(db, { fromMonth: p.from, toMonth: p.to, localAuthorityCode: p.area.code });
      return policeUkCrimeTypes.map((type) =>
        draw(
          p,
          type.slug,
          counts.filter((c) => c.slug === type.slug),
        ),
      );
    },
  };
}

export type MapService = ReturnType<typeof createMapService>;
export type HotspotMap = Awaited<ReturnType<MapService['hotspotMap']>>;
