/**
 * The demo scorecard (data/demo/scorecard.json): the Safe City Partnership Strategy 2017–2020's measures,
 * built on the seed 004 indicators the evidence demo loads. Runs after the plans and evidence demos.
 * Idempotent: a plan that already has measures is left alone (so a coordinator's changes survive a reload).
 */
import { readDemoJson } from '../../../demo/files.js';
import type { Services } from '../../../services.js';
import { systemActor } from '../../access/index.js';
import { listEvidenceChoices } from '../../evidence/index.js';
import { listPartnerships } from '../../partnerships/index.js';
import * as planRepo from '../plans/repository.js';
import { measureInput } from './inputs.js';
import * as repo from './repository.js';
import type { Target } from './types.js';

interface DemoScorecards {
  plans: {
    partnership: string;
    plan: string;
    measures: {
      priority: number | null;
      indicator: string;
      area: string;
      benchmark?: string;
      group?: string;
      baseline: string;
      target: Target;
    }[];
  }[];
}

export async function loadScorecardDemo(services: Services): Promise<number> {
  const file = readDemoJson<DemoScorecards>('scorecard.json');
  const { db } = services.database;
  const partnerships = await listPartnerships(db, 'all');
  const { groups } = await listEvidenceChoices(db, services.config.smallNumberThreshold);
  let created = 0;
  for (const p of file.plans) {
    const partnership = partnerships.find((x) => x.name === p.partnership);
    if (!partnership) throw new Error(`Demo scorecard: unknown partnership ${p.partnership}`);
    const plan = (await planRepo.listPlans(db, partnership.id)).find((x) => x.title === p.plan);
    if (!plan) throw new Error(`Demo scorecard: unknown plan ${p.plan}`);
    if ((await repo.listMeasures(db, plan.id)).length) continue;
    const priorities = await planRepo.listPriorities(db, plan.id);
    for (const m of p.measures) {
      const groupId = m.group ? groups.find((g) => g.name === m.group)?.id : undefined;
      if (m.group && !groupId) throw new Error(`Demo scorecard: unknown comparator group ${m.group}`);
      const input = measureInput.parse({
        priorityId: priorities.find((x) => x.number === m.priority)?.id,
        indicatorKey: m.indicator,
        areaCode: m.area,
        benchmarkCode: m.benchmark,
        comparatorGroupId: groupId,
        baselinePeriod: m.baseline,
        targetKind: m.target.kind,
        targetValue: m.target.kind === 'value' ? m.target.value : undefined,
        targetDirection: m.target.kind === 'direction' ? m.target.direction : undefined,
        targetPosition: m.target.kind === 'position' ? m.target.position : undefined,
      });
      await services.plans.scorecards.createMeasure(systemActor, plan.id, input);
      created++;
    }
  }
  return created;
}
