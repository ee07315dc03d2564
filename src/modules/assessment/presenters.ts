import { toCsv } from '../../lib/csv.js';
import { financialYearKey } from '../../lib/periods.js';
import type { AssessmentView } from './assessments/service.js';
import { ruleDescriptions, type Criterion, type PackRow, type RankedTheme } from './policy.js';
import type { Assessment } from './schema.js';

/** What the API, the CSV and the document show of an assessment. */

export const formatChange = (change: number | null) => {
  if (change === null) return 'Not available';
  const r = Math.round(change * 1000) / 10;
  return `${r > 0 ? '+' : ''}${(Object.is(r, -0) ? 0 : r).toFixed(1)}%`;
};

export const formatValue = (v: number | null | undefined) =>
  v === null || v === undefined ? 'Not available' : v.toLocaleString('en-GB', { maximumFractionDigits: 1 });

export const changeSignificanceText = (row: PackRow) =>
  row.changeSignificance === null
    ? 'Not tested'
    : row.changeSignificance === 'similar'
      ? 'Not significant'
      : `Significantly ${row.changeSignificance}${row.changeJudgement && row.changeJudgement !== 'not-judged' ? ` (${row.changeJudgement})` : ''}`;

export const criterionRule = (c: Criterion) => (c.rule ? ruleDescriptions[c.rule] : 'Scored by the analysts');

export const assessmentSummaryJson = (a: Assessment) => ({
  id: a.id,
  partnershipId: a.partnershipId,
  year: financialYearKey(a.year),
  title: a.title,
  status: a.status,
  agreedAt: a.agreedAt ? a.agreedAt.toISOString() : null,
  adoptedPlanId: a.adoptedPlanId,
  version: a.version,
});

const rankedJson = (m: RankedTheme) => ({
  rank: m.rank,
  total: m.total,
  maximum: m.maximum,
  criteria: m.cells.map((c) => ({
    key: c.criterionKey,
    score: c.score,
    weight: c.weight,
    contribution: c.contribution,
    origin: c.origin,
    reason: c.reason,
  })),
});

export function assessmentJson(view: AssessmentView) {
  const a = view.assessment;
  return {
    ...assessmentSummaryJson(a),
    summary: a.summary,
    benchmarkCode: a.benchmarkCode,
    packBuiltAt: a.packBuiltAt ? a.packBuiltAt.toISOString() : null,
    criteria: a.criteria.map((c) => ({ key: c.key, label: c.label, weight: c.weight, rule: c.rule })),
    evidencePack: (a.pack?.rows ?? []).map((r) => ({
      indicatorKey: r.key,
      name: r.name,
      period: r.period,
      count: r.count,
      value: r.value,
      valueIndicatorKey: r.valueKey,
      lower95: r.lower95,
      upper95: r.upper95,
      change: r.change,
      changeSignificance: r.changeSignificance,
      comparison: r.comparison,
      rank: r.rank,
      of: r.of,
      trend: r.trendText,
      wards: r.wards,
    })),
    themes: view.themes.map((t) => ({
      id: t.id,
      title: t.title,
      description: t.description,
      indicatorKey: t.indicatorKey,
      decision: t.decision,
      decisionReason: t.decisionReason,
      priorityId: t.priorityId,
      score: t.ranked ? rankedJson(t.ranked) : null,
      findings: t.findings.map((f) => ({
        id: f.id,
        statement: f.statement,
        figure: f.figureText,
        indicatorKey: f.indicatorKey,
        indicatorFigure: f.figure ? { period: f.figure.period, value: f.figure.value, unit: f.figure.unitLabel } : null,
        source: { kind: f.sourceKind, title: f.sourceTitle, date: f.sourceDate, url: f.sourceUrl, importId: f.importId, fileId: f.fileId },
      })),
    })),
    adoptedPriorities: view.themes
      .filter((t) => t.decision === 'adopted')
      .map((t) => ({ themeId: t.id, title: t.title, planId: a.adoptedPlanId, priorityId: t.priorityId })),
  };
}

/** The matrix as CSV: one line per theme, with each criterion's score, weight, contribution and reason. */
export function matrixCsv(view: AssessmentView) {
  const criteria = view.assessment.criteria;
  const header = ['rank', 'theme', 'total', 'maximum'];
  for (const c of criteria) header.push(`${c.key}_score`, `${c.key}_weight`, `${c.key}_contribution`, `${c.key}_origin`, `${c.key}_reason`);
  header.push('decision', 'decision_reason');
  const rows = view.matrix.map((m) => {
    const theme = view.themes.find((t) => t.id === m.themeId);
    const line: unknown[] = [m.rank, m.title, m.total, m.maximum];
    for (const c of criteria) {
      const cell = m.cells.find((x) => x.criterionKey === c.key);
      line.push(cell?.score ?? '', cell?.weight ?? c.weight, cell?.contribution ?? 0, cell?.origin ?? 'not-scored', cell?.reason ?? '');
    }
    line.push(theme?.decision ?? '', theme?.decisionReason ?? '');
    return line;
  });
  return { name: `${view.assessment.title} matrix`, csv: toCsv(header, rows) };
}

// The assessment document: a plain content model (sections of paragraphs, lists and tables) --------------

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; caption: string; head: string[]; rows: string[][]; numeric?: number[] };

export interface DocumentSection {
  heading: string;
  blocks: Block[];
  subsections?: DocumentSection[];
}

export interface AssessmentDocument {
  title: string;
  subtitle: string;
  sections: DocumentSection[];
}

/** The assessment as a document any renderer (HTML here; PDF and DOCX later) can draw. */
export function assessmentDocument(view: AssessmentView): AssessmentDocument {
  const a = view.assessment;
  const status = a.status === 'agreed' ? `Agreed${a.agreedAt ? ` on ${a.agreedAt.toISOString().slice(0, 10)}` : ''}` : 'Draft';
  const sections: DocumentSection[] = [];
  sections.push({
    heading: 'Executive summary',
    blocks: (a.summary ?? 'No summary has been written yet.')
      .split(/\n\s*\n/)
      .map((text) => ({ kind: 'paragraph' as const, text: text.trim() })),
  });
  sections.push({
    heading: 'Themes and findings',
    blocks: view.themes.length ? [] : [{ kind: 'paragraph', text: 'No themes have been added.' }],
    subsections: view.themes.map((t) => ({
      heading: t.title,
      blocks: [
        ...(t.description ? [{ kind: 'paragraph' as const, text: t.description }] : []),
        {
          kind: 'list' as const,
          items: t.findings.map((f) => {
            const figure = f.figureText ?? (f.figure ? `${formatValue(f.figure.value)} (${f.figure.unitLabel}, ${f.figure.period})` : null);
            const source =
              f.sourceKind === 'document' ? f.sourceTitle : f.sourceKind === 'import' ? `Import ${f.importId}` : f.indicatorKey;
            return `${f.statement}${figure ? ` Figure: ${figure}.` : ''}${source ? ` Source: ${source}${f.sourceDate ? `, ${f.sourceDate}` : ''}.` : ''}`;
          }),
        },
      ],
    })),
  });
  const criteria = a.criteria;
  sections.push({
    heading: 'Prioritisation matrix',
    blocks: [
      {
        kind: 'table',
        caption: 'Criteria and weights',
        head: ['Criterion', 'Weight', 'How it is scored'],
        rows: criteria.map((c) => [c.label, String(c.weight), criterionRule(c)]),
        numeric: [1],
      },
      {
        kind: 'table',
        caption: 'Themes ranked by weighted score (weight × score, scores from 1 to 5)',
        head: ['Rank', 'Theme', ...criteria.map((c) => c.label), 'Total'],
        rows: view.matrix.map((m) => [
          String(m.rank),
          m.title,
          ...criteria.map((c) => {
            const cell = m.cells.find((x) => x.criterionKey === c.key);
            return cell?.score === null || !cell ? 'Not scored' : `${cell.score} (${cell.contribution})`;
          }),
          `${m.total} of ${m.maximum}`,
        ]),
        numeric: [0, criteria.length + 2],
      },
    ],
  });
  const adopted = view.themes.filter((t) => t.decision === 'adopted');
  const notAdopted = view.themes.filter((t) => t.decision === 'not-adopted');
  sections.push({
    heading: 'Priorities chosen',
    blocks: adopted.length
      ? [
          { kind: 'list', items: adopted.map((t) => t.title) },
          ...(notAdopted.length
            ? [
                {
                  kind: 'table' as const,
                  caption: 'Themes not adopted, and why',
                  head: ['Theme', 'Reason'],
                  rows: notAdopted.map((t) => [t.title, t.decisionReason ?? '']),
                },
              ]
            : []),
        ]
      : [{ kind: 'paragraph', text: 'No priorities have been adopted from this assessment yet.' }],
  });
  const docs = new Map<string, string>();
  for (const t of view.themes)
    for (const f of t.findings)
      if (f.sourceKind === 'document' && f.sourceTitle)
        docs.set(f.sourceTitle, [f.sourceTitle, f.sourceDate, f.sourceUrl].filter(Boolean).join(', '));
  const indicatorSources = new Map<string, string>();
  for (const r of a.pack?.rows ?? []) if (r.source) indicatorSources.set(r.name, r.source);
  sections.push({
    heading: 'Data sources',
    blocks: [
      ...(docs.size ? [{ kind: 'list' as const, items: [...docs.values()] }] : []),
      ...(indicatorSources.size
        ? [
            {
              kind: 'table' as const,
              caption: `Indicators in the evidence pack${a.pack?.areaName ? ` for ${a.pack.areaName}` : ''}`,
              head: ['Indicator', 'Source'],
              rows: [...indicatorSources.entries()].map(([name, source]) => [name, source]),
            },
          ]
        : []),
      {
        kind: 'paragraph',
        text: 'Public statistics contain public sector information licensed under the Open Government Licence v3.0; police.uk data © Crown copyright.',
      },
    ],
  });
  return { title: a.title, subtitle: `${view.partnership.name}, ${financialYearKey(a.year)}. ${status}.`, sections };
}
