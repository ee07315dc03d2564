import type { Db } from '../../../db/database.js';
import { AppError, EditConflictError, notFound, ValidationError } from '../../../lib/errors.js';
import { financialYearKey } from '../../../lib/periods.js';
import type { Actor, AuditService, PartnershipAbility, Policy } from '../../access/index.js';
import type { EvidenceReportService } from '../../evidence/index.js';
import { findPartnership, listPartnerships } from '../../partnerships/index.js';
import type { PlanService, ScorecardService } from '../../plans/index.js';
import {
  abilityTo,
  adoptionProblems,
  canAdopt,
  canChangeFindings,
  canEditAssessment,
  canLeadAssessment,
  defaultCriteria,
  indicatorSelectionProblems,
  isDraft,
  rankThemes,
  scoreProblem,
  sortPack,
  WEIGHT_MAX,
  type PackRow,
  type ThemeScores,
} from '../policy.js';
import type { Assessment, FrozenFigure, StoredPack } from '../schema.js';
import type { AssessmentInput, FindingInput, ThemeInput } from './inputs.js';
import * as repo from './repository.js';

/** What the assessment service needs of the other modules (through their index.ts). */
export interface AssessmentDeps {
  plans: PlanService;
  /** The adopted themes' measures become the plan's scorecard measures. */
  scorecards: Pick<ScorecardService, 'addAdoptedMeasures'>;
  evidence: Pick<EvidenceReportService, 'evidencePack' | 'latestFigure' | 'indicatorsHeld'>;
}

/**
 * The scorecard measures of the adopted themes: each finding with an indicator figure, for the partnership's
 * area against the assessment's benchmark (England unless it named another), from the latest period the
 * evidence pack holds for the indicator (else the finding's kept figure), linked to the theme's priority.
 * None when the partnership has no area.
 */
function adoptedMeasures(
  a: Assessment,
  areaCode: string | null,
  themes: { id: number }[],
  findings: { themeId: number; indicatorKey: string | null; frozenFigure: FrozenFigure | null }[],
  priorities: { id: number }[],
) {
  if (!areaCode) return [];
  return themes.flatMap((t, i) => {
    const seen = new Set<string>();
    return findings.flatMap((f) => {
      if (f.themeId !== t.id || !f.indicatorKey || seen.has(f.indicatorKey)) return [];
      const baselinePeriod = a.pack?.rows.find((r) => r.key === f.indicatorKey)?.period ?? f.frozenFigure?.period;
      if (!baselinePeriod) return [];
      seen.add(f.indicatorKey);
      return [{ priorityId: priorities[i]!.id, indicatorKey: f.indicatorKey, areaCode, benchmarkCode: a.benchmarkCode, baselinePeriod }];
    });
  });
}

const frozen = () => new AppError('conflict', 'This assessment has been agreed, so it can no longer change');

/** A finding's stored columns from the form's answers, with the uploaded copy it keeps (if any). */
const findingColumns = (v: FindingInput, fileId: number | null) => ({
  statement: v.statement,
  figureText: v.figureText ?? null,
  indicatorKey: v.indicatorKey ?? null,
  sourceKind: v.sourceKind,
  sourceTitle: v.sourceTitle ?? null,
  sourceDate: v.sourceDate ?? null,
  sourceUrl: v.sourceUrl ?? null,
  importId: v.importId ?? null,
  fileId,
});

/** Strategic assessments: the pack, themes and findings, the matrix, agreement and adoption. */
export function createAssessmentService(db: Db, audit: AuditService, policy: Policy, deps: AssessmentDeps) {
  async function partnershipFor(actor: Actor, partnershipId: number, ability: PartnershipAbility) {
    const partnership = await findPartnership(db, partnershipId);
    if (!partnership) throw await policy.refuseNotFound(actor, 'partnership');
    const role = await policy.require(actor, partnershipId, ability);
    return { partnership, role };
  }

  /** The assessment, if the actor may reach it with the ability; 404 outside their partnerships, 403 for a role too low. */
  async function assessmentFor(actor: Actor, id: number, ability: PartnershipAbility = abilityTo.read) {
    const assessment = await repo.findAssessment(db, id);
    if (!assessment) throw await policy.refuseNotFound(actor, 'assessment');
    const role = await policy.require(actor, assessment.partnershipId, ability, 'assessment');
    const partnership = (await findPartnership(db, assessment.partnershipId))!;
    return { assessment, role, partnership };
  }

  /** A draft the actor may edit. */
  async function draftFor(actor: Actor, id: number) {
    const found = await assessmentFor(actor, id, abilityTo.lead);
    if (!isDraft(found.assessment)) throw frozen();
    return found;
  }

  async function themeFor(actor: Actor, themeId: number, ability: PartnershipAbility = abilityTo.read) {
    const theme = await repo.findTheme(db, themeId);
    if (!theme) throw await policy.refuseNotFound(actor, 'theme');
    const found = await assessmentFor(actor, theme.assessmentId, ability);
    if (ability === abilityTo.lead && !isDraft(found.assessment)) throw frozen();
    return { ...found, theme };
  }

  /** A finding with its theme and assessment, for one who may change it: a draft's, led by the actor's role. */
  async function findingFor(actor: Actor, findingId: number) {
    const finding = await repo.findFinding(db, findingId);
    if (!finding) throw await policy.refuseNotFound(actor, 'finding');
    const theme = (await repo.findTheme(db, finding.themeId))!;
    const found = await assessmentFor(actor, theme.assessmentId, abilityTo.lead);
    if (!canChangeFindings(found.role, found.assessment)) throw frozen();
    return { ...found, theme, finding };
  }

  async function buildPack(
    actor: Actor,
    a: Pick<Assessment, 'benchmarkCode' | 'indicatorKeys'>,
    areaCode: string | null,
    areaName: string | null,
  ) {
    if (!areaCode) return { areaCode: null, areaName, benchmarkCode: a.benchmarkCode, benchmarkName: null, rows: [] } satisfies StoredPack;
    const pack = await deps.evidence.evidencePack(actor, { areaCode, benchmarkCode: a.benchmarkCode, indicatorKeys: a.indicatorKeys });
    return { ...pack, rows: sortPack(pack.rows) } satisfies StoredPack;
  }

  const packRows = (a: Assessment): PackRow[] => a.pack?.rows ?? [];

  /** The ranked matrix: as agreed once agreed, otherwise worked out now from the stored pack and the scores. */
  async function matrixOf(a: Assessment) {
    if (a.agreedMatrix) return a.agreedMatrix;
    return rankThemes(a.criteria, await repo.listThemes(db, a.id), packRows(a));
  }

  /** Findings with their figure: live from the evidence until agreed, then as frozen. */
  async function findingsOf(actor: Actor, a: Assessment, themeIds: number[], areaCode: string | null) {
    const rows = await repo.listFindings(db, themeIds);
    return Promise.all(
      rows.map(async (f) => {
        let figure: FrozenFigure | null = f.frozenFigure;
        if (!figure && f.indicatorKey && isDraft(a)) {
          const live = await deps.evidence.latestFigure(actor, f.indicatorKey, areaCode);
          figure = live && live.period ? { ...live, period: live.period } : null;
        }
        return { ...f, figure, live: isDraft(a) && !!f.indicatorKey };
      }),
    );
  }

  async function audited<T extends { id: number }>(
    actor: Actor,
    partnershipId: number,
    action: string,
    entityType: string,
    write: (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => Promise<T | undefined>,
    before?: unknown,
    what = 'assessment',
  ) {
    return db.transaction(async (tx) => {
      const after = await write(tx);
      if (!after) throw new EditConflictError(what);
      await audit.record(actor, { action, entityType, entityId: after.id, partnershipId, before, after }, tx);
      return after;
    });
  }

  return {
    assessmentFor,
    /** A draft the actor may edit (403 for a role too low; a conflict once agreed). */
    assessmentForEditing: draftFor,

    /** The adopt page is for coordinators: why they cannot adopt now (null when they can). */
    async adoptionFor(actor: Actor, id: number) {
      const { assessment, role } = await assessmentFor(actor, id, abilityTo.lead);
      if (canAdopt(role, assessment)) return null;
      return assessment.status !== 'agreed'
        ? 'Agree the assessment before adopting priorities from it.'
        : 'Priorities have already been adopted from this assessment.';
    },

    /** The assessments page: every assessment the actor can see, and where they may start one. */
    async assessmentsIndex(actor: Actor) {
      const visible = await policy.visiblePartnershipIds(actor);
      const [rows, partnerships] = await Promise.all([repo.listAssessmentsIn(db, visible), listPartnerships(db, visible)]);
      const roles = await Promise.all(partnerships.map((p) => policy.roleIn(actor, p.id)));
      const names = new Map(partnerships.map((p) => [p.id, p.name]));
      return {
        rows: rows.map((r) => ({ ...r, partnershipName: names.get(r.partnershipId) ?? '', yearLabel: financialYearKey(r.year) })),
        partnerships: partnerships.map((p, i) => ({ id: p.id, name: p.name, canCreate: canLeadAssessment(roles[i] ?? null) })),
      };
    },

    async listAssessments(actor: Actor, partnershipId: number) {
      const { partnership, role } = await partnershipFor(actor, partnershipId, abilityTo.read);
      return { partnership, role, assessments: await repo.listAssessments(db, partnershipId) };
    },

    async newAssessmentFor(actor: Actor, partnershipId: number) {
      return (await partnershipFor(actor, partnershipId, abilityTo.lead)).partnership;
    },

    /**
     * A new draft, with the default criteria and, for a partnership with an area, its evidence pack built: of
     * every indicator held for the area, or only of `indicatorKeys`.
     */
    async createAssessment(actor: Actor, partnershipId: number, v: AssessmentInput, options: { indicatorKeys?: string[] } = {}) {
      const { partnership } = await partnershipFor(actor, partnershipId, abilityTo.lead);
      const base = { benchmarkCode: v.benchmarkCode, indicatorKeys: options.indicatorKeys ?? null };
      const pack = await buildPack(actor, base, partnership.areaCode, partnership.areaName);
      return db.transaction(async (tx) => {
        const row = await repo.insertAssessment(tx, {
          partnershipId,
          year: v.year,
          title: v.title,
          summary: v.summary ?? null,
          ...base,
          criteria: defaultCriteria,
          pack,
          packBuiltAt: new Date(),
        });
        if (!row)
          throw new ValidationError([
            { field: 'year', message: `${partnership.name} already has an assessment for ${financialYearKey(v.year)}` },
          ]);
        await audit.record(
          actor,
          { action: 'assessment.create', entityType: 'assessment', entityId: row.id, partnershipId, after: row },
          tx,
        );
        return row;
      });
    },

    async updateAssessment(actor: Actor, id: number, version: number, v: AssessmentInput) {
      const { assessment: before } = await draftFor(actor, id);
      try {
        return await audited(
          actor,
          before.partnershipId,
          'assessment.update',
          'assessment',
          (tx) =>
            repo.updateAssessment(tx, id, version, {
              title: v.title,
              year: v.year,
              summary: v.summary ?? null,
              benchmarkCode: v.benchmarkCode,
            }),
          before,
        );
      } catch (error) {
        const e = error as { code?: string; cause?: { code?: string } };
        if (e.code === '23505' || e.cause?.code === '23505')
          throw new ValidationError([{ field: 'year', message: `There is already an assessment for ${financialYearKey(v.year)}` }]);
        throw error;
      }
    },

    /** Builds the pack again from the evidence held now (a draft only: an agreed assessment's pack is frozen). */
    async refreshPack(actor: Actor, id: number, version: number) {
      const { assessment: before, partnership } = await draftFor(actor, id);
      const pack = await buildPack(actor, before, partnership.areaCode, partnership.areaName);
      return audited(actor, before.partnershipId, 'assessment.refresh-pack', 'assessment', (tx) =>
        repo.updateAssessment(tx, id, version, { pack, packBuiltAt: new Date() }),
      );
    },

    /**
     * The indicator selection page of a draft: the indicators held for the partnership's area (none without
     * an area) and which the pack holds now (all of them when none were chosen).
     */
    async indicatorChoices(actor: Actor, id: number) {
      const { assessment, partnership } = await draftFor(actor, id);
      const indicators = partnership.areaCode ? await deps.evidence.indicatorsHeld(partnership.areaCode) : [];
      const chosen = assessment.indicatorKeys ?? indicators.map((i) => i.key);
      return { assessment, partnership, indicators, chosen };
    },

    /**
     * Chooses the indicators the pack holds and builds the pack again with them, in one audited change of the
     * version the form was based on. Choosing every indicator held stores no selection: the pack then holds
     * whatever the area holds, as by default. Refused once agreed.
     */
    async chooseIndicators(actor: Actor, id: number, version: number, keys: string[]) {
      const { assessment: before, partnership } = await draftFor(actor, id);
      // A stale page is told so before the pack is built (the update checks the version again).
      if (before.version !== version) throw new EditConflictError('assessment');
      if (!partnership.areaCode)
        throw new ValidationError([{ field: 'indicatorKeys', message: 'The partnership has no area, so its pack holds no indicators' }]);
      const held = (await deps.evidence.indicatorsHeld(partnership.areaCode)).map((i) => i.key);
      const chosen = [...new Set(keys)];
      const problems = indicatorSelectionProblems(held, chosen);
      if (problems.length) throw new ValidationError(problems);
      const indicatorKeys = held.every((k) => chosen.includes(k)) ? null : held.filter((k) => chosen.includes(k));
      const pack = await buildPack(actor, { ...before, indicatorKeys }, partnership.areaCode, partnership.areaName);
      return audited(
        actor,
        before.partnershipId,
        'assessment.indicators',
        'assessment',
        (tx) => repo.updateAssessment(tx, id, version, { indicatorKeys, pack, packBuiltAt: new Date() }),
        { indicatorKeys: before.indicatorKeys },
      );
    },

    /** The assessment page: pack, themes with findings, the matrix, decisions, and what the actor may do. */
    async getAssessment(actor: Actor, id: number) {
      const { assessment, role, partnership } = await assessmentFor(actor, id);
      const themes = await repo.listThemes(db, id);
      const findings = await findingsOf(
        actor,
        assessment,
        themes.map((t) => t.id),
        partnership.areaCode,
      );
      const matrix = await matrixOf(assessment);
      const files = await repo.listFiles(db, id);
      return {
        assessment,
        partnership,
        role,
        yearLabel: financialYearKey(assessment.year),
        pack: assessment.pack,
        themes: themes.map((t) => ({
          ...t,
          findings: findings.filter((f) => f.themeId === t.id),
          ranked: matrix.find((m) => m.themeId === t.id) ?? null,
        })),
        matrix,
        files,
        canEdit: canEditAssessment(role, assessment),
        canAdopt: canAdopt(role, assessment),
        canLead: canLeadAssessment(role),
      };
    },

    async addTheme(actor: Actor, assessmentId: number, v: ThemeInput) {
      const { assessment } = await draftFor(actor, assessmentId);
      return audited(actor, assessment.partnershipId, 'assessment-theme.create', 'assessment-theme', (tx) =>
        repo.insertTheme(tx, { assessmentId, title: v.title, description: v.description ?? null, indicatorKey: v.indicatorKey ?? null }),
      );
    },

    themeForEditing: (actor: Actor, themeId: number) => themeFor(actor, themeId, abilityTo.lead),

    async updateTheme(actor: Actor, themeId: number, version: number, v: ThemeInput) {
      const { theme: before, assessment } = await themeFor(actor, themeId, abilityTo.lead);
      return audited(
        actor,
        assessment.partnershipId,
        'assessment-theme.update',
        'assessment-theme',
        (tx) =>
          repo.updateTheme(tx, themeId, version, {
            title: v.title,
            description: v.description ?? null,
            indicatorKey: v.indicatorKey ?? null,
          }),
        before,
        'theme',
      );
    },

    async addFinding(actor: Actor, themeId: number, v: FindingInput, upload?: { fileName: string; contentType: string; content: Buffer }) {
      const { assessment } = await themeFor(actor, themeId, abilityTo.lead);
      return db.transaction(async (tx) => {
        const file = upload
          ? await repo.insertFile(tx, { assessmentId: assessment.id, ...upload, size: upload.content.length, uploadedBy: actor.userId })
          : null;
        const row = await repo.insertFinding(tx, { themeId, ...findingColumns(v, file?.id ?? null) });
        await audit.record(
          actor,
          {
            action: 'assessment-finding.create',
            entityType: 'assessment-finding',
            entityId: row.id,
            partnershipId: assessment.partnershipId,
            after: row,
          },
          tx,
        );
        return row;
      });
    },

    /** A finding the actor may change: 404 outside their partnerships, 403 for a role too low, a conflict once agreed. */
    findingForEditing: findingFor,

    /** Changes a finding of a draft (the version it was based on, or an edit conflict); audited. */
    async updateFinding(actor: Actor, findingId: number, version: number, v: FindingInput) {
      const { finding: before, assessment } = await findingFor(actor, findingId);
      return audited(
        actor,
        assessment.partnershipId,
        'assessment-finding.update',
        'assessment-finding',
        (tx) =>
          // The uploaded copy belongs to a document source.
          repo.updateFinding(tx, findingId, version, findingColumns(v, v.sourceKind === 'document' ? before.fileId : null)),
        before,
        'finding',
      );
    },

    /** Removes a finding of a draft (the version it was based on, or an edit conflict); audited. */
    async removeFinding(actor: Actor, findingId: number, version: number) {
      const { finding, assessment } = await findingFor(actor, findingId);
      return db.transaction(async (tx) => {
        const before = await repo.deleteFinding(tx, findingId, version);
        if (!before) throw new EditConflictError('finding');
        await audit.record(
          actor,
          {
            action: 'assessment-finding.delete',
            entityType: 'assessment-finding',
            entityId: findingId,
            partnershipId: assessment.partnershipId,
            before,
          },
          tx,
        );
        return finding;
      });
    },

    /** Changes the criteria's weights (whole numbers from 0 to 10). */
    async setWeights(actor: Actor, id: number, version: number, weights: Record<string, string>) {
      const { assessment: before } = await draftFor(actor, id);
      const errors: { field: string; message: string }[] = [];
      const criteria = before.criteria.map((c) => {
        const raw = weights[c.key];
        const n = raw === undefined || raw === '' ? NaN : Number(raw);
        if (!Number.isInteger(n) || n < 0 || n > WEIGHT_MAX)
          errors.push({ field: `weight-${c.key}`, message: `Enter the weight of ‘${c.label}’ as a whole number from 0 to ${WEIGHT_MAX}` });
        return { ...c, weight: n };
      });
      if (errors.length) throw new ValidationError(errors);
      return audited(
        actor,
        before.partnershipId,
        'assessment.weights',
        'assessment',
        (tx) => repo.updateAssessment(tx, id, version, { criteria }),
        before,
      );
    },

    /** The scoring page: the theme, the criteria and how it scores now. */
    async scoringFor(actor: Actor, themeId: number) {
      const found = await themeFor(actor, themeId, abilityTo.lead);
      const matrix = await matrixOf(found.assessment);
      return { ...found, criteria: found.assessment.criteria, ranked: matrix.find((m) => m.themeId === themeId)! };
    },

    /**
     * Scores a theme: a blank score keeps the pre-score (or leaves a criterion unscored); a score on a
     * pre-scored criterion that differs from its pre-score is an override and needs a reason.
     */
    async scoreTheme(actor: Actor, themeId: number, version: number, given: Record<string, { score: string; reason: string }>) {
      const { theme: before, assessment } = await themeFor(actor, themeId, abilityTo.lead);
      const current = rankThemes(assessment.criteria, [before], packRows(assessment))[0]!;
      const scores: ThemeScores = {};
      const errors: { field: string; message: string }[] = [];
      for (const c of assessment.criteria) {
        const g = given[c.key];
        if (!g || g.score === '') continue;
        const pre = current.cells.find((x) => x.criterionKey === c.key)?.preScore ?? null;
        const value = Number(g.score);
        if (pre && value === pre.score) continue; // the same as the data says: stays pre-scored
        const problem = scoreProblem(value, pre !== null, g.reason || null);
        if (problem)
          errors.push({ field: problem.startsWith('Give') ? `reason-${c.key}` : `score-${c.key}`, message: `${c.label}: ${problem}` });
        else scores[c.key] = { score: value, reason: g.reason || null };
      }
      if (errors.length) throw new ValidationError(errors);
      return audited(
        actor,
        assessment.partnershipId,
        'assessment-theme.score',
        'assessment-theme',
        (tx) => repo.updateTheme(tx, themeId, version, { scores }),
        before,
        'theme',
      );
    },

    /** Agrees the assessment: its pack, its findings' figures and its ranked matrix (weights, scores, reasons) are kept as they stand. */
    async agree(actor: Actor, id: number, version: number) {
      const { assessment: before, partnership } = await draftFor(actor, id);
      const themes = await repo.listThemes(db, id);
      if (!themes.length) throw new ValidationError([{ field: 'form', message: 'Add at least one theme before agreeing the assessment' }]);
      const pack = before.pack ?? (await buildPack(actor, before, partnership.areaCode, partnership.areaName));
      const matrix = rankThemes(before.criteria, themes, pack.rows);
      const findings = await findingsOf(
        actor,
        before,
        themes.map((t) => t.id),
        partnership.areaCode,
      );
      return db.transaction(async (tx) => {
        for (const f of findings) if (f.indicatorKey && f.figure) await repo.freezeFinding(tx, f.id, f.figure);
        const after = await repo.updateAssessment(tx, id, version, {
          status: 'agreed',
          pack,
          agreedMatrix: matrix,
          agreedAt: new Date(),
          agreedBy: actor.userId,
        });
        if (!after) throw new EditConflictError('assessment');
        await audit.record(
          actor,
          { action: 'assessment.agree', entityType: 'assessment', entityId: id, partnershipId: before.partnershipId, before, after },
          tx,
        );
        return after;
      });
    },

    /**
     * Adopts the chosen themes as the next plan's priorities (a draft plan starting the year after the
     * assessment's, made if there is none), each linked back to its theme; the others keep the reason they
     * were not adopted. One transaction with the plan's changes.
     */
    async adopt(actor: Actor, id: number, version: number, chosen: number[], reasons: Record<number, string | undefined>) {
      const { assessment: before, role, partnership } = await assessmentFor(actor, id, abilityTo.lead);
      if (!canAdopt(role, before))
        throw new AppError(
          'conflict',
          before.status !== 'agreed'
            ? 'Agree the assessment before adopting priorities from it'
            : 'Priorities have already been adopted from this assessment',
        );
      const themes = await repo.listThemes(db, id);
      const ids = themes.map((t) => t.id);
      const picked = chosen.filter((c) => ids.includes(c));
      const problems = adoptionProblems(ids, picked, reasons);
      if (problems.length) throw new ValidationError(problems);
      const order = (before.agreedMatrix ?? []).map((m) => m.themeId);
      const adoptedThemes = themes.filter((t) => picked.includes(t.id)).sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
      const findings = await repo.listFindings(
        db,
        adoptedThemes.map((t) => t.id),
      );
      return db.transaction(async (tx) => {
        const result = await deps.plans.draftPlanWithPriorities(
          actor,
          partnership.id,
          {
            title: `${partnership.shortName ?? partnership.name} plan ${financialYearKey(before.year + 1)} onwards`,
            firstYear: before.year + 1,
            lastYear: before.year + 2,
            strategicAssessment: before.title,
          },
          adoptedThemes.map((t) => ({
            title: t.title,
            description: t.description,
            activities: findings.filter((f) => f.themeId === t.id).map((f) => f.statement.slice(0, 300)),
          })),
          tx,
        );
        for (const t of themes) {
          const i = adoptedThemes.findIndex((a) => a.id === t.id);
          const after = await repo.updateTheme(tx, t.id, t.version, {
            decision: i >= 0 ? 'adopted' : 'not-adopted',
            decisionReason: i >= 0 ? (reasons[t.id] ?? null) || null : reasons[t.id]!.trim(),
            priorityId: i >= 0 ? result.priorities[i]!.id : null,
          });
          if (!after) throw new EditConflictError('theme');
        }
        const measures = await deps.scorecards.addAdoptedMeasures(
          actor,
          partnership.id,
          result.plan.id,
          adoptedMeasures(before, partnership.areaCode, adoptedThemes, findings, result.priorities),
          tx,
        );
        const after = await repo.updateAssessment(tx, id, version, { adoptedPlanId: result.plan.id });
        if (!after) throw new EditConflictError('assessment');
        await audit.record(
          actor,
          {
            action: 'assessment.adopt',
            entityType: 'assessment',
            entityId: id,
            partnershipId: partnership.id,
            before,
            after: { ...after, adoptedThemeIds: picked, measureIds: measures.map((m) => m.id) },
          },
          tx,
        );
        return { assessment: after, plan: result.plan, measures };
      });
    },

    /** A file of the assessment (a finding's source or a contribution's report), for someone who may read it. */
    async getFile(actor: Actor, fileId: number) {
      const file = await repo.findFile(db, fileId);
      if (!file) throw notFound('File');
      await assessmentFor(actor, file.assessmentId);
      return file;
    },
  };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
export type AssessmentView = Awaited<ReturnType<AssessmentService['getAssessment']>>;
