import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { createAccessService, createAuditChain, createAuditService, createPolicy, type AuditChannel } from './modules/access/index.js';
import { createPartnershipService } from './modules/partnerships/index.js';
import { createGovernanceService } from './modules/governance/index.js';
import { createPlansServices } from './modules/plans/index.js';
import { createEvidenceImportService, createEvidenceReportService } from './modules/evidence/index.js';
import { createSearchService } from './modules/search/index.js';
import { createNotificationsService } from './modules/notifications/index.js';
import { createReportsService } from './modules/reports/index.js';
import { createAssessmentServices } from './modules/assessment/index.js';

/**
 * The one composition root: the database, then each module's service, wired once.
 * The web app, the CLI and the tests all build their services here.
 */
export function createServices(database: Database, config: Config, options: { channel?: AuditChannel } = {}) {
  const { db } = database;
  // The channel of audit entries no request caused: 'cli' for the saferhub command, none for the server's own work.
  const audit = createAuditService(db, { defaultChannel: options.channel });
  const auditChain = createAuditChain(db);
  const policy = createPolicy(db, audit);
  const access = createAccessService(
    db,
    audit,
    policy,
    {
      idleMinutes: config.sessionIdleMinutes,
      maxHours: config.sessionMaxHours,
      secondFactor: config.secondFactor,
    },
    config.oidc,
  );
  const partnerships = createPartnershipService(db, audit, policy);
  const plans = createPlansServices(db, audit, policy, config);
  const governance = createGovernanceService(db, audit, policy);
  const evidenceImports = createEvidenceImportService(database, audit);
  const evidenceReports = createEvidenceReportService(db, config);
  const search = createSearchService(db, policy);
  const notifications = createNotificationsService(db, audit);
  const reports = createReportsService({ db, audit, policy, evidence: evidenceReports, plans, governance });
  const assessment = createAssessmentServices(db, audit, policy, {
    plans: plans.plans,
    scorecards: plans.scorecards,
    evidence: evidenceReports,
  });
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
    notifications,
    search,
    reports,
    assessment,
  };
}

export type Services = ReturnType<typeof createServices>;
