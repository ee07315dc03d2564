/**
 * The evidence report service (`services.evidenceReports`): the catalogue's pages, the ward map and the
 * observations export, each from its resource folder, with the one rule for which figures an actor sees
 * (policy.ts: analysts may see every figure, everyone else the published ones). Read-only.
 */
import type { Db } from '../../db/database.js';
import type { Actor } from '../access/index.js';
import { createCatalogueService } from './catalogue/service.js';
import { exportObservations, type ExportOptions, type ExportQuery } from './exports/service.js';
import { createMapService } from './maps/service.js';
import { createPackBuilder } from './catalogue/pack.js';
import { downloadViewFor, pageViewFor } from './policy.js';
import { rolesOf } from './repository.js';

/**
 * `smallNumberThreshold` (SAFERHUB_SMALL_NUMBER_THRESHOLD) applies to indicators that set no threshold of
 * their own, and to the ward map.
 */
export function createEvidenceReportService(db: Db, settings: { smallNumberThreshold: number }) {
  /** The view a page shows: analysts may ask for all figures; everyone else sees the published view. */
  const viewFor = async (actor: Actor, asked: string | undefined) => pageViewFor(actor, await rolesOf(db, actor), asked);

  /** Downloads follow the same rule as the pages: analysts get every figure, everyone else the published ones. */
  async function exportOptions(actor: Actor): Promise<ExportOptions> {
    return downloadViewFor(actor, await rolesOf(db, actor)) === 'analyst'
      ? {}
      : { published: { defaultThreshold: settings.smallNumberThreshold } };
  }

  const catalogue = createCatalogueService(db, settings, viewFor);
  const maps = createMapService(db, settings, viewFor);
  const pack = createPackBuilder(db, settings, catalogue);
  return {
    viewFor,
    exportOptions,
    ...catalogue, // methods, overview, indicatorPage, areaProfile
    ...maps, // hotspotMap, hotspotMapChoices, hotspotMapsByCrimeType
    ...pack, // evidencePack, latestFigure (the strategic assessment's evidence)
    /**
     * Observations of an indicator with their limits and comparison (the API, the CSV download and
     * `saferhub export`), with the figures the actor may see; 404 for an unknown indicator or area.
     */
    exportObservations: async (actor: Actor, query: ExportQuery) => exportObservations(db, query, await exportOptions(actor)),
  };
}

export type EvidenceReportService = ReturnType<typeof createEvidenceReportService>;
