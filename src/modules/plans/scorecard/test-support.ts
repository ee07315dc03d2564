/**
 * Test-only (kept out of the build by tsconfig.build.json, imported by *.test.ts files only): the demo's
 * Safe City Partnership with its plan's scorecard, loaded without the police.uk months (not needed here).
 */
import type { Services } from '../../../services.js';
import { loadEvidenceDemo } from '../../evidence/index.js';
import { listPartnerships, loadPartnershipsDemo } from '../../partnerships/index.js';
import { loadPlansDemo } from '../demo.js';
import * as planRepo from '../plans/repository.js';
import { loadScorecardDemo } from './demo.js';

export async function scorecardDemo(services: Services) {
  await loadPartnershipsDemo(services);
  await loadPlansDemo(services);
  await loadEvidenceDemo(services, { policeUk: false });
  const created = await loadScorecardDemo(services);
  const partnership = (await listPartnerships(services.database.db, 'all')).find((p) => p.name === 'Southampton Safe City Partnership')!;
  const other = (await listPartnerships(services.database.db, 'all')).find((p) => p.id !== partnership.id)!;
  const plan = (await planRepo.listPlans(services.database.db, partnership.id)).find(
    (p) => p.title === 'Safe City Partnership Strategy 2017–2020',
  )!;
  return { partnership, other, plan, created };
}
