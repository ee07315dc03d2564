import { toCsv } from '../../lib/csv.js';
import { financialYearKey } from '../../lib/periods.js';
import type { StackedBarChartOptions } from '../../web/charts.js';
import type { PatternKind } from '../../web/svg.js';
import type { PlanService } from './plans/service.js';
import type { ProgressService } from './progress/service.js';
import type { RagKey } from './progress/standing.js';
import type { Action, Plan, Priority, Update } from './schema.js';

/**
 * One mapping from the module's records to what people and programs see: the API's JSON, the progress
 * table's CSV, the values the forms start from, and the RAG chart's data. Routes call these instead of
 * mapping records inline.
 */

type AgencyRef = { id: number; name: string };

// Plans ------------------------------------------------------------------------------------------------

/** "2017/18 to 2019/20" */
export const planPeriodLabel = (plan: Pick<Plan, 'firstYear' | 'lastYear'>) =>
  plan.firstYear === plan.lastYear
    ? financialYearKey(plan.firstYear)
    : `${financialYearKey(plan.firstYear)} to ${financialYearKey(plan.lastYear)}`;

/** A row of a plans list. */
export const planRow = (plan: Plan, partnershipName: string) => ({ plan, partnershipName, period: planPeriodLabel(plan) });

/** The plan form's starting values: its years as they are typed (2017/18). */
export const planFormValues = (plan: Plan) => ({
  ...plan,
  firstYear: financialYearKey(plan.firstYear),
  lastYear: financialYearKey(plan.lastYear),
});

/** The priority form's starting values: one activity a line, and the sponsors ticked. */
export const priorityFormValues = (priority: Priority, sponsorIds: number[]) => ({
  ...priority,
  activities: priority.activities.join('\n'),
  sponsorIds,
});

/** The action form's starting values: its target date in the date input's three fields, its agencies ticked. */
export function actionFormValues(action: Action, leads: AgencyRef[], supporting: AgencyRef[]) {
  const [y, m, d] = (action.targetDate ?? '').split('-');
  return {
    ...action,
    'targetDate-day': d ? String(Number(d)) : '',
    'targetDate-month': m ? String(Number(m)) : '',
    'targetDate-year': y ?? '',
    leadAgencyIds: leads.map((l) => l.id),
    supportingAgencyIds: supporting.map((s) => s.id),
  };
}

/** A plan in the API. */
export const planJson = (p: Plan) => ({
  id: p.id,
  partnershipId: p.partnershipId,
  title: p.title,
  firstYear: financialYearKey(p.firstYear),
  lastYear: financialYearKey(p.lastYear),
  status: p.status,
  strategicAssessment: p.strategicAssessment,
});

/** An update in the API, named by its period. */
export const updateJson = (u: Update & { periodKey?: string }, period: string) => ({
  id: u.id,
  period: u.periodKey ?? period,
  version: u.version,
  rag: u.rag,
  narrative: u.narrative,
  evidenceUrl: u.evidenceUrl,
  state: u.state,
  authorName: u.authorName,
  submittedAt: u.submittedAt.toISOString(),
  reviewComment: u.reviewComment,
});

/** A plan in the API with its key areas of focus, its priorities in order, their actions and latest updates. */
export const planDetailJson = (view: Awaited<ReturnType<PlanService['getPlan']>>) => ({
  ...planJson(view.plan),
  keyAreasOfFocus: view.focusAreas.map((f) => f.text),
  priorities: view.priorities.map((p) => ({
    id: p.id,
    number: p.number,
    title: p.title,
    description: p.description,
    activities: p.activities,
    coSponsors: p.sponsors,
    ownershipLevel: p.ownershipLevel,
    ownershipStatement: p.ownershipStatement,
    actions: p.actions.map((a) => ({
      id: a.id,
      text: a.text,
      status: a.status,
      targetDate: a.targetDate,
      version: a.version,
      leadAgencies: a.leads,
      supportingAgencies: a.supporting,
      latestUpdate: a.latest ? updateJson(a.latest, a.latest.periodKey) : null,
    })),
  })),
});

// The RAG summary --------------------------------------------------------------------------------------

export const ragLabels: Record<RagKey, string> = {
  red: 'Red',
  amber: 'Amber',
  green: 'Green',
  complete: 'Complete',
  'not-started': 'Not started',
  'no-update': 'No update',
};

/** Written before the count in each segment of the chart, e.g. "A3" for three amber actions. */
const ragShort: Record<RagKey, string> = {
  red: 'R',
  amber: 'A',
  green: 'G',
  complete: 'C',
  'not-started': 'NS',
  'no-update': 'NU',
};

/** The same pattern for a status whichever others are on the chart. */
const ragPatterns: Record<RagKey, PatternKind> = {
  red: 'plain',
  amber: 'diagonal',
  green: 'dots',
  complete: 'grid',
  'not-started': 'horizontal',
  'no-update': 'back-diagonal',
};

const ragColours: Record<RagKey, string> = {
  red: '#d4351c',
  amber: '#f47738',
  green: '#00703c',
  complete: '#1d70b8',
  'not-started': '#505a5f',
  'no-update': '#b1b4b6',
};

/**
 * The RAG summary's chart: a stacked horizontal bar per priority (drawn by `stackedBarChart` of
 * src/web/charts.ts); each status has its own pattern as well as its colour, a key, and its short code and
 * count written in each segment that has room, so colour is never the only signal.
 */
export function ragChartData(
  table: { number: number; title: string; counts: Record<string, number> }[],
  keys: readonly RagKey[],
  title: string,
): StackedBarChartOptions {
  const used = keys.filter((k) => table.some((t) => (t.counts[k] ?? 0) > 0));
  const description = table
    .map((t) => `Priority ${t.number}: ${used.map((k) => `${t.counts[k] ?? 0} ${ragLabels[k].toLowerCase()}`).join(', ')}`)
    .join('. ');
  return {
    title,
    description: description || 'No updates in this period.',
    categories: table.map((t) => ({ label: `Priority ${t.number}`, values: t.counts })),
    series: used.map((k) => ({
      key: k,
      label: `${ragLabels[k]} (${ragShort[k]})`,
      colour: ragColours[k],
      pattern: ragPatterns[k],
      short: ragShort[k],
    })),
    axisLabel: 'Actions',
  };
}

// Progress ---------------------------------------------------------------------------------------------

type ProgressView = Awaited<ReturnType<ProgressService['progress']>>;

/** Where every action stands in one period's round, in the API. */
export const progressJson = (view: ProgressView) => ({
  period: view.period.key,
  periodLabel: view.period.label,
  dueDate: view.round.dueDate,
  closed: view.round.closedAt !== null,
  actions: view.rows.map((r) => ({
    id: r.action.id,
    priorityNumber: r.priority.number,
    text: r.action.text,
    leadAgencies: r.leads,
    status: r.status,
    overdue: r.overdue,
    update: r.update ? updateJson(r.update, view.period.key) : null,
  })),
});

/** The progress update table as CSV (cells that look like formulas are neutralised by toCsv), and its file's name. */
export const progressCsv = (view: ProgressView) => ({
  name: `${view.plan.title} progress ${view.period.key}`,
  csv: toCsv(
    ['Priority', 'Action', 'Lead agency', 'RAG status', 'Update', 'Evidence', 'Review state', 'Author', 'Period'],
    view.rows.map((r) => [
      `${r.priority.number}. ${r.priority.title}`,
      r.action.text,
      r.leads.map((l) => l.name).join('; '),
      r.standing ? ragLabels[r.standing.rag] : 'No update',
      r.standing?.narrative ?? '',
      r.standing?.evidenceUrl ?? '',
      r.standing?.state ?? 'due',
      r.standing?.authorName ?? '',
      view.period.key,
    ]),
  ),
});
