import type { Db } from '../../db/database.js';
import type { AuditService } from '../access/audit.js';
import type { Policy } from '../access/policy.js';
import { createAssuranceService } from './assurance-service.js';
import { createProgressService } from './progress-service.js';
import { createPlanService } from './service.js';

/** The plans module's services: plans, the progress cycle and the assurance assessment. */
export function createPlansServices(db: Db, audit: AuditService, policy: Policy) {
  const plans = createPlanService(db, audit, policy);
  return {
    plans,
    progress: createProgressService(db, audit, policy, plans),
    assurance: createAssuranceService(db, audit, policy, plans),
  };
}

export type PlansServices = ReturnType<typeof createPlansServices>;
