import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import type { AuditService, Policy } from '../access/index.js';
import { assurancePages } from './assurance/routes.js';
import { createAssuranceService } from './assurance/service.js';
import { planApi } from './plans/api.js';
import { planPages } from './plans/routes.js';
import { createPlanService } from './plans/service.js';
import { progressApi } from './progress/api.js';
import { progressPages } from './progress/routes.js';
import { createProgressService } from './progress/service.js';
import { scorecardApi } from './scorecard/api.js';
import { scorecardPages } from './scorecard/routes.js';
import { createScorecardService } from './scorecard/service.js';

/**
 * The plans module's public surface: plans with their priorities, actions and key areas of focus
 * (`plans/`), the quarterly progress cycle (`progress/`) and the assurance assessment (`assurance/`).
 * Other modules, src/app.ts, src/services.ts and src/demo import only from this file.
 */

/**
 * The plans module's services: plans, the progress cycle, the assurance assessment and the scorecard.
 * `settings.smallNumberThreshold` (SAFERHUB_SMALL_NUMBER_THRESHOLD) is the scorecard's suppression threshold
 * for indicators that set none of their own.
 */
export function createPlansServices(
  db: Db,
  audit: AuditService,
  policy: Policy,
  settings: { smallNumberThreshold: number } = { smallNumberThreshold: 5 },
) {
  const plans = createPlanService(db, audit, policy);
  return {
    plans,
    progress: createProgressService(db, audit, policy, plans),
    assurance: createAssuranceService(db, audit, policy, plans),
    /**
     * The scorecard: `scorecards.forPlan(actor, planId, { view })` for a signed-in reader (404 outside the
     * partnership), `scorecards.forPublication(planId, { view })` with no actor check for a published or
     * public context; both answer the plain `Scorecard` of scorecard/types.ts.
     */
    scorecards: createScorecardService(db, audit, policy, plans, settings),
  };
}

export type PlansServices = ReturnType<typeof createPlansServices>;
export type { PlanService } from './plans/service.js';
export type { ProgressService } from './progress/service.js';
export type { AssuranceService } from './assurance/service.js';
export type { ScorecardService, ScorecardOptions, PlanScorecard, AdoptedMeasure } from './scorecard/service.js';
/** The scorecard's plain-data shape (a stable contract: fields are added, never renamed or removed). */
export type * from './scorecard/types.js';
export { targetDirections, targetKinds, targetPositions } from './scorecard/types.js';

type Done = (error?: Error) => void;

/** Pages for plans, priorities, actions, key areas of focus, the assurance assessment and the scorecard. */
export function planRoutes(app: FastifyInstance, _options: unknown, done: Done) {
  planPages(app);
  assurancePages(app);
  scorecardPages(app);
  done();
}

/** Pages for progress rounds, updates and their review, and the reports built from them. */
export function progressRoutes(app: FastifyInstance, _options: unknown, done: Done) {
  progressPages(app);
  done();
}

/** JSON API for plans and their progress, registered under /api/v1; the same permissions as the pages. */
export function plansApi(app: FastifyInstance, _options: unknown, done: Done) {
  planApi(app);
  progressApi(app);
  scorecardApi(app);
  done();
}

export { loadPlansDemo } from './demo.js';
export { loadScorecardDemo } from './scorecard/demo.js';
