/**
 * The reports service (`services.reports`): builds a report's content from the partnership's records
 * (builders/), renders it as HTML, PDF or DOCX (render/), keeps the narrative coordinators write, publishes
 * frozen versions, and serves the public pages. Knows nothing of HTTP; every change is audited in the same
 * transaction.
 */
import type { Db } from '../../db/database.js';
import { AppError, EditConflictError, forbidden, notFound, ValidationError } from '../../lib/errors.js';
import { parsePeriod } from '../../lib/periods.js';
import { systemActor, type Actor, type AuditService, type Policy } from '../access/index.js';
import type { EvidenceReportService } from '../evidence/index.js';
import type { GovernanceService } from '../governance/index.js';
import { findPartnership, type Partnership } from '../partnerships/index.js';
import type { PlansServices } from '../plans/index.js';
import { buildAnnualReview } from './builders/annual-review.js';
import { buildAssurance } from './builders/assurance.js';
import type { BuildContext } from './builders/context.js';
import { buildProgressTable } from './builders/progress-table.js';
import type { DataSource, ReportDocument, Section } from './model.js';
import {
  canChangePublicSetting,
  canEditReports,
  canPublish,
  canReadReports,
  figuresFor,
  isNarrativeSection,
  narrativeSections,
} from './policy.js';
import { kindTitles, licenceOf } from './presenters.js';
import { renderFile } from './render/file.js';
import * as repo from './repository.js';
import type { ReportFormat, ReportKind } from './schema.js';

export interface ReportsDeps {
  db: Db;
  audit: AuditService;
  policy: Policy;
  evidence: EvidenceReportService;
  plans: PlansServices;
  governance: GovernanceService;
  now?: () => Date;
}

const builders: Record<ReportKind, (ctx: BuildContext, periodKey: string) => Promise<Section[]>> = {
  'annual-review': buildAnnualReview,
  assurance: buildAssurance,
  'progress-table': buildProgressTable,
};

const titles: Record<ReportKind, string> = {
  'annual-review': 'Annual review for scrutiny',
  assurance: 'Quarterly assurance report',
  'progress-table': 'Progress update on the plan',
};

export type { Rendered } from './render/file.js';
export { render } from './render/file.js';

export function createReportsService(deps: ReportsDeps) {
  const { db, audit, policy } = deps;
  const now = deps.now ?? (() => new Date());

  async function partnershipFor(actor: Actor, partnershipId: number) {
    const role = actor.isAdmin
      ? await policy.roleIn(actor, partnershipId)
      : await policy.require(actor, partnershipId, 'view', 'partnership');
    const partnership = await findPartnership(db, partnershipId);
    if (!partnership) throw notFound('Partnership');
    if (!canReadReports(actor, role)) throw notFound('Partnership');
    return { partnership, role };
  }

  /** Builds the report's content from live figures: a draft, or the content of a version about to be published. */
  async function build(
    partnership: Partnership,
    kind: ReportKind,
    periodKey: string,
    view: 'analyst' | 'published',
    state: ReportDocument['state'],
  ) {
    const ref = { partnershipId: partnership.id, kind, periodKey };
    const narrative = new Map((await repo.listNarratives(db, ref)).map((n) => [n.sectionKey, n.body]));
    const usedIndicators = new Set<string>();
    // A draft is dated by its day, so the same figures give the same bytes all day (page, API, command line).
    const madeAt = new Date(`${now().toISOString().slice(0, 10)}T00:00:00Z`);
    const ctx: BuildContext = {
      evidence: deps.evidence,
      plans: deps.plans,
      governance: deps.governance,
      partnership,
      view,
      narrative,
      usedIndicators,
      now: madeAt,
    };
    const sections = await builders[kind](ctx, periodKey);
    const indicators = (await deps.evidence.overview()).indicators.filter((i) => usedIndicators.has(i.key));
    const sources: DataSource[] = [...new Map(indicators.map((i) => [i.source, i])).values()].map((i) => ({
      name: i.source,
      detail: indicators
        .filter((x) => x.source === i.source)
        .map((x) => x.name)
        .join('; '),
      licence: licenceOf(i.source),
    }));
    const imports = await repo.importsBehind(db, [...usedIndicators], partnership.areaCode ? [partnership.areaCode, 'E92000001'] : []);
    const dataUsed = imports.map((i) => ({
      what: `${i.fileName} (${i.kind} import ${i.id})`,
      when: (i.finishedAt ?? i.createdAt).toISOString(),
    }));
    if (sources.length || dataUsed.length)
      sections.push({
        id: 'data-sources',
        title: 'Data sources',
        blocks: [
          {
            type: 'table',
            table: {
              caption: 'Where the figures come from, with their licences',
              head: ['Source', 'Figures', 'Licence'],
              rows: sources.map((s) => [s.name, s.detail, s.licence]),
              note: 'Contains public sector information licensed under the Open Government Licence v3.0. Ward boundaries: Martin Chorley, CC BY 4.0.',
            },
          },
          ...(dataUsed.length
            ? [
                {
                  type: 'table' as const,
                  table: {
                    caption: 'The imports these figures were read from',
                    head: ['Import', 'Imported'],
                    rows: dataUsed.map((d) => [d.what, d.when.slice(0, 10)]),
                  },
                },
              ]
            : []),
        ],
      });
    const periodLabel = parsePeriod(periodKey).label;
    const doc: ReportDocument = {
      kind,
      title: titles[kind],
      partnershipId: partnership.id,
      partnershipName: partnership.name,
      periodKey,
      periodLabel,
      language: 'en-GB',
      state,
      madeAt: madeAt.toISOString(),
      suppressed: view === 'published',
      sections,
      sources,
      dataUsed,
    };
    return doc;
  }

  async function readVersion(partnershipId: number, kind: ReportKind, periodKey: string, version: number) {
    const row = await repo.findVersion(db, { partnershipId, kind, periodKey }, version);
    if (!row)
      throw new AppError(
        'not_found',
        `There is no published version ${version} of this ${kindTitles[kind].toLowerCase()} for ${periodKey}`,
      );
    return row.content;
  }

  const rendered = renderFile;

  return {
    /** A report as the actor may see it: the live draft, or a published version when `version` is given. */
    async document(actor: Actor, partnershipId: number, kind: ReportKind, periodKey: string, version?: number) {
      const { partnership, role } = await partnershipFor(actor, partnershipId);
      if (version !== undefined) return readVersion(partnership.id, kind, periodKey, version);
      return build(partnership, kind, periodKey, figuresFor(actor, role, 'draft'), { status: 'draft' });
    },

    /** The bytes of a download (page, API and command line alike). */
    async download(actor: Actor, partnershipId: number, kind: ReportKind, periodKey: string, format: ReportFormat, version?: number) {
      return rendered(await this.document(actor, partnershipId, kind, periodKey, version), format);
    },

    /** The report page: the draft, its versions, and the narrative forms for coordinators. */
    async reportPage(actor: Actor, partnershipId: number, kind: ReportKind, periodKey: string) {
      const { partnership, role } = await partnershipFor(actor, partnershipId);
      const ref = { partnershipId, kind, periodKey };
      const [versions, narratives] = await Promise.all([repo.listVersions(db, ref), repo.listNarratives(db, ref)]);
      let doc: ReportDocument | null = null;
      let missing: string | null = null;
      try {
        doc = await build(partnership, kind, periodKey, figuresFor(actor, role, 'draft'), { status: 'draft' });
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'not_found')) throw error;
        missing = error.message;
      }
      const priorityNumbers = doc?.sections.filter((s) => s.id.startsWith('priority-')).map((s) => Number(s.id.slice(9))) ?? [];
      const sections = narrativeSections(kind, priorityNumbers).map((s) => {
        const n = narratives.find((x) => x.sectionKey === s.key);
        return { ...s, body: n?.body ?? '', version: n?.version ?? 1, updatedAt: n?.updatedAt ?? null };
      });
      return {
        partnership,
        role,
        kind,
        periodKey,
        period: parsePeriod(periodKey),
        doc,
        missing,
        versions,
        sections,
        canEdit: canEditReports(actor, role),
        canPublish: canPublish(actor, role) && doc !== null,
      };
    },

    /** Saves one narrative section; a stale version is an edit conflict that keeps what the user typed. */
    async saveNarrative(
      actor: Actor,
      partnershipId: number,
      kind: ReportKind,
      periodKey: string,
      section: string,
      version: number,
      body: string,
    ) {
      const { role } = await partnershipFor(actor, partnershipId);
      if (!canEditReports(actor, role)) throw forbidden('Only the partnership’s coordinators can write a report’s narrative');
      if (!isNarrativeSection(kind, section))
        throw new ValidationError([{ field: 'section', message: `“${section}” is not a narrative section of this report` }]);
      const ref = { partnershipId, kind, periodKey };
      return db.transaction(async (tx) => {
        const before = await repo.findNarrative(tx, ref, section);
        let after;
        if (!before) {
          if (version !== 1) throw new EditConflictError('section');
          after = await repo.insertNarrative(tx, ref, section, body, actor.userId);
          if (!after) throw new EditConflictError('section');
        } else {
          after = await repo.updateNarrative(tx, before.id, version, body, actor.userId);
          if (!after) throw new EditConflictError('section');
        }
        await audit.record(
          actor,
          {
            action: 'report.narrative.save',
            entityType: 'report_narrative',
            entityId: after.id,
            partnershipId,
            before: before ?? null,
            after,
          },
          tx,
        );
        return after;
      });
    },

    /** Freezes the report as it stands (published figures, narrative, the data used) as its next version. */
    async publish(actor: Actor, partnershipId: number, kind: ReportKind, periodKey: string) {
      const { partnership, role } = await partnershipFor(actor, partnershipId);
      if (!canPublish(actor, role)) throw forbidden('Only the partnership’s coordinators can publish a report');
      const publishedAt = now();
      const publishedByName = await repo.userName(db, actor.userId);
      const ref = { partnershipId, kind, periodKey };
      const draft = await build(partnership, kind, periodKey, 'published', { status: 'draft' });
      return db.transaction(async (tx) => {
        const versionNumber = await repo.nextVersionNumber(tx, ref);
        const content: ReportDocument = {
          ...draft,
          madeAt: publishedAt.toISOString(),
          state: { status: 'published', version: versionNumber, publishedAt: publishedAt.toISOString(), publishedBy: publishedByName },
        };
        const row = await repo.insertVersion(tx, ref, { versionNumber, content, publishedBy: actor.userId, publishedByName, publishedAt });
        await audit.record(
          actor,
          {
            action: 'report.publish',
            entityType: 'report_version',
            entityId: row.id,
            partnershipId,
            after: { kind, periodKey, versionNumber, dataUsed: content.dataUsed },
          },
          tx,
        );
        return row;
      });
    },

    /** The partnership's reports: kinds, the periods they have versions for, and the public-pages setting. */
    async reportsIndex(actor: Actor, partnershipId: number) {
      const { partnership, role } = await partnershipFor(actor, partnershipId);
      const [published, setting] = await Promise.all([repo.listPublishedOf(db, partnershipId), repo.findPublicSetting(db, partnershipId)]);
      return {
        partnership,
        role,
        published,
        publishes: setting?.publishes ?? false,
        settingVersion: setting?.version ?? 1,
        canChangePublicSetting: canChangePublicSetting(actor, role),
      };
    },

    async setPublic(actor: Actor, partnershipId: number, publishes: boolean, version: number) {
      const { role } = await partnershipFor(actor, partnershipId);
      if (!canChangePublicSetting(actor, role)) throw forbidden('Only the partnership’s coordinators can change what it publishes');
      return db.transaction(async (tx) => {
        const before = await repo.findPublicSetting(tx, partnershipId);
        const after = await repo.upsertPublicSetting(tx, partnershipId, publishes, version, actor.userId);
        if (!after) throw new EditConflictError('setting');
        await audit.record(
          actor,
          {
            action: 'report.public-setting',
            entityType: 'partnership',
            entityId: partnershipId,
            partnershipId,
            before: before ?? null,
            after,
          },
          tx,
        );
        return after;
      });
    },

    /** The public list: partnerships that publish (no sign-in). */
    publicIndex: () => repo.listPublishingPartnerships(db),

    /** A publishing partnership's public page: its plan summary and its published reports; 404 when it does not publish. */
    async publicPartnership(partnershipId: number) {
      const setting = await repo.findPublicSetting(db, partnershipId);
      const partnership = await findPartnership(db, partnershipId);
      if (!setting?.publishes || !partnership) throw notFound('Page');
      const { plans } = await deps.plans.plans.listPlans(systemActor, partnershipId);
      const current = plans.find((p) => p.status === 'agreed') ?? plans[0] ?? null;
      const plan = current ? await deps.plans.plans.getPlan(systemActor, current.id) : null;
      const published = await repo.listPublishedOf(db, partnershipId);
      // Only the latest version of each report is offered.
      const latest = published.filter((p, i) => published.findIndex((q) => q.kind === p.kind && q.periodKey === p.periodKey) === i);
      return {
        partnership,
        plan,
        reports: latest.map((r) => ({ ...r, title: titles[r.kind], periodLabel: parsePeriod(r.periodKey).label })),
      };
    },

    /** A published version for the public: only of a partnership that publishes. */
    async publicDownload(partnershipId: number, kind: ReportKind, periodKey: string, version: number, format: ReportFormat) {
      const setting = await repo.findPublicSetting(db, partnershipId);
      if (!setting?.publishes) throw notFound('Page');
      return rendered(await readVersion(partnershipId, kind, periodKey, version), format);
    },

    /** Turns publishing on for a partnership and publishes a report if it has no version yet (the demo). */
    async ensurePublished(partnershipId: number, kind: ReportKind, periodKey: string) {
      let created = 0;
      const setting = await repo.findPublicSetting(db, partnershipId);
      if (!setting?.publishes) {
        await this.setPublic(systemActor, partnershipId, true, setting?.version ?? 1);
        created++;
      }
      if (!(await repo.listVersions(db, { partnershipId, kind, periodKey })).length) {
        await this.publish(systemActor, partnershipId, kind, periodKey);
        created++;
      }
      return created;
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
