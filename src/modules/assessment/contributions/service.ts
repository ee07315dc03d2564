import type { Db } from '../../../db/database.js';
import { AppError, EditConflictError, forbidden } from '../../../lib/errors.js';
import { financialYearKey } from '../../../lib/periods.js';
import type { Actor, AuditService, Policy } from '../../access/index.js';
import { notify } from '../../notifications/index.js';
import { listMembers } from '../../partnerships/index.js';
import * as assessmentRepo from '../assessments/repository.js';
import type { AssessmentService } from '../assessments/service.js';
import { abilityTo, canLeadAssessment, contributionRefusal } from '../policy.js';
import type { ReplyInput, RequestInput } from './inputs.js';
import * as repo from './repository.js';

/** The largest report a partner may upload with its reply (stored in the database with the assessment). */
export const MAX_REPORT_BYTES = 20 * 1024 * 1024;

const closed = () => new AppError('conflict', 'This contribution request is closed, so replies can no longer change');

/**
 * Contribution requests, like progress rounds: the coordinator opens one to the partnership's member
 * agencies with a due date; each agency's lead officer writes its view of the themes and uploads its
 * reports; the coordinator sees who has and has not replied, and closes it.
 */
export function createContributionService(db: Db, audit: AuditService, policy: Policy, assessments: AssessmentService) {
  async function requestFor(actor: Actor, requestId: number, ability: 'view' | 'contribute' | 'coordinate' = abilityTo.read) {
    const request = await repo.findRequest(db, requestId);
    if (!request) throw await policy.refuseNotFound(actor, 'contribution request');
    const found = await assessments.assessmentFor(actor, request.assessmentId, ability);
    return { ...found, request };
  }

  return {
    async openRequest(actor: Actor, assessmentId: number, v: RequestInput) {
      const { assessment } = await assessments.assessmentFor(actor, assessmentId, abilityTo.lead);
      if (await repo.openRequestOf(db, assessmentId))
        throw new AppError('conflict', 'A contribution request is already open for this assessment');
      return db.transaction(async (tx) => {
        const row = await repo.insertRequest(tx, { assessmentId, dueDate: v.dueDate, message: v.message ?? null, openedBy: actor.userId });
        await audit.record(
          actor,
          {
            action: 'contribution-request.open',
            entityType: 'contribution-request',
            entityId: row.id,
            partnershipId: assessment.partnershipId,
            after: row,
          },
          tx,
        );
        // The member agencies' lead officers are told, in the same transaction (titles only).
        const agencies = (await listMembers(tx, assessment.partnershipId)).map((m) => m.agencyId);
        await notify(tx, {
          kind: 'awaiting-you',
          to: { agencies, partnershipId: assessment.partnershipId },
          title: `Your agency’s view is asked for: ${assessment.title}`,
          path: `/contribution-requests/${row.id}`,
          partnershipId: assessment.partnershipId,
          causedBy: actor.userId,
        });
        return row;
      });
    },

    async newRequestFor(actor: Actor, assessmentId: number) {
      return (await assessments.assessmentFor(actor, assessmentId, abilityTo.lead)).assessment;
    },

    async listRequests(actor: Actor, assessmentId: number) {
      await assessments.assessmentFor(actor, assessmentId);
      return repo.listRequests(db, assessmentId);
    },

    /** The request page: every member agency with its reply (or none yet), and whether the actor may reply. */
    async getRequest(actor: Actor, requestId: number) {
      const { request, assessment, role, partnership } = await requestFor(actor, requestId);
      const members = await listMembers(db, partnership.id);
      const agencies = [...new Map(members.map((m) => [m.agencyId, { id: m.agencyId, name: m.agencyName, officer: m.officer }])).values()];
      const replies = await repo.listContributions(db, requestId);
      const files = (await assessmentRepo.listFiles(db, assessment.id)).filter((f) => f.contributionId !== null);
      const rows = agencies.map((a) => {
        const reply = replies.find((r) => r.agencyId === a.id) ?? null;
        return { agency: a, reply, files: reply ? files.filter((f) => f.contributionId === reply.id) : [] };
      });
      const refusal = contributionRefusal(
        role,
        actor.agencyId,
        agencies.map((a) => a.id),
        request,
      );
      const mine = rows.find((r) => r.agency.id === actor.agencyId) ?? null;
      return {
        request,
        assessment,
        partnership,
        role,
        yearLabel: financialYearKey(assessment.year),
        rows,
        replied: rows.filter((r) => r.reply).length,
        canReply: refusal === null,
        mine,
        canClose: canLeadAssessment(role) && !request.closedAt,
      };
    },

    /** The agency's reply: written the first time, then changed (checked against the version it was based on). */
    async reply(actor: Actor, requestId: number, v: ReplyInput, upload?: { fileName: string; contentType: string; content: Buffer }) {
      const { request, assessment, role, partnership } = await requestFor(actor, requestId, abilityTo.contribute);
      const members = (await listMembers(db, partnership.id)).map((m) => m.agencyId);
      switch (contributionRefusal(role, actor.agencyId, members, request)) {
        case 'role':
          throw forbidden();
        case 'not-member':
          throw forbidden('Only a member agency of the partnership can reply to its contribution request');
        case 'closed':
          throw closed();
      }
      const agencyId = actor.agencyId!;
      const authorName = await repo.userName(db, actor.userId);
      return db.transaction(async (tx) => {
        const before = await repo.findContribution(tx, requestId, agencyId);
        if ((before?.version ?? 0) !== v.basedOn) throw new EditConflictError('reply');
        const row = before
          ? await repo.updateContribution(tx, before.id, before.version, { view: v.view, authorId: actor.userId, authorName })
          : await repo.insertContribution(tx, { requestId, agencyId, view: v.view, authorId: actor.userId, authorName });
        if (!row) throw new EditConflictError('reply');
        const file = upload
          ? await assessmentRepo.insertFile(tx, {
              assessmentId: assessment.id,
              contributionId: row.id,
              ...upload,
              size: upload.content.length,
              uploadedBy: actor.userId,
            })
          : null;
        await audit.record(
          actor,
          {
            action: before ? 'contribution.update' : 'contribution.submit',
            entityType: 'contribution',
            entityId: row.id,
            partnershipId: assessment.partnershipId,
            before,
            after: { ...row, file },
          },
          tx,
        );
        return row;
      });
    },

    async closeRequest(actor: Actor, requestId: number, version: number) {
      const { request: before, assessment } = await requestFor(actor, requestId, abilityTo.lead);
      if (before.closedAt) throw closed();
      return db.transaction(async (tx) => {
        const after = await repo.closeRequest(tx, requestId, version);
        if (!after) throw new EditConflictError('contribution request');
        await audit.record(
          actor,
          {
            action: 'contribution-request.close',
            entityType: 'contribution-request',
            entityId: requestId,
            partnershipId: assessment.partnershipId,
            before,
            after,
          },
          tx,
        );
        return after;
      });
    },
  };
}

export type ContributionService = ReturnType<typeof createContributionService>;
