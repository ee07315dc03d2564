/**
 * The strategic assessment module's public surface: the services (assessments with their evidence pack,
 * themes, findings, matrix, agreement and adoption; contribution requests), pages, API and demo loader.
 * Other modules, src/app.ts, src/services.ts and the demo import only from this file.
 *
 * Inside: assessments/ and contributions/ each hold routes, service, repository, inputs and views;
 * policy.ts holds who may do what and the pure pack-ordering, pre-scoring and ranking rules; presenters.ts
 * what the API, the CSV and the assessment document show.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import type { AuditService, Policy } from '../access/index.js';
import { assessmentApi } from './api.js';
import { assessmentPages } from './assessments/routes.js';
import { createAssessmentService, type AssessmentDeps } from './assessments/service.js';
import { contributionPages } from './contributions/routes.js';
import { createContributionService } from './contributions/service.js';

/** The module's services (`services.assessment`). */
export function createAssessmentServices(db: Db, audit: AuditService, policy: Policy, deps: AssessmentDeps) {
  const assessments = createAssessmentService(db, audit, policy, deps);
  return { assessments, contributions: createContributionService(db, audit, policy, assessments) };
}

export type AssessmentServices = ReturnType<typeof createAssessmentServices>;

type Done = (error?: Error) => void;

/** Pages of strategic assessments and contribution requests. */
export function assessmentRoutes(app: FastifyInstance, _options: unknown, done: Done) {
  assessmentPages(app);
  contributionPages(app);
  done();
}

/** JSON API of strategic assessments, registered under /api/v1. */
export function assessmentsApi(app: FastifyInstance, _options: unknown, done: Done) {
  assessmentApi(app);
  done();
}

export { loadAssessmentDemo } from './demo.js';
