import type { Db } from '../../db/database.js';
import { notFound } from '../../lib/errors.js';
import type { Actor } from '../access/actor.js';
import type { AuditService } from '../access/audit.js';
import type { PartnershipAbility, Policy } from '../access/policy.js';
import { findPartnership } from '../partnerships/repository.js';
import * as meetingsRepo from './meetings-repository.js';

/** What each governance service is built with, and the access checks they share. */
export interface GovernanceDeps {
  db: Db;
  audit: AuditService;
  policy: Policy;
  /** Today's date in the UK; tests pass a fixed clock. */
  now: () => Date;
}

export function accessHelpers({ db, policy }: GovernanceDeps) {
  /** The partnership, when the actor may act in it (404 when out of reach, 403 when the role is too low). */
  async function partnershipFor(actor: Actor, partnershipId: number, ability: PartnershipAbility, what = 'partnership') {
    const partnership = await findPartnership(db, partnershipId);
    if (!partnership) throw await policy.refuseNotFound(actor, what, partnershipId);
    const role = await policy.require(actor, partnershipId, ability, what);
    return { partnership, role };
  }

  async function meetingFor(actor: Actor, meetingId: number, ability: PartnershipAbility) {
    const meeting = await meetingsRepo.findMeeting(db, meetingId);
    if (!meeting) throw await policy.refuseNotFound(actor, 'meeting');
    const { partnership, role } = await partnershipFor(actor, meeting.partnershipId, ability, 'meeting');
    return { meeting, partnership, role };
  }

  async function agendaItemFor(actor: Actor, meetingId: number, itemId: number, ability: PartnershipAbility) {
    const found = await meetingFor(actor, meetingId, ability);
    const item = await meetingsRepo.findAgendaItem(db, itemId);
    if (!item || item.meetingId !== meetingId) throw notFound('Agenda item');
    return { ...found, item };
  }

  return { partnershipFor, meetingFor, agendaItemFor };
}
