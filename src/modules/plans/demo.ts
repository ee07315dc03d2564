import { readDemoJson } from '../../demo/files.js';
import { parsePeriod } from '../../lib/periods.js';
import type { Services } from '../../services.js';
import { systemActor } from '../access/index.js';
import { listAgencies, listPartnerships } from '../partnerships/index.js';
import * as assuranceRepo from './assurance/repository.js';
import * as repo from './plans/repository.js';
import * as progressRepo from './progress/repository.js';
import { startingDimensions } from './policy.js';
import { type AssuranceRating, type OwnershipLevel, type PlanStatus, type RagStatus } from './schema.js';

interface DemoPlans {
  allPartners: string[];
  plans: {
    partnership: string;
    title: string;
    firstYear: string;
    lastYear: string;
    status: PlanStatus;
    strategicAssessment?: string;
    assessmentPeriod?: string;
    focusAreas?: string[];
    rounds?: { period: string; dueDate: string; closed: boolean; author: string; reviewer: string }[];
    priorities: {
      number: number;
      title: string;
      description?: string;
      activities?: string[];
      sponsors?: string[];
      ownershipLevel?: OwnershipLevel;
      ownershipStatement?: string;
      assessment?: [AssuranceRating, string][];
      actions?: { text: string; leads: string[]; supporting?: string[]; update?: { rag: RagStatus; narrative: string } }[];
    }[];
  }[];
}

export const readPlansDemo = () => readDemoJson<DemoPlans>('plans.json');

/** Loads the demo plans; a plan whose title already exists in its partnership is left alone. */
export async function loadPlansDemo(services: Services): Promise<number> {
  const file = readPlansDemo();
  const { db } = services.database;
  let created = 0;
  await db.transaction(async (tx) => {
    const agencies = await listAgencies(tx);
    const agencyId = (name: string) => {
      const a = agencies.find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (!a) throw new Error(`Demo plans: unknown agency ${name}`);
      return a.id;
    };
    const expand = (names: string[]) => [...new Set(names.flatMap((n) => (n === 'All' ? file.allPartners : [n])).map(agencyId))];
    const partnerships = await listPartnerships(tx, 'all');
    for (const p of file.plans) {
      const partnership = partnerships.find((x) => x.name === p.partnership);
      if (!partnership) throw new Error(`Demo plans: unknown partnership ${p.partnership}`);
      if ((await repo.listPlans(tx, partnership.id)).some((x) => x.title === p.title)) continue;
      const plan = await repo.insertPlan(tx, {
        partnershipId: partnership.id,
        title: p.title,
        firstYear: Number(parsePeriod(p.firstYear).key.slice(0, 4)),
        lastYear: Number(parsePeriod(p.lastYear).key.slice(0, 4)),
        status: p.status,
        strategicAssessment: p.strategicAssessment ?? null,
      });
      await services.audit.record(
        systemActor,
        {
          action: 'plan.create',
          entityType: 'plan',
          entityId: plan.id,
          partnershipId: partnership.id,
          after: plan,
          details: { source: 'demo' },
        },
        tx,
      );
      created++;
      for (const f of p.focusAreas ?? []) {
        await repo.insertFocusArea(tx, plan.id, f);
        created++;
      }
      const rounds = [];
      for (const r of p.rounds ?? []) {
        const round = (await progressRepo.insertRound(tx, {
          planId: plan.id,
          periodKey: parsePeriod(r.period).key,
          dueDate: r.dueDate,
          openedBy: null,
        }))!;
        rounds.push({ round, spec: r });
        created++;
      }
      let dimensions = await assuranceRepo.listDimensions(tx, partnership.id);
      if (p.priorities.some((x) => x.assessment) && dimensions.length === 0) {
        for (const name of startingDimensions(partnership.kind)) await assuranceRepo.insertDimension(tx, partnership.id, name);
        dimensions = await assuranceRepo.listDimensions(tx, partnership.id);
      }
      for (const pr of p.priorities) {
        const priority = await repo.insertPriority(tx, {
          planId: plan.id,
          number: pr.number,
          title: pr.title,
          description: pr.description ?? null,
          activities: pr.activities ?? [],
          ownershipLevel: pr.ownershipLevel ?? null,
          ownershipStatement: pr.ownershipStatement ?? null,
        });
        await repo.setSponsors(tx, priority.id, (pr.sponsors ?? []).map(agencyId));
        created++;
        for (const [i, [rating, narrative]] of (pr.assessment ?? []).entries()) {
          const dimension = dimensions.find((d) => d.name === startingDimensions(partnership.kind)[i]);
          if (!dimension || !p.assessmentPeriod) continue;
          await assuranceRepo.saveRating(
            tx,
            { priorityId: priority.id, dimensionId: dimension.id, periodKey: parsePeriod(p.assessmentPeriod).key },
            0,
            { rating, narrative, updatedBy: null },
          );
          created++;
        }
        for (const [i, a] of (pr.actions ?? []).entries()) {
          const action = await repo.insertAction(tx, {
            planId: plan.id,
            priorityId: priority.id,
            position: i + 1,
            text: a.text,
            targetDate: null,
            status: 'ongoing',
          });
          await repo.setActionAgencies(tx, action.id, expand(a.leads), expand(a.supporting ?? []));
          created++;
          for (const { round, spec } of rounds) {
            if (!a.update) continue;
            const at = new Date(`${round.dueDate}T12:00:00Z`);
            await progressRepo.insertUpdate(tx, {
              roundId: round.id,
              actionId: action.id,
              version: 1,
              rag: a.update.rag,
              narrative: a.update.narrative,
              evidenceUrl: null,
              state: 'accepted',
              authorId: null,
              authorName: spec.author,
              authorAgencyId: expand(a.leads)[0] ?? null,
              submittedAt: at,
              reviewedBy: null,
              reviewerName: spec.reviewer,
              reviewedAt: at,
            });
            created++;
          }
        }
      }
      for (const { round, spec } of rounds)
        if (spec.closed) await progressRepo.closeRound(tx, round.id, round.version, null, new Date(`${round.dueDate}T17:00:00Z`));
    }
  });
  return created;
}
