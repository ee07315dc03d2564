/**
 * What other modules read of the evidence to build their own figures (the plans module's scorecard): the
 * indicators, areas and comparator groups to choose from, and, for chosen indicators and areas, every
 * observation as a figure (value, 95% and 99.8% limits, small-number suppression in the published view).
 * Exported through the module's index.ts.
 */
import type { DbOrTx } from '../../../db/database.js';
import { unitLabel } from '../presenters.js';
import type { Indicator } from '../schema.js';
import { figureOf, type Figure } from './figures.js';
import {
  getIndicator,
  listAreas,
  listAreasByCodes,
  listComparatorGroups,
  listComparatorMembers,
  listIndicators,
  listObservations,
} from './repository.js';

/** The geographies a measure may be about or compared with (wards and LSOAs are left to the map). */
const measureAreaTypes = ['country', 'region', 'police-force-area', 'csp', 'local-authority'] as const;

export interface EvidenceIndicator {
  key: string;
  name: string;
  unit: Indicator['unit'];
  unitLabel: string;
  multiplier: number;
  polarity: Indicator['polarity'];
  periodType: Indicator['periodType'];
  source: string;
  smallNumberThreshold: number;
}

export interface EvidenceFigure extends Figure {
  indicatorKey: string;
}

const present = (i: Indicator, defaultThreshold: number): EvidenceIndicator => ({
  key: i.key,
  name: i.name,
  unit: i.unit,
  unitLabel: unitLabel(i),
  multiplier: i.multiplier,
  polarity: i.polarity,
  periodType: i.periodType,
  source: i.source,
  smallNumberThreshold: i.smallNumberThreshold || defaultThreshold,
});

/** One indicator as other modules see it, or null. */
export async function findEvidenceIndicator(db: DbOrTx, key: string, defaultThreshold: number) {
  const i = await getIndicator(db, key);
  return i ? present(i, defaultThreshold) : null;
}

/**
 * What a form offers: every indicator, the areas above ward level (countries, regions, force areas, CSPs,
 * local authorities, in that order, each by name), and the comparator groups with their members.
 */
export async function listEvidenceChoices(db: DbOrTx, defaultThreshold: number) {
  const [indicators, groups, ...byType] = await Promise.all([
    listIndicators(db),
    listComparatorGroups(db),
    ...measureAreaTypes.map((type) => listAreas(db, { type })),
  ]);
  const members = await Promise.all(groups.map((g) => listComparatorMembers(db, g.id)));
  return {
    indicators: indicators.map((i) => present(i, defaultThreshold)),
    areas: byType.flat().map((a) => ({ code: a.code, name: a.name, type: a.type })),
    groups: groups.map((g, n) => ({ id: g.id, name: g.name, areaCode: g.areaCode, members: members[n]! })),
  };
}

/** Areas by their codes (code, name, type); unknown codes are left out. */
export const findEvidenceAreas = (db: DbOrTx, codes: string[]) => listAreasByCodes(db, codes);

/** A comparator group with its members, or null. */
export async function findComparatorGroup(db: DbOrTx, id: number) {
  const groups = await listComparatorGroups(db);
  const g = groups.find((x) => x.id === id);
  return g ? { id: g.id, name: g.name, areaCode: g.areaCode, members: await listComparatorMembers(db, g.id) } : null;
}

/**
 * Every observation of the indicators in the areas, as figures (published: small numbers suppressed by each
 * indicator's threshold, else `defaultThreshold`), ordered by indicator, period then area name.
 */
export async function readEvidenceFigures(
  db: DbOrTx,
  query: { indicatorKeys: string[]; areaCodes: string[]; published: boolean; defaultThreshold: number },
): Promise<EvidenceFigure[]> {
  if (!query.indicatorKeys.length || !query.areaCodes.length) return [];
  const [all, rows] = await Promise.all([
    listIndicators(db),
    listObservations(db, { indicatorKeys: query.indicatorKeys, areaCodes: query.areaCodes }),
  ]);
  const byKey = new Map(all.map((i) => [i.key, { ...i, smallNumberThreshold: i.smallNumberThreshold || query.defaultThreshold }]));
  return rows.flatMap((r) => {
    const indicator = byKey.get(r.indicatorKey);
    return indicator ? [{ ...figureOf(indicator, r, query.published), indicatorKey: r.indicatorKey }] : [];
  });
}
