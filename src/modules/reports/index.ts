/**
 * The reports module's public surface: the reports service (content model, three renderers, narrative,
 * published versions, public pages), its pages, API, public pages, command-line command and demo loader.
 * Other modules, src/app.ts, src/services.ts, the CLI and the demo import only from this file.
 *
 * Inside: model.ts (the one content model), builders/ (one per kind of report), render/ (HTML, PDF, DOCX),
 * policy.ts (who may do what, which figures), presenters.ts (how figures are written), service.ts,
 * repository.ts, inputs.ts, routes.ts (pages), api.ts, public-routes.ts, cli.ts, views/.
 */
export { createReportsService, type ReportsService, type ReportsDeps } from './service.js';
export { reportRoutes } from './routes.js';
export { reportsApi } from './api.js';
export { publicRoutes } from './public-routes.js';
export { reportCommand } from './cli.js';
export { loadReportsDemo } from './demo.js';
export type {
  ReportDocument,
  DocumentKind,
  Section as ReportSection,
  Block as ReportBlock,
  Table as ReportTable,
  DataSource as ReportDataSource,
} from './model.js';
/** For other modules' documents (the strategic assessment): the same renderers, file names and licences as the reports. */
export { renderFile as renderReportFile, type Rendered as RenderedReport } from './render/file.js';
export { licenceOf } from './presenters.js';
export { statusLine as reportStatusLine } from './model.js';
export { reportKinds, reportFormats, type ReportKind, type ReportFormat } from './schema.js';
