import { toCsv } from '../../lib/csv.js';
import { financialYearKey } from '../../lib/periods.js';
import { licenceOf, type ReportBlock, type ReportDataSource, type ReportDocument, type ReportSection } from '../reports/index.js';
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

/**
 * The indicators an assessment may choose, grouped by who publishes them: the source's first words, before its
 * details in brackets or after a comma or semicolon ("Home Office recorded crime (seed 004 §11)" → "Home Office recorded
 * crime"). Groups by name; indicators without a source last.
 */
export function indicatorGroups(indicators: { key: string; name: string; source: string }[], chosen: string[]) {
  const groups = new Map<string, { key: string; name: string; checked: boolean }[]>();
  for (const i of indicators) {
    const title = i.source.split(/\s*[(;,]/)[0]!.trim() || 'Other indicators';
    const list = groups.get(title) ?? [];
    list.push({ key: i.key, name: i.name, checked: chosen.includes(i.key) });
    groups.set(title, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === 'Other indicators' ? 1 : b === 'Other indicators' ? -1 : a.localeCompare(b)))
    .map(([title, items]) => ({ title, items }));
}

// The assessment document: the reports module's content model, so its HTML, PDF and DOCX renderers draw it -----

const sourceOf = (f: AssessmentView['themes'][number]['findings'][number]) =>
  f.sourceKind === 'document'
    ? f.sourceTitle
    : f.sourceKind === 'import'
      ? `Import ${f.importId}`
      : (f.figure?.indicatorName ?? f.indicatorKey);

/** A finding's figure as the document prints it: as its source gives it, else the indicator's (live or kept). */
export const findingFigure = (f: AssessmentView['themes'][number]['findings'][number]) =>
  f.figureText ?? (f.figure ? `${formatValue(f.figure.value)} (${f.figure.unitLabel}, ${f.figure.period})` : null);

/**
 * The assessment as a report document (src/modules/reports/model.ts): executive summary, the themes with
 * their findings and figures, the matrix, the priorities chosen (and why the others were not), and the data
 * sources with their attributions. The page, the PDF and the DOCX are all drawn from it. A draft is marked
 * as one; an agreed assessment carries its agreement date, which also dates its files, so the same agreed
 * assessment always gives the same bytes.
 */
export function assessmentDocument(view: AssessmentView, now: Date = new Date()): ReportDocument {
  const a = view.assessment;
  const sections: ReportSection[] = [];
  sections.push({
    id: 'summary',
    title: 'Executive summary',
    blocks: (a.summary
      ? a.summary
          .split(/\r?\n\s*\r?\n/)
          .map((p) => p.replace(/\s+/g, ' ').trim())
          .filter(Boolean)
      : ['No summary has been written yet.']
    ).map((text) => ({ type: 'paragraph', text })),
  });
  const themeBlocks: ReportBlock[] = view.themes.length ? [] : [{ type: 'paragraph', text: 'No themes have been added.' }];
  for (const t of view.themes) {
    themeBlocks.push({ type: 'heading', text: t.title });
    if (t.description) themeBlocks.push({ type: 'paragraph', text: t.description });
    themeBlocks.push(
      t.findings.length
        ? {
            type: 'list',
            items: t.findings.map((f) => {
              const figure = findingFigure(f);
              const source = sourceOf(f);
              return `${f.statement}${figure ? ` Figure: ${figure}.` : ''}${source ? ` Source: ${source}${f.sourceDate ? `, ${f.sourceDate}` : ''}.` : ''}`;
            }),
          }
        : { type: 'paragraph', text: 'No findings yet.' },
    );
  }
  sections.push({ id: 'themes', title: 'Themes and findings', blocks: themeBlocks });
  const criteria = a.criteria;
  sections.push({
    id: 'matrix',
    title: 'Prioritisation matrix',
    blocks: [
      {
        type: 'table',
        table: {
          caption: 'Criteria and weights',
          head: ['Criterion', 'Weight', 'How it is scored'],
          rows: criteria.map((c) => [c.label, String(c.weight), criterionRule(c)]),
          numeric: [false, true, false],
        },
      },
      {
        type: 'table',
        table: {
          caption: 'Themes ranked by weighted score (weight × score, scores from 1 to 5)',
          head: ['Theme', 'Rank', ...criteria.map((c) => c.label), 'Total'],
          rows: view.matrix.map((m) => [
            m.title,
            String(m.rank),
            ...criteria.map((c) => {
              const cell = m.cells.find((x) => x.criterionKey === c.key);
              return cell?.score === null || !cell ? 'Not scored' : `${cell.score} (${cell.contribution})`;
            }),
            `${m.total} of ${m.maximum}`,
          ]),
          numeric: [false, true, ...criteria.map(() => false), true],
          note: 'Each cell: the score and, in brackets, its weighted contribution.',
        },
      },
    ],
  });
  const adopted = view.themes.filter((t) => t.decision === 'adopted');
  const notAdopted = view.themes.filter((t) => t.decision === 'not-adopted');
  sections.push({
    id: 'priorities',
    title: 'Priorities chosen',
    blocks: adopted.length
      ? [
          { type: 'list', items: adopted.map((t) => t.title) },
          ...(notAdopted.length
            ? [
                {
                  type: 'table' as const,
                  table: {
                    caption: 'Themes not adopted, and why',
                    head: ['Theme', 'Reason'],
                    rows: notAdopted.map((t) => [t.title, t.decisionReason ?? '']),
                  },
                },
              ]
            : []),
        ]
      : [{ type: 'paragraph', text: 'No priorities have been adopted from this assessment yet.' }],
  });
  const documents = new Map<string, ReportDataSource>();
  for (const t of view.themes)
    for (const f of t.findings)
      if (f.sourceKind === 'document' && f.sourceTitle)
        documents.set(f.sourceTitle, {
          name: f.sourceTitle,
          detail: [f.sourceDate, f.sourceUrl].filter(Boolean).join(', ') || 'A document of the partnership or a partner',
          licence: 'Provided by a partner agency for the partnership’s use',
        });
  const indicators = new Map<string, ReportDataSource>();
  for (const r of a.pack?.rows ?? [])
    if (r.source) indicators.set(r.name, { name: r.name, detail: r.source, licence: licenceOf(r.source) });
  const sources = [...documents.values(), ...indicators.values()];
  sections.push({
    id: 'sources',
    title: 'Data sources',
    blocks: [
      ...(documents.size
        ? [
            {
              type: 'table' as const,
              table: {
                caption: 'Documents the findings come from',
                head: ['Document', 'Date and link', 'Use'],
                rows: [...documents.values()].map((d) => [d.name, d.detail, d.licence]),
              },
            },
          ]
        : []),
      ...(indicators.size
        ? [
            {
              type: 'table' as const,
              table: {
                caption: `Indicators in the evidence pack${a.pack?.areaName ? ` for ${a.pack.areaName}` : ''}`,
                head: ['Indicator', 'Source', 'Licence'],
                rows: [...indicators.values()].map((d) => [d.name, d.detail, d.licence]),
              },
            },
          ]
        : []),
      {
        type: 'paragraph',
        text: 'Public statistics contain public sector information licensed under the Open Government Licence v3.0; police.uk data © Crown copyright.',
      },
    ],
  });
  const agreed = a.status === 'agreed' && a.agreedAt;
  return {
    kind: 'strategic-assessment',
    title: a.title,
    partnershipId: view.partnership.id,
    partnershipName: view.partnership.name,
    periodKey: financialYearKey(a.year),
    periodLabel: `Strategic assessment ${financialYearKey(a.year)}`,
    language: 'en-GB',
    state: agreed ? { status: 'agreed', agreedAt: a.agreedAt!.toISOString() } : { status: 'draft' },
    madeAt: (agreed ? a.agreedAt! : now).toISOString(),
    suppressed: false,
    sections,
    sources,
    dataUsed: a.packBuiltAt ? [{ what: 'The evidence pack', when: a.packBuiltAt.toISOString() }] : [],
  };
}
