/**
 * The governance module's public surface: meetings (with agenda, attendance and calendars), minutes (with
 * decisions and actions arising) and the shared risk register. Other modules, src/app.ts, src/services.ts
 * and the demo import only from this file.
 *
 * Inside: meetings/, minutes/ and risks/ each hold their routes, service, repository, inputs and views;
 * policy.ts holds who may do what, presenters.ts what pages, the API, the CSV and calendars show,
 * records.ts the record checks the services share, repository.ts the reads they share.
 */
import type { Db } from '../../db/database.js';
import type { Actor, AuditService, Policy } from '../access/index.js';
import { createMeetingsService } from './meetings/service.js';
import { createMinutesService } from './minutes/service.js';
import { createRecordChecks, type GovernanceDeps } from './records.js';
import { createRisksService } from './risks/service.js';

/** Governance's services: meetings, minutes, risks, and the overdue-work overview. */
export function createGovernanceService(db: Db, audit: AuditService, policy: Policy, now: () => Date = () => new Date()) {
  const deps: GovernanceDeps = { db, audit, policy, now, records: createRecordChecks(db, policy) };
  const meetings = createMeetingsService(deps);
  const minutes = createMinutesService(deps);
  const risks = createRisksService(deps);
  return {
    meetings,
    minutes,
    risks,

    /** The partnership's governance at a glance: overdue actions, risks past review, next meeting, attendance. */
    async overview(actor: Actor, partnershipId: number) {
      const { partnership, role } = await deps.records.partnershipFor(actor, partnershipId);
      const [overdueActions, risksPastReview, nextMeeting, attendance] = await Promise.all([
        minutes.overdueActions(partnershipId),
        risks.risksPastReview(partnershipId),
        meetings.nextMeeting(partnershipId),
        meetings.attendanceRecordFor(partnershipId),
      ]);
      return { partnership, role, overdueActions, risksPastReview, nextMeeting, attendance };
    },
  };
}

export type GovernanceService = ReturnType<typeof createGovernanceService>;

export { meetingRoutes, riskRoutes } from './routes.js';
export { governanceApi } from './api.js';
export { loadGovernanceDemo } from './demo.js';
