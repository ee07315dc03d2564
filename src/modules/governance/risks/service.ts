import { EditConflictError, notFound, ValidationError } from '../../../lib/errors.js';
import { londonToday } from '../../../lib/london-time.js';
import { quarterOf } from '../../../lib/periods.js';
import { parseInput } from '../../../lib/validation.js';
import type { Actor } from '../../access/index.js';
import { canManageRisks, canRescoreRisk } from '../policy.js';
import { presentRisk, presentScore, riskRegisterCsv, type PresentedRisk } from '../presenters.js';
import type { GovernanceDeps } from '../records.js';
import { listMemberAgencies, listPriorities } from '../repository.js';
import { mitigationStatuses, type MitigationStatus } from '../schema.js';
import { bandOf, nextReviewDate, riskScore } from './bands.js';
import { riskHeatMapChart } from './heat-map-chart.js';
import {
  closeRiskInput,
  mitigationInput,
  newRiskInput,
  riskInput,
  scoreInput,
  type CloseRiskForm,
  type MitigationForm,
  type NewRiskForm,
  type RegisterFilter,
  type RiskForm,
  type ScoreForm,
} from './inputs.js';
import * as repo from './repository.js';

/** The shared risk register: risks, scores and re-scores, mitigations, the heat map and the CSV. */
export function createRisksService({ db, audit, policy, now, records }: GovernanceDeps) {
  const { partnershipFor, allow } = records;

  async function riskFor(actor: Actor, riskId: number) {
    const row = await repo.findRisk(db, riskId);
    if (!row) throw await policy.refuseNotFound(actor, 'risk');
    const { partnership, role } = await partnershipFor(actor, row.risk.partnershipId, 'risk');
    return { row, partnership, role };
  }

  /** The risk, when the actor may manage risks (policy.ts). */
  async function riskToManage(actor: Actor, riskId: number) {
    const found = await riskFor(actor, riskId);
    await allow(canManageRisks(found.role), actor, found.row.risk.partnershipId, 'risk');
    return found;
  }

  /** The risk, when the actor may re-score it and keep its mitigations (policy.ts). */
  async function riskToRescore(actor: Actor, riskId: number) {
    const found = await riskFor(actor, riskId);
    await allow(canRescoreRisk(actor, found.role, found.row.risk), actor, found.row.risk.partnershipId, 'risk');
    return found;
  }

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
    const { partnership, role } = await partnershipFor(actor, partnershipId, 'risk');
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
      canManage: canManageRisks(role),
      risks,
      all,
      priorities,
      owners: await listMemberAgencies(db, partnershipId),
      today,
    };
  }

  async function getRisk(actor: Actor, riskId: number) {
    const { row, partnership, role } = await riskFor(actor, riskId);
    const today = londonToday(now());
    const priorities = await listPriorities(db, row.risk.partnershipId);
    const [scores, mitigations, agencies] = await Promise.all([
      repo.listScores(db, riskId),
      repo.listMitigations(db, riskId),
      listMemberAgencies(db, row.risk.partnershipId),
    ]);
    return {
      risk: presentRisk(row, today, priorities),
      partnership,
      role,
      canManage: canManageRisks(role),
      canScore: row.risk.status === 'open' && canRescoreRisk(actor, role, row.risk),
      history: scores.map(presentScore),
      mitigations,
      agencies,
      priorities,
      mitigationStatuses,
    };
  }

  return {
    register,

    /**
     * The 5×5 grid of open risks by likelihood and impact, before or after mitigation, and the same grid as
     * a standalone SVG chart (`chart`, heat-map-chart.ts) for documents such as the assurance report.
     */
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
      return { ...view, basis, rows, chart: riskHeatMapChart(rows, basis) };
    },

    getRisk,

    /** The form to add a risk, with the agencies and priorities to choose from. */
    async newRisk(actor: Actor, partnershipId: number) {
      const { partnership, role } = await partnershipFor(actor, partnershipId);
      await allow(canManageRisks(role), actor, partnershipId, 'partnership');
      const [agencies, priorities] = await Promise.all([listMemberAgencies(db, partnershipId), listPriorities(db, partnershipId)]);
      return { partnership, agencies, priorities };
    },

    /** The form to change a risk's details. */
    async editRisk(actor: Actor, riskId: number) {
      const view = await getRisk(actor, riskId);
      await allow(view.canManage, actor, view.partnership.id, 'risk');
      return view;
    },

    /** The form to re-score a risk (coordinators may open it for a closed risk; saving then explains why not). */
    async scoreForm(actor: Actor, riskId: number) {
      const view = await getRisk(actor, riskId);
      await allow(view.canScore, actor, view.partnership.id, 'risk');
      return view;
    },

    async createRisk(actor: Actor, partnershipId: number, form: NewRiskForm) {
      const { role } = await partnershipFor(actor, partnershipId, 'risk');
      await allow(canManageRisks(role), actor, partnershipId, 'risk');
      const i = parseInput(newRiskInput, form);
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

    async updateRisk(actor: Actor, riskId: number, version: number, form: RiskForm) {
      const { row } = await riskToManage(actor, riskId);
      const i = parseInput(riskInput, form);
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
    async rescore(actor: Actor, riskId: number, version: number, form: ScoreForm) {
      const { row } = await riskToRescore(actor, riskId);
      if (row.risk.status !== 'open') throw new ValidationError([{ field: 'form', message: 'A closed risk cannot be re-scored' }]);
      const s = parseInput(scoreInput, form);
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

    async closeRisk(actor: Actor, riskId: number, version: number, form: CloseRiskForm) {
      const { row } = await riskToManage(actor, riskId);
      const { closedReason } = parseInput(closeRiskInput, form);
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
      const { row } = await riskToManage(actor, riskId);
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

    async addMitigation(actor: Actor, riskId: number, form: MitigationForm) {
      const { row } = await riskToRescore(actor, riskId);
      const i = parseInput(mitigationInput, form);
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
      const { row } = await riskToRescore(actor, riskId);
      const before = await repo.findMitigation(db, mitigationId);
      if (!before || before.riskId !== riskId) throw notFound('Mitigation');
      const known = mitigationStatuses.find((s: MitigationStatus) => s === status);
      if (!known) throw new ValidationError([{ field: `status-${mitigationId}`, message: 'Select the mitigation’s status' }]);
      return db.transaction(async (tx) => {
        const after = await repo.updateMitigationStatus(tx, mitigationId, known);
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

    /** The register as CSV, with the same filters as the page. */
    async registerCsv(actor: Actor, partnershipId: number, filter: RegisterFilter = {}) {
      const view = await register(actor, partnershipId, filter);
      return { partnership: view.partnership, csv: riskRegisterCsv(view.risks) };
    },

    /** Open risks whose review date has passed, for the overview's overdue-work panel. */
    async risksPastReview(partnershipId: number) {
      const today = londonToday(now());
      const priorities = await listPriorities(db, partnershipId);
      return (await repo.listRisksPastReview(db, partnershipId, today)).map((r) => presentRisk(r, today, priorities));
    },
  };
}

export type RisksService = ReturnType<typeof createRisksService>;
