import { EditConflictError, notFound, ValidationError } from '../../lib/errors.js';
import { toCsv } from '../../lib/csv.js';
import { quarterOf } from '../../lib/periods.js';
import { parseInput } from '../../lib/validation.js';
import type { Actor } from '../access/actor.js';
import { accessHelpers, type GovernanceDeps } from './context.js';
import {
  closeRiskInput,
  mitigationInput,
  newRiskInput,
  riskInput,
  scoreInput,
  type NewRiskInput,
  type RiskInput,
  type ScoreInput,
} from './inputs.js';
import { listMemberAgencies, listPriorities, type PriorityOption } from './meetings-repository.js';
import * as repo from './risks-repository.js';
import { londonToday } from '../../lib/london-time.js';
import { bandOf, nextReviewDate, riskScore, type Band } from './rules.js';
import { mitigationStatuses, type MitigationStatus } from './schema.js';

export const bands: Band[] = ['high', 'medium', 'low'];
export const riskSorts = ['score', 'title', 'owner', 'review', 'priority'] as const;
export type RiskSort = (typeof riskSorts)[number];

export interface RegisterFilter {
  priority?: number | 'none' | undefined;
  band?: Band | undefined;
  owner?: number | undefined;
  overdue?: boolean | undefined;
  status?: 'open' | 'closed' | 'all' | undefined;
  sort?: RiskSort | undefined;
  direction?: 'asc' | 'desc' | undefined;
}

/** A risk as pages and the API see it: scores, bands and whether its review is overdue. */
export function presentRisk(row: repo.RiskRow, today: string, priorities: PriorityOption[]) {
  const r = row.risk;
  const inherentScore = riskScore(r.inherentLikelihood, r.inherentImpact);
  const currentScore = riskScore(r.residualLikelihood, r.residualImpact);
  return {
    ...r,
    ownerName: row.ownerName,
    cosponsorName: row.cosponsorName,
    priority: priorities.find((p) => p.id === r.priorityId) ?? null,
    inherentScore,
    inherentBand: bandOf(inherentScore),
    currentScore,
    currentBand: bandOf(currentScore),
    reviewOverdue: r.status === 'open' && r.nextReviewOn < today,
  };
}
export type PresentedRisk = ReturnType<typeof presentRisk>;

/** The shared risk register: risks, scores and re-scores, mitigations, the heat map and the CSV. */
export function createRisksService(deps: GovernanceDeps) {
  const { db, audit, policy, now } = deps;
  const { partnershipFor } = accessHelpers(deps);

  async function riskFor(actor: Actor, riskId: number, ability: 'view' | 'contribute' | 'coordinate') {
    const row = await repo.findRisk(db, riskId);
    if (!row) throw await policy.refuseNotFound(actor, 'risk');
    const { partnership, role } = await partnershipFor(actor, row.risk.partnershipId, ability, 'risk');
    return { row, partnership, role };
  }

  /** Re-scoring and mitigations: coordinators, or contributors whose agency owns or co-sponsors the risk. */
  async function riskForOwner(actor: Actor, riskId: number) {
    const found = await riskFor(actor, riskId, 'contribute');
    const r = found.row.risk;
    if (found.role !== 'coordinator' && actor.agencyId !== r.ownerAgencyId && actor.agencyId !== r.cosponsorAgencyId)
      await policy.require(actor, r.partnershipId, 'coordinate', 'risk');
    return found;
  }

  const canOwn = (actor: Actor, role: string, r: { ownerAgencyId: number; cosponsorAgencyId: number | null }) =>
    role === 'coordinator' || (role === 'contributor' && (actor.agencyId === r.ownerAgencyId || actor.agencyId === r.cosponsorAgencyId));

  async function checkRiskRefs(
    partnershipId: number,
    i: { priorityId?: number | undefined; ownerAgencyId: number; cosponsorAgencyId?: number | undefined },
  ) {
    const errors: { field: string; message: string }[] = [];
    const members = await listMemberAgencies(db, partnershipId);
    if (!members.some((m) => m.id === i.ownerAgencyId))
      errors.push({ field: 'ownerAgencyId', message: 'Select one of the partnership’s member agencies as the owner' });
    if (i.cosponsorAgencyId !== undefined && !members.some((m) => m.id === i.cosponsorAgencyId))
      errors.push({ field: 'cosponsorAgencyId', message: 'Select one of the partnership’s member agencies as the co-sponsor' });
    if (i.priorityId !== undefined && !(await listPriorities(db, partnershipId)).some((p) => p.id === i.priorityId))
      errors.push({ field: 'priorityId', message: 'Select one of this partnership’s priorities' });
    if (errors.length) throw new ValidationError(errors);
  }

  const detailValues = (i: ReturnType<typeof riskInput.parse>): repo.RiskValues => ({
    title: i.title,
    priorityId: i.priorityId ?? null,
    cause: i.cause ?? null,
    event: i.event ?? null,
    effect: i.effect ?? null,
    ownerAgencyId: i.ownerAgencyId,
    cosponsorAgencyId: i.cosponsorAgencyId ?? null,
  });

  const scoreValues = (s: ReturnType<typeof scoreInput.parse>): repo.ScoreValues => ({
    inherentLikelihood: s.inherentLikelihood,
    inherentImpact: s.inherentImpact,
    residualLikelihood: s.residualLikelihood,
    residualImpact: s.residualImpact,
    lastReviewedOn: s.assessedOn,
    nextReviewOn: nextReviewDate(s.assessedOn, s.residualLikelihood, s.residualImpact),
  });

  async function register(actor: Actor, partnershipId: number, filter: RegisterFilter = {}) {
    const { partnership, role } = await partnershipFor(actor, partnershipId, 'view', 'risk');
    const today = londonToday(now());
    const priorities = await listPriorities(db, partnershipId);
    const all = (await repo.listRisks(db, partnershipId)).map((r) => presentRisk(r, today, priorities));
    const status = filter.status ?? 'open';
    let risks = all.filter((r) => status === 'all' || r.status === status);
    if (filter.priority === 'none') risks = risks.filter((r) => r.priorityId === null);
    else if (filter.priority !== undefined) risks = risks.filter((r) => r.priorityId === filter.priority);
    if (filter.band) risks = risks.filter((r) => r.currentBand === filter.band);
    if (filter.owner !== undefined) risks = risks.filter((r) => r.ownerAgencyId === filter.owner);
    if (filter.overdue) risks = risks.filter((r) => r.reviewOverdue);
    const sort = filter.sort ?? 'score';
    const dir = (filter.direction ?? (sort === 'score' ? 'desc' : 'asc')) === 'asc' ? 1 : -1;
    const key = (r: PresentedRisk): string | number =>
      sort === 'score'
        ? r.currentScore
        : sort === 'title'
          ? r.title.toLowerCase()
          : sort === 'owner'
            ? r.ownerName.toLowerCase()
            : sort === 'review'
              ? r.nextReviewOn
              : (r.priority?.number ?? 99);
    risks.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * dir;
    });
    return {
      partnership,
      role,
      canCoordinate: role === 'coordinator',
      risks,
      all,
      priorities,
      owners: await listMemberAgencies(db, partnershipId),
      today,
    };
  }

  return {
    register,

    /** The 5×5 grid of open risks by likelihood and impact, before or after mitigation. */
    async heatMap(actor: Actor, partnershipId: number, basis: 'current' | 'inherent' = 'current') {
      const view = await register(actor, partnershipId, { status: 'open' });
      const rows = [5, 4, 3, 2, 1].map((impact) => ({
        impact,
        cells: [1, 2, 3, 4, 5].map((likelihood) => {
          const score = riskScore(likelihood, impact);
          return {
            likelihood,
            score,
            band: bandOf(score),
            risks: view.risks.filter((r) =>
              basis === 'current'
                ? r.residualLikelihood === likelihood && r.residualImpact === impact
                : r.inherentLikelihood === likelihood && r.inherentImpact === impact,
            ),
          };
        }),
      }));
      return { ...view, basis, rows };
    },

    async getRisk(actor: Actor, riskId: number) {
      const { row, partnership, role } = await riskFor(actor, riskId, 'view');
      const today = londonToday(now());
      const priorities = await listPriorities(db, row.risk.partnershipId);
      const [scores, mitigations, agencies] = await Promise.all([
        repo.listScores(db, riskId),
        repo.listMitigations(db, riskId),
        listMemberAgencies(db, row.risk.partnershipId),
      ]);
      const history = scores.map((s) => {
        const inherentScore = riskScore(s.inherentLikelihood, s.inherentImpact);
        const currentScore = riskScore(s.residualLikelihood, s.residualImpact);
        return { ...s, inherentScore, inherentBand: bandOf(inherentScore), currentScore, currentBand: bandOf(currentScore) };
      });
      return {
        risk: presentRisk(row, today, priorities),
        partnership,
        role,
        canCoordinate: role === 'coordinator',
        canScore: row.risk.status === 'open' && canOwn(actor, role, row.risk),
        history,
        mitigations,
        agencies,
        priorities,
        mitigationStatuses,
      };
    },

    async createRisk(actor: Actor, partnershipId: number, input: NewRiskInput) {
      await partnershipFor(actor, partnershipId, 'coordinate', 'risk');
      const i = parseInput(newRiskInput, input);
      await checkRiskRefs(partnershipId, i);
      return db.transaction(async (tx) => {
        const risk = await repo.insertRisk(tx, partnershipId, { ...detailValues(i), ...scoreValues(i) });
        await repo.insertScore(tx, {
          riskId: risk.id,
          assessedOn: i.assessedOn,
          periodKey: quarterOf(i.assessedOn),
          inherentLikelihood: i.inherentLikelihood,
          inherentImpact: i.inherentImpact,
          residualLikelihood: i.residualLikelihood,
          residualImpact: i.residualImpact,
          note: i.note ?? 'First assessment',
          recordedBy: actor.userId,
        });
        await audit.record(actor, { action: 'risk.create', entityType: 'risk', entityId: risk.id, partnershipId, after: risk }, tx);
        return risk;
      });
    },

    async updateRisk(actor: Actor, riskId: number, version: number, input: RiskInput) {
      const { row } = await riskFor(actor, riskId, 'coordinate');
      const i = parseInput(riskInput, input);
      await checkRiskRefs(row.risk.partnershipId, i);
      return db.transaction(async (tx) => {
        const after = await repo.updateRisk(tx, riskId, version, detailValues(i));
        if (!after) throw new EditConflictError('risk');
        await audit.record(
          actor,
          { action: 'risk.update', entityType: 'risk', entityId: riskId, partnershipId: row.risk.partnershipId, before: row.risk, after },
          tx,
        );
        return after;
      });
    },

    /** Records a new assessment: the risk takes the new scores and review date, and the history keeps every one. */
    async rescore(actor: Actor, riskId: number, version: number, input: ScoreInput) {
      const { row } = await riskForOwner(actor, riskId);
      if (row.risk.status !== 'open') throw new ValidationError([{ field: 'form', message: 'A closed risk cannot be re-scored' }]);
      const s = parseInput(scoreInput, input);
      return db.transaction(async (tx) => {
        const after = await repo.updateRisk(tx, riskId, version, scoreValues(s));
        if (!after) throw new EditConflictError('risk');
        await repo.insertScore(tx, {
          riskId,
          assessedOn: s.assessedOn,
          periodKey: quarterOf(s.assessedOn),
          inherentLikelihood: s.inherentLikelihood,
          inherentImpact: s.inherentImpact,
          residualLikelihood: s.residualLikelihood,
          residualImpact: s.residualImpact,
          note: s.note ?? null,
          recordedBy: actor.userId,
        });
        await audit.record(
          actor,
          { action: 'risk.rescore', entityType: 'risk', entityId: riskId, partnershipId: row.risk.partnershipId, before: row.risk, after },
          tx,
        );
        return after;
      });
    },

    async closeRisk(actor: Actor, riskId: number, version: number, input: Record<string, unknown>) {
      const { row } = await riskFor(actor, riskId, 'coordinate');
      const { closedReason } = parseInput(closeRiskInput, input);
      return db.transaction(async (tx) => {
        const after = await repo.updateRisk(tx, riskId, version, { status: 'closed', closedReason });
        if (!after) throw new EditConflictError('risk');
        await audit.record(
          actor,
          { action: 'risk.close', entityType: 'risk', entityId: riskId, partnershipId: row.risk.partnershipId, before: row.risk, after },
          tx,
        );
        return after;
      });
    },

    async reopenRisk(actor: Actor, riskId: number, version: number) {
      const { row } = await riskFor(actor, riskId, 'coordinate');
      return db.transaction(async (tx) => {
        const after = await repo.updateRisk(tx, riskId, version, { status: 'open', closedReason: null });
        if (!after) throw new EditConflictError('risk');
        await audit.record(
          actor,
          { action: 'risk.reopen', entityType: 'risk', entityId: riskId, partnershipId: row.risk.partnershipId, before: row.risk, after },
          tx,
        );
        return after;
      });
    },

    async addMitigation(actor: Actor, riskId: number, input: Record<string, unknown>) {
      const { row } = await riskForOwner(actor, riskId);
      const i = parseInput(mitigationInput, input);
      if (!(await listMemberAgencies(db, row.risk.partnershipId)).some((m) => m.id === i.ownerAgencyId))
        throw new ValidationError([{ field: 'mitigationOwnerAgencyId', message: 'Select one of the partnership’s member agencies' }]);
      return db.transaction(async (tx) => {
        const m = await repo.insertMitigation(tx, {
          riskId,
          action: i.action,
          ownerAgencyId: i.ownerAgencyId,
          status: i.status,
          dueOn: i.dueOn ?? null,
        });
        await audit.record(
          actor,
          { action: 'mitigation.create', entityType: 'risk-mitigation', entityId: m.id, partnershipId: row.risk.partnershipId, after: m },
          tx,
        );
        return m;
      });
    },

    async setMitigationStatus(actor: Actor, riskId: number, mitigationId: number, status: unknown) {
      const { row } = await riskForOwner(actor, riskId);
      const before = await repo.findMitigation(db, mitigationId);
      if (!before || before.riskId !== riskId) throw notFound('Mitigation');
      if (!mitigationStatuses.includes(status as MitigationStatus))
        throw new ValidationError([{ field: `status-${mitigationId}`, message: 'Select the mitigation’s status' }]);
      return db.transaction(async (tx) => {
        const after = await repo.updateMitigationStatus(tx, mitigationId, status as MitigationStatus);
        await audit.record(
          actor,
          {
            action: 'mitigation.update',
            entityType: 'risk-mitigation',
            entityId: mitigationId,
            partnershipId: row.risk.partnershipId,
            before,
            after,
          },
          tx,
        );
        return after;
      });
    },

    /** The register as CSV (formula-like cells neutralised by toCsv). */
    async registerCsv(actor: Actor, partnershipId: number, filter: RegisterFilter = {}) {
      const view = await register(actor, partnershipId, filter);
      const csv = toCsv(
        [
          'Risk id',
          'Title',
          'Priority',
          'Owner agency',
          'Co-sponsor',
          'Cause',
          'Event',
          'Effect',
          'Likelihood before mitigation',
          'Impact before mitigation',
          'Score before mitigation',
          'Likelihood after mitigation',
          'Impact after mitigation',
          'Current score',
          'Band',
          'Last reviewed',
          'Next review',
          'Review overdue',
          'Status',
          'Closed reason',
        ],
        view.risks.map((r) => [
          r.id,
          r.title,
          r.priority ? `${r.priority.number}. ${r.priority.title}` : '',
          r.ownerName,
          r.cosponsorName ?? '',
          r.cause,
          r.event,
          r.effect,
          r.inherentLikelihood,
          r.inherentImpact,
          r.inherentScore,
          r.residualLikelihood,
          r.residualImpact,
          r.currentScore,
          r.currentBand,
          r.lastReviewedOn,
          r.nextReviewOn,
          r.reviewOverdue ? 'yes' : 'no',
          r.status,
          r.closedReason ?? '',
        ]),
      );
      return { partnership: view.partnership, csv };
    },

    /** Open risks whose review date has passed, for the overdue-work panel. */
    async risksPastReview(partnershipId: number) {
      const today = londonToday(now());
      const priorities = await listPriorities(db, partnershipId);
      return (await repo.listRisksPastReview(db, partnershipId, today)).map((r) => presentRisk(r, today, priorities));
    },
  };
}

export type RisksService = ReturnType<typeof createRisksService>;
