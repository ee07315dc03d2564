import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { createAccessService, createAuditChain, createAuditService, createPolicy } from './modules/access/index.js';
import { createPartnershipService } from './modules/partnerships/index.js';
import { createGovernanceService } from './modules/governance/index.js';
import { createPlansServices } from './modules/plans/index.js';
import { createEvidenceImportService, createEvidenceReportService } from './modules/evidence/index.js';
import { createAssessmentServices } from './modules/assessment/index.js';

/**
 * The one composition root: the database, then each module's service, wired once.
 * The web app, the CLI and the tests all build their services here.
 */
export function createServices(database: Database, config: Config) {
  const { db } = database;
  const audit = createAuditService(db);
  const auditChain = createAuditChain(db);
  const policy = createPolicy(db, audit);
  const access = createAccessService(db, audit, policy, { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours });
  const partnerships = createPartnershipService(db, audit, policy);
  const plans = createPlansServices(db, audit, policy);
  const governance = createGovernanceService(db, audit, policy);
  const evidenceImports = createEvidenceImportService(database, audit);
  const evidenceReports = createEvidenceReportService(db, config);
  const assessment = createAssessmentServices(db, audit, policy, { plans: plans.plans, evidence: evidenceReports });
  return {
    database,
    config,
    audit,
    auditChain,
    policy,
    access,
    partnerships,
    governance,
    plans,
    evidenceImports,
    evidenceReports,
    assessment,
  };
}

export type Services = ReturnType<typeof createServices>;
