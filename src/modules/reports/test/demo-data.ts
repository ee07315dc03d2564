/**
 * Test support for the reports module: the demo data a report reads (partnerships, plans, governance, the
 * evidence without most police.uk months, the reports' own measures), loaded by each test that needs it. Only
 * the two police.uk months of 2016/17 (February and March 2017) are imported, for the ward map.
 */
import path from 'node:path';
import { systemActor } from '../../access/index.js';
import { loadEvidenceDemo } from '../../evidence/index.js';
import { loadGovernanceDemo } from '../../governance/index.js';
import { loadPartnershipsDemo } from '../../partnerships/index.js';
import { loadPlansDemo } from '../../plans/index.js';
import type { Services } from '../../../services.js';
import { loadReportsDemo } from '../demo.js';

/** Every test starts with empty tables (test/support/setup.ts), so each test that needs the data loads it. */
export async function loadReportDemoData(services: Services): Promise<void> {
  {
    await loadPartnershipsDemo(services);
    await loadPlansDemo(services);
    await loadGovernanceDemo(services);
    await loadEvidenceDemo(services, { policeUk: false });
    for (const month of ['02', '03']) {
      const filePath = path.join('data', 'demo', 'evidence', 'police-uk', `2017-${month}-hampshire-street.csv.gz`);
      await services.evidenceImports.importFile(systemActor, { choice: 'police-uk', filePath, fileName: path.basename(filePath) });
    }
    await loadReportsDemo(services, { publish: false });
  }
}
