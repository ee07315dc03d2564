import type { Db } from '../../db/database.js';
import { notFound } from '../../lib/errors.js';
import type { Actor, AuditService, Policy } from '../access/index.js';
import { findPartnership } from '../partnerships/index.js';
import * as meetingsRepo from './meetings/repository.js';
import type { PartnershipRole } from './policy.js';

/** What each governance service is built with (index.ts wires them once). */
export interface GovernanceDeps {
  db: Db;
  audit: AuditService;
  policy: Policy;
  /** The current instant; tests pass a fixed clock. */
  now: () => Date;
  records: RecordChecks;
}

/**
 * Finding a governance record and the actor's role in its partnership, shared by the services. A record
 * outside the actor's partnerships (or missing) answers 404, and the refusal is audited by the access policy.
 * What the role then allows is decided by the rules in policy.ts.
 */
export function createRecordChecks(db: Db, policy: Policy) {
  /** The partnership and the actor's role in it. `what` names the record for the 404 and the audit log. */
  async function partnershipFor(actor: Actor, partnershipId: number, what = 'partnership') {
    const partnership = await findPartnership(db, partnershipId);
    if (!partnership) throw await policy.refuseNotFound(actor, what, partnershipId);
    const role = await policy.require(actor, partnershipId, 'view', what);
    return { partnership, role };
  }

  async function meetingFor(actor: Actor, meetingId: number) {
    const meeting = await meetingsRepo.findMeeting(db, meetingId);
    if (!meeting) throw await policy.refuseNotFound(actor, 'meeting');
    const { partnership, role } = await partnershipFor(actor, meeting.partnershipId, 'meeting');
    return { meeting, partnership, role };
  }

  /** The agenda item of a meeting; `rule` (of policy.ts) is checked before the item is looked up. */
  async function agendaItemFor(actor: Actor, meetingId: number, itemId: number, rule: (role: PartnershipRole) => boolean = () => true) {
    const found = await meetingFor(actor, meetingId);
    await allow(rule(found.role), actor, found.meeting.partnershipId, 'meeting');
    const item = await meetingsRepo.findAgendaItem(db, itemId);
    if (!item || item.meetingId !== meetingId) throw notFound('Agenda item');
    return { ...found, item };
  }

  /**
   * Goes on only when `allowed` (a rule of policy.ts, given the actor's role) is true; otherwise answers 403
   * through the access policy, which audits the refusal.
   */
  async function allow(allowed: boolean, actor: Actor, partnershipId: number, what: string) {
    if (!allowed) throw await policy.refuseForbidden(actor, what, partnershipId);
  }

  return { partnershipFor, meetingFor, agendaItemFor, allow };
}

export type RecordChecks = ReturnType<typeof createRecordChecks>;
