import { roleAllows, type PartnershipAbility, type PartnershipRole } from '../access/index.js';
import type { EvidencePackRow } from '../evidence/index.js';

/**
 * The strategic assessment's rules, all pure: who may do what, how the evidence pack is ordered, how the
 * data criteria of the prioritisation matrix are pre-scored from the pack, and how themes are ranked. The
 * services enforce them; pages use them to decide what to offer. Nothing here touches the database.
 */

type Role = PartnershipRole | null;

/** The partnership ability each kind of work needs (coordinators and analysts hold the coordinator role). */
export const abilityTo = {
  /** Read assessments, their pack, themes, matrix, contributions and document. */
  read: 'view',
  /** Create and change assessments, themes, findings, scores and weights; agree; adopt; run contribution requests. */
  lead: 'coordinate',
  /** Reply to a contribution request for one's own agency. */
  contribute: 'contribute',
} as const satisfies Record<string, PartnershipAbility>;

export const canLeadAssessment = (role: Role) => roleAllows(role, abilityTo.lead);

/** An agreed assessment is frozen: its pack, themes, findings, weights and scores no longer change. */
export const isDraft = (a: { status: string }) => a.status === 'draft';
export const canEditAssessment = (role: Role, a: { status: string }) => canLeadAssessment(role) && isDraft(a);
/** Findings are added, changed and removed by those who lead the assessment, while it is a draft. */
export const canChangeFindings = (role: Role, a: { status: string }) => canEditAssessment(role, a);
/** Priorities are adopted once, from an agreed assessment. */
export const canAdopt = (role: Role, a: { status: string; adoptedPlanId: number | null }) =>
  canLeadAssessment(role) && a.status === 'agreed' && a.adoptedPlanId === null;

/**
 * A lead officer replies for their own agency, when it is a member of the partnership and the request is open;
 * a contributor's role (or more) is needed.
 */
export function contributionRefusal(
  role: Role,
  agencyId: number | null,
  memberAgencyIds: readonly number[],
  request: { closedAt: Date | null },
): 'role' | 'not-member' | 'closed' | null {
  if (!roleAllows(role, abilityTo.contribute)) return 'role';
  if (agencyId === null || !memberAgencyIds.includes(agencyId)) return 'not-member';
  if (request.closedAt) return 'closed';
  return null;
}

// The evidence pack ----------------------------------------------------------------------------------

export type Judgement = 'better' | 'similar' | 'worse' | 'not-judged';
export type Polarity = 'higher-is-better' | 'lower-is-better' | 'no-judgement';

/** One indicator in the pack: the figures the assessment reads, as stored (and frozen when agreed). */
export type PackRow = EvidencePackRow;

/** The change in the direction that is worse (positive = worsening), or null. */
export function worseningChange(row: Pick<PackRow, 'change' | 'polarity'>): number | null {
  if (row.change === null) return null;
  if (row.polarity === 'no-judgement') return Math.abs(row.change);
  return row.polarity === 'higher-is-better' ? -row.change : row.change;
}

/**
 * Worst and fastest-worsening first: significantly worse than the benchmark, then a significant trend getting
 * worse, then the biggest worsening change on the year before; then by name.
 */
export function sortPack<R extends PackRow>(rows: R[]): R[] {
  const band = (r: R) => (r.comparison === 'worse' ? 0 : r.comparison === 'similar' ? 1 : r.comparison === 'better' ? 3 : 2);
  const trend = (r: R) => (r.trendJudgement === 'getting-worse' ? 0 : r.trendJudgement === 'getting-better' ? 2 : 1);
  return [...rows].sort((a, b) => {
    const d = band(a) - band(b) || trend(a) - trend(b);
    if (d) return d;
    const ca = worseningChange(a) ?? -Infinity;
    const cb = worseningChange(b) ?? -Infinity;
    if (ca !== cb) return cb - ca;
    return a.name.localeCompare(b.name);
  });
}

// The prioritisation matrix -------------------------------------------------------------------------

/** Data rules a criterion may be pre-scored by. */
export const dataRules = ['benchmark', 'trend', 'similar'] as const;
export type DataRule = (typeof dataRules)[number];

export interface Criterion {
  key: string;
  label: string;
  weight: number;
  /** Pre-scored from the pack by this rule; null: scored by the analysts. */
  rule: DataRule | null;
}

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;
export const WEIGHT_MAX = 10;

/** The default criteria and weights (the partnership may change the weights of each assessment). */
export const defaultCriteria: Criterion[] = [
  { key: 'scale', label: 'Scale against the benchmark', weight: 2, rule: 'benchmark' },
  { key: 'trend', label: 'Trend', weight: 2, rule: 'trend' },
  { key: 'similar', label: 'Comparison with similar areas', weight: 1, rule: 'similar' },
  { key: 'harm', label: 'Harm', weight: 3, rule: null },
  { key: 'vulnerability', label: 'Vulnerability of victims', weight: 3, rule: null },
  { key: 'concern', label: 'Public concern (survey measures)', weight: 1, rule: null },
  { key: 'capacity', label: 'Capacity to make a difference', weight: 2, rule: null },
];

/** How each rule turns the pack into a score, as shown beside it. */
export const ruleDescriptions: Record<DataRule, string> = {
  benchmark: 'Against the benchmark at 99.8%: worse 5, similar 3, better 1',
  trend: 'Five-point trend getting worse 5, getting better 1; otherwise a significant rise on last year 4, fall 2; no significant change 3',
  similar: 'Position among similar areas, worst 5 to best 1, in equal steps',
};

export interface PreScore {
  score: number;
  /** The rule as applied to this row, in words. */
  because: string;
}

/** The pre-score of one data rule from one pack row; null when the data cannot answer it. */
export function preScore(rule: DataRule, row: PackRow | null): PreScore | null {
  if (!row) return null;
  switch (rule) {
    case 'benchmark': {
      if (row.comparison === null || row.comparison === 'not-judged') return null;
      const score = row.comparison === 'worse' ? 5 : row.comparison === 'similar' ? 3 : 1;
      return { score, because: `${row.comparisonLabel} than ${row.benchmarkName ?? 'the benchmark'} (${row.period})` };
    }
    case 'trend': {
      if (row.trendJudgement === 'getting-worse') return { score: 5, because: `Five-point trend: ${row.trendText}` };
      if (row.trendJudgement === 'getting-better') return { score: 1, because: `Five-point trend: ${row.trendText}` };
      if (row.changeSignificance && row.changeSignificance !== 'similar' && row.changeJudgement === 'worse')
        return { score: 4, because: `Significant worsening on ${row.previousPeriod ?? 'the year before'}` };
      if (row.changeSignificance && row.changeSignificance !== 'similar' && row.changeJudgement === 'better')
        return { score: 2, because: `Significant improvement on ${row.previousPeriod ?? 'the year before'}` };
      if (row.changeSignificance || row.trendDirection === 'no-significant-change') return { score: 3, because: 'No significant change' };
      return null;
    }
    case 'similar': {
      if (row.rank === null || row.of === null || row.of < 2 || row.polarity === 'no-judgement') return null;
      const fromWorst = row.polarity === 'lower-is-better' ? row.rank : row.of - row.rank + 1;
      const score = SCORE_MAX - Math.round(((SCORE_MAX - SCORE_MIN) * (fromWorst - 1)) / (row.of - 1));
      return { score, because: `${ordinal(fromWorst)} worst of ${row.of} in ${row.groupName ?? 'the comparator group'}` };
    }
  }
}

export const ordinal = (n: number) => {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${s}`;
};

/** A theme's own scores: analysts' scores and overrides of pre-scores, each with its reason. */
export type ThemeScores = Record<string, { score: number; reason: string | null }>;

export interface CellScore {
  criterionKey: string;
  score: number | null;
  weight: number;
  /** weight × score, 0 when not scored */
  contribution: number;
  origin: 'pre-scored' | 'overridden' | 'scored' | 'not-scored';
  /** The rule applied (pre-scored), or the analyst's reason. */
  reason: string | null;
  preScore: PreScore | null;
}

export interface RankedTheme {
  themeId: number;
  title: string;
  indicatorKey: string | null;
  rank: number;
  total: number;
  /** The highest total the weights allow. */
  maximum: number;
  scored: number;
  cells: CellScore[];
}

/** Scores a theme against every criterion: its own score or override first, then the pre-score, else none. */
export function scoreTheme(criteria: Criterion[], own: ThemeScores, row: PackRow | null): CellScore[] {
  return criteria.map((c) => {
    const pre = c.rule ? preScore(c.rule, row) : null;
    const mine = own[c.key];
    if (mine) {
      return {
        criterionKey: c.key,
        score: mine.score,
        weight: c.weight,
        contribution: mine.score * c.weight,
        origin: pre ? 'overridden' : 'scored',
        reason: mine.reason,
        preScore: pre,
      };
    }
    if (pre)
      return {
        criterionKey: c.key,
        score: pre.score,
        weight: c.weight,
        contribution: pre.score * c.weight,
        origin: 'pre-scored',
        reason: pre.because,
        preScore: pre,
      };
    return { criterionKey: c.key, score: null, weight: c.weight, contribution: 0, origin: 'not-scored', reason: null, preScore: null };
  });
}

/**
 * Ranks the themes by weighted total, highest first. Themes with equal totals share a rank (1, 2, 2, 4) and
 * keep their order; a criterion not scored adds nothing (a theme with no data and no scores totals 0).
 */
export function rankThemes(
  criteria: Criterion[],
  themes: { id: number; title: string; indicatorKey: string | null; scores: ThemeScores; position: number }[],
  packRows: PackRow[],
): RankedTheme[] {
  const maximum = criteria.reduce((s, c) => s + c.weight * SCORE_MAX, 0);
  const scored = [...themes]
    .sort((a, b) => a.position - b.position)
    .map((t) => {
      const row = t.indicatorKey ? (packRows.find((r) => r.key === t.indicatorKey) ?? null) : null;
      const cells = scoreTheme(criteria, t.scores, row);
      return {
        themeId: t.id,
        title: t.title,
        indicatorKey: t.indicatorKey,
        rank: 0,
        total: cells.reduce((s, c) => s + c.contribution, 0),
        maximum,
        scored: cells.filter((c) => c.score !== null).length,
        cells,
      };
    });
  const ordered = [...scored].sort((a, b) => b.total - a.total); // stable: ties keep the themes' order
  return ordered.map((t) => ({ ...t, rank: ordered.findIndex((x) => x.total === t.total) + 1 }));
}

/** A score must be a whole number from 1 to 5; an override of a pre-score, or any score, needs its reason when overriding. */
export function scoreProblem(value: number, overriding: boolean, reason: string | null): string | null {
  if (!Number.isInteger(value) || value < SCORE_MIN || value > SCORE_MAX) return `Enter a whole number from ${SCORE_MIN} to ${SCORE_MAX}`;
  if (overriding && !reason) return 'Give a reason for changing the score worked out from the data';
  return null;
}

/** The adoption: at least one theme chosen, and a reason for each one left out. */
export function adoptionProblems(themeIds: number[], chosen: number[], reasons: Record<number, string | undefined>) {
  const problems: { field: string; message: string }[] = [];
  if (!chosen.length) problems.push({ field: 'themeIds', message: 'Select at least one theme to adopt as a priority' });
  for (const id of themeIds)
    if (!chosen.includes(id) && !reasons[id]?.trim())
      problems.push({ field: `reason-${id}`, message: 'Say why this theme was not adopted as a priority' });
  return problems;
}

/** The pack's indicators: at least one, each held for the area. */
export function indicatorSelectionProblems(held: readonly string[], chosen: readonly string[]) {
  if (!chosen.length) return [{ field: 'indicatorKeys', message: 'Select at least one indicator for the evidence pack' }];
  if (chosen.some((k) => !held.includes(k)))
    return [{ field: 'indicatorKeys', message: 'Select indicators from the list: one chosen is not held for the area' }];
  return [];
}
