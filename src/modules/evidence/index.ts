/**
 * The evidence module's public surface: its two services (reports: the catalogue's pages, the ward map and
 * the observations export; imports), its routes and API, its command-line commands, its demo loader, and
 * the start-up clean-up of temporary import files. Other modules and src/ import only from this file.
 */
export { createEvidenceReportService, type EvidenceReportService } from './service.js';
export { createEvidenceImportService, type EvidenceImportService, type ImportChoice } from './imports/service.js';
export type { ImportOutcome } from './imports/types.js';
export type { EvidencePack, EvidencePackRow } from './catalogue/pack.js';
export { evidenceRoutes } from './routes.js';
export { evidenceImportRoutes } from './imports/routes.js';
export { evidenceApi } from './exports/api.js';
export { importCommand } from './imports/cli.js';
export { exportCommand } from './exports/cli.js';
export { loadEvidenceDemo } from './demo.js';
export { removeLeftoverImportFiles } from './imports/temp-files.js';
/** For other modules' own figures (the plans module's scorecard): choices, figures and the statistics. */
export {
  findComparatorGroup,
  findEvidenceAreas,
  findEvidenceIndicator,
  listEvidenceChoices,
  readEvidenceFigures,
  type EvidenceFigure,
  type EvidenceIndicator,
} from './catalogue/measures.js';
export { chiSquareCdf, compareWithBenchmark, judge, logGamma } from './statistics/index.js';
