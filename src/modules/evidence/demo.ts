/**
 * Demo evidence: the bundled files in data/demo/evidence (areas, populations, seed 004 measures, comparator
 * group, ward boundaries, and the Hampshire police.uk street-level months February to September 2017,
 * gzipped) through the real import service. Everything comes from the repository, so a fresh clone has the
 * whole demo. Idempotent: imports of the same content (a gzip file's unpacked content) are reported as
 * already imported and change nothing; boundaries and the group are only created when missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Services } from '../../services.js';
import { systemActor } from '../access/index.js';
import type { Geometry } from './boundaries-schema.js';
import { demoEvidenceDir } from './demo-files.js';
import type { ImportChoice } from './imports/service.js';
import { ensureComparatorGroup } from './catalogue/repository.js';
import { countBoundaries, upsertBoundaries } from './maps/repository.js';

const bundled: [ImportChoice, string][] = [
  ['areas', 'areas.csv'],
  ['population', 'population.csv'],
  ['indicators', 'offence-types.indicators.csv'],
  ['indicators', 'seed-measures.indicators.csv'],
  ['observations', 'offence-types.observations.csv'],
  ['observations', 'seed-measures.observations.csv'],
];

interface WardFeature {
  properties: { code: string };
  geometry: Geometry;
}

/** The bundled police.uk street files (data/demo/evidence/police-uk), in month order. */
export function demoPoliceFiles(): string[] {
  const dir = path.join(demoEvidenceDir, 'police-uk');
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}-\d{2}-[a-z-]+-street\.csv\.gz$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

export async function loadEvidenceDemo(services: Services, options: { policeUk?: boolean } = {}): Promise<number> {
  let created = 0;
  const run = async (choice: ImportChoice, filePath: string) => {
    const outcome = await services.evidenceImports.importFile(systemActor, { choice, filePath, fileName: path.basename(filePath) });
    if (outcome.status === 'refused')
      throw new Error(`Demo evidence ${path.basename(filePath)} was refused: ${outcome.problems.join('; ')}`);
    if (outcome.status === 'succeeded') created++;
  };
  for (const [choice, file] of bundled) await run(choice, path.join(demoEvidenceDir, file));

  const { db } = services.database;
  if ((await countBoundaries(db)) === 0) {
    const wards = JSON.parse(fs.readFileSync(path.join(demoEvidenceDir, 'wards.geojson'), 'utf8')) as { features: WardFeature[] };
    await upsertBoundaries(
      db,
      wards.features.map((f) => ({
        areaCode: f.properties.code,
        geometry: f.geometry,
        source: 'Ward boundaries 2013, Martin Chorley (CC BY 4.0)',
      })),
    );
    created += wards.features.length;
  }
  const groups = JSON.parse(fs.readFileSync(path.join(demoEvidenceDir, 'comparator-groups.json'), 'utf8')) as {
    name: string;
    areaCode: string;
    description: string;
    members: string[];
  }[];
  for (const g of groups) created += await ensureComparatorGroup(db, g);

  if (options.policeUk ?? true) for (const file of demoPoliceFiles()) await run('police-uk', file);
  return created;
}
