/**
 * The reports demo: the seed 004 measures the annual review prints that the evidence demo does not hold
 * (data/demo/reports, imported as indicators and observations through the evidence import service), and
 * Southampton Safe City Partnership publishing its 2016/17 annual review on the public pages. Idempotent.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Services } from '../../services.js';
import { systemActor } from '../access/index.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'demo', 'reports');

export const demoReportFiles = [
  ['indicators', path.join(dir, 'annual-review-measures.indicators.csv')],
  ['observations', path.join(dir, 'annual-review-measures.observations.csv')],
] as const;

/** Imports the measures; with `publish` (the full demo), Southampton publishes its 2016/17 annual review. */
export async function loadReportsDemo(services: Services, options: { publish?: boolean } = {}): Promise<number> {
  let created = 0;
  for (const [choice, filePath] of demoReportFiles) {
    const outcome = await services.evidenceImports.importFile(systemActor, { choice, filePath, fileName: path.basename(filePath) });
    if (outcome.status === 'refused') throw new Error(`Demo ${path.basename(filePath)} was refused: ${outcome.problems.join('; ')}`);
    if (outcome.status === 'succeeded') created++;
  }
  if (options.publish ?? true) {
    const southampton = await services.partnerships.resolvePartnership('Southampton Safe City Partnership');
    created += await services.reports.ensurePublished(southampton.id, 'annual-review', '2016/17');
  }
  return created;
}
