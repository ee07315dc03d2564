/**
 * Who may do what with reports, and which figures each reader sees, as small pure rules (no database).
 *
 * - Everyone with a seat in the partnership (viewer and up) reads its reports and published versions.
 * - Coordinators (and administrators) write the narrative, publish a version, and choose whether the
 *   partnership publishes on the public pages.
 * - A draft shows every figure to analysts (administrators, coordinators and contributors), as the evidence
 *   pages do; to anyone else, and in every published version, small numbers are hidden.
 * - Each kind of report covers one kind of period: the annual review a financial year (2016/17), the
 *   assurance report and the progress table a quarter (2021/22-Q3).
 */
import type { Actor, PartnershipRole } from '../access/index.js';
import type { PeriodType } from '../../lib/periods.js';
import type { ReportKind } from './schema.js';

const rank: Record<PartnershipRole, number> = { viewer: 1, contributor: 2, coordinator: 3 };

export const canReadReports = (actor: Actor, role: PartnershipRole | null) => actor.isAdmin || role !== null;

/** Narrative, publishing and the public-pages switch: coordinators and administrators. */
export const canEditReports = (actor: Actor, role: PartnershipRole | null) =>
  actor.isAdmin || (role !== null && rank[role] >= rank.coordinator);
export const canPublish = canEditReports;
export const canChangePublicSetting = canEditReports;

/** Every figure (drafts for analysts) or the published figures (small numbers hidden). */
export function figuresFor(actor: Actor, role: PartnershipRole | null, state: 'draft' | 'published'): 'analyst' | 'published' {
  if (state === 'published') return 'published';
  return actor.isAdmin || (role !== null && rank[role] >= rank.contributor) ? 'analyst' : 'published';
}

export const periodTypeOf: Record<ReportKind, PeriodType> = {
  'annual-review': 'financial-year',
  assurance: 'quarter',
  'progress-table': 'quarter',
};

/** The narrative sections of a report kind, with their labels; per-priority commentary is added by number. */
export function narrativeSections(kind: ReportKind, priorityNumbers: number[] = []): { key: string; label: string }[] {
  switch (kind) {
    case 'annual-review':
      return [
        { key: 'introduction', label: 'Introduction' },
        { key: 'recommendations', label: 'Recommendations' },
      ];
    case 'assurance':
      return [
        { key: 'introduction', label: 'Introduction' },
        ...priorityNumbers.map((n) => ({ key: `priority-${n}`, label: `Commentary on priority ${n}` })),
        { key: 'decisions-sought', label: 'Decisions sought' },
      ];
    case 'progress-table':
      return [{ key: 'introduction', label: 'Introduction' }];
  }
}

/** Whether a section key may hold narrative for a kind (priority commentary for any priority number). */
export const isNarrativeSection = (kind: ReportKind, key: string) =>
  narrativeSections(kind).some((s) => s.key === key) || (kind === 'assurance' && /^priority-\d{1,3}$/.test(key));

/** Longest narrative section kept, in characters. */
export const NARRATIVE_MAX = 20_000;
