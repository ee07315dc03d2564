import type { Db } from '../../db/database.js';
import type { Actor } from '../access/actor.js';
import type { AuditService } from '../access/audit.js';
import type { Policy } from '../access/policy.js';
import { accessHelpers } from './context.js';
import { createMeetingsService } from './meetings-service.js';
import { createMinutesService } from './minutes-service.js';
import { createRisksService } from './risks-service.js';

/** Governance: meetings, minutes and actions, the shared risk register, and the overdue-work overview. */
export function createGovernanceService(db: Db, audit: AuditService, policy: Policy, now: () => Date = () => new Date()) {
  const deps = { db, audit, policy, now };
  const meetings = createMeetingsService(deps);
  const minutes = createMinutesService(deps);
  const risks = createRisksService(deps);
  const { partnershipFor } = accessHelpers(deps);
  return {
    meetings,
    minutes,
    risks,

    /** The partnership's governance at a glance: overdue actions, risks past review, next meeting, attendance. */
    async overview(actor: Actor, partnershipId: number) {
      const { partnership, role } = await partnershipFor(actor, partnershipId, 'view');
      const [overdueActions, risksPastReview, nextMeeting, attendance] = await Promise.all([
        meetings.overdueActions(partnershipId),
        risks.risksPastReview(partnershipId),
        meetings.nextMeeting(partnershipId),
        meetings.attendanceRecordFor(partnershipId),
      ]);
      return { partnership, role, canCoordinate: role === 'coordinator', overdueActions, risksPastReview, nextMeeting, attendance };
    },
  };
}

export type GovernanceService = ReturnType<typeof createGovernanceService>;
