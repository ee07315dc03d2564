/**
 * The quarterly assurance report to the strategy group (seed 000's shape), for a partnership and a quarter:
 * membership and attendance over the last twelve months; each priority of the plan in force with its RAG
 * summary and exceptions, its six-dimension assessment and the coordinator's commentary; the top risks
 * with the heat map and what changed in the quarter; overdue actions arising; decisions sought.
 */
import { AppError } from '../../../lib/errors.js';
import { parsePeriod } from '../../../lib/periods.js';
import { systemActor } from '../../access/index.js';
import type { Block, Section } from '../model.js';
import { narrativeBlock, svgDescription, svgSize, type BuildContext } from './context.js';
import { planForPeriod, ragLabel } from './plan.js';

const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);

export async function buildAssurance(ctx: BuildContext, periodKey: string): Promise<Section[]> {
  const period = parsePeriod(periodKey);
  const plan = await planForPeriod(ctx, periodKey);
  const full = await ctx.plans.plans.getPlan(systemActor, plan.id);
  const sections: Section[] = [
    {
      id: 'introduction',
      title: 'Introduction',
      blocks: [
        {
          type: 'paragraph',
          text: `${ctx.partnership.name}: assurance on ${plan.title} for ${period.label}. Its priorities are: ${full.priorities.map((p) => `${p.number}. ${p.title}`).join('; ')}.`,
        },
        narrativeBlock(ctx, 'introduction', 'Introduction'),
      ],
    },
  ];

  // Membership and attendance over the last twelve months.
  const attendance = await ctx.governance.meetings.attendanceRecordFor(ctx.partnership.id);
  sections.push({
    id: 'membership',
    title: 'Membership and attendance over the last twelve months',
    blocks: attendance.agencies.length
      ? [
          {
            type: 'table',
            table: {
              caption: `Member agencies and their attendance at the ${attendance.agencies[0]!.meetings} meetings recorded in the twelve months`,
              head: ['Agency', 'Meetings', 'Attended', 'Rate'],
              numeric: [false, true, true, true],
              rows: attendance.agencies.map((a) => [a.agencyName, String(a.meetings), String(a.attended), percent(a.rate)]),
            },
          },
        ]
      : [{ type: 'paragraph', text: 'No attendance has been recorded in the last twelve months.' }],
  });

  // Each priority: RAG summary and exceptions from the quarter's round, the assessment, the commentary.
  let progress: Awaited<ReturnType<BuildContext['plans']['progress']['ragSummary']>> | null = null;
  try {
    progress = await ctx.plans.progress.ragSummary(systemActor, plan.id, period.key);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'not_found')) throw error;
  }
  for (const p of full.priorities) {
    const blocks: Block[] = [];
    const counts = progress?.table.find((t) => t.number === p.number);
    if (progress && counts) {
      blocks.push({
        type: 'table',
        table: {
          caption: `Priority ${p.number}: actions by RAG status, ${period.label}`,
          head: [...progress.keys.map(ragLabel), 'Actions'],
          numeric: [...progress.keys.map(() => true), true],
          rows: [[...progress.keys.map((k) => String(counts.counts[k])), String(counts.total)]],
        },
      });
      const exceptions = progress.rows.filter((r) => r.priority.id === p.id && (r.standing?.rag === 'red' || r.standing?.rag === 'amber'));
      blocks.push(
        exceptions.length
          ? {
              type: 'table',
              table: {
                caption: `Priority ${p.number}: exceptions (red and amber actions)`,
                head: ['Action', 'Lead', 'RAG', 'Update'],
                rows: exceptions.map((r) => [
                  r.action.text,
                  r.leads.map((l) => l.name).join(', ') || '–',
                  ragLabel(r.standing!.rag),
                  r.standing!.narrative,
                ]),
              },
            }
          : { type: 'paragraph', text: 'No exceptions: no action is red or amber.' },
      );
    } else blocks.push({ type: 'paragraph', text: `There is no progress round for ${period.label}, so no RAG summary.` });

    const grid = await ctx.plans.assurance.getGrid(systemActor, p.id);
    const column = grid.periods.findIndex((x) => x.key === period.key);
    blocks.push(
      column >= 0
        ? {
            type: 'table',
            table: {
              caption: `Priority ${p.number}: assurance assessment, ${period.label}`,
              head: ['Dimension', 'Rating', 'Narrative'],
              rows: grid.grid.map((g) => {
                const cell = g.cells[column];
                return [g.dimension.name, cell ? ragLabel(cell.rating) : 'Not rated', cell?.narrative ?? ''];
              }),
            },
          }
        : { type: 'paragraph', text: `The priority has not been assessed for ${period.label}.` },
    );
    blocks.push(narrativeBlock(ctx, `priority-${p.number}`, `Commentary on priority ${p.number}`));
    sections.push({ id: `priority-${p.number}`, title: `Priority ${p.number}: ${p.title}`, blocks });
  }

  // Risks: the top risks, the heat map (the register's chart, with its table of counts) and what changed in the quarter.
  const heat = await ctx.governance.risks.heatMap(systemActor, ctx.partnership.id);
  const top = heat.risks.slice(0, 5);
  const changed = heat.risks.filter((r) => r.lastReviewedOn && r.lastReviewedOn >= period.start && r.lastReviewedOn <= period.end);
  sections.push({
    id: 'risks',
    title: 'Risks',
    blocks: heat.risks.length
      ? [
          {
            type: 'table',
            table: {
              caption: 'Top risks by current score',
              head: ['Risk', 'Owner', 'Score', 'Band', 'Next review'],
              numeric: [false, false, true, false, false],
              rows: top.map((r) => [r.title, r.ownerName, String(r.currentScore), r.currentBand, r.nextReviewOn]),
            },
          },
          {
            type: 'figure',
            kind: 'chart',
            caption: 'Risk heat map: open risks by likelihood and impact, after mitigation',
            svg: heat.chart,
            alt: svgDescription(heat.chart, 'Risk heat map'),
            ...svgSize(heat.chart),
            table: {
              caption: 'Heat map: open risks by impact (rows) and likelihood (columns), after mitigation',
              head: ['Impact', 'Likelihood 1', 'Likelihood 2', 'Likelihood 3', 'Likelihood 4', 'Likelihood 5'],
              numeric: [false, true, true, true, true, true],
              rows: heat.rows.map((row) => [`Impact ${row.impact}`, ...row.cells.map((c) => String(c.risks.length))]),
            },
          },
          changed.length
            ? {
                type: 'table',
                table: {
                  caption: `Risks reviewed in ${period.label}`,
                  head: ['Risk', 'Reviewed', 'Score now'],
                  numeric: [false, false, true],
                  rows: changed.map((r) => [r.title, r.lastReviewedOn ?? '', String(r.currentScore)]),
                },
              }
            : { type: 'paragraph', text: `No risk was reviewed or re-scored in ${period.label}.` },
        ]
      : [{ type: 'paragraph', text: 'The partnership has no open risks on its register.' }],
  });

  const overdue = await ctx.governance.minutes.overdueActions(ctx.partnership.id);
  sections.push({
    id: 'overdue-actions',
    title: 'Overdue actions arising from meetings',
    blocks: overdue.length
      ? [
          {
            type: 'table',
            table: {
              caption: 'Open actions past their due date',
              head: ['Action', 'Owner', 'Due'],
              rows: overdue.map((a) => [a.description, a.ownerAgencyName, a.dueOn]),
            },
          },
        ]
      : [{ type: 'paragraph', text: 'No action arising from a meeting is overdue.' }],
  });
  sections.push({ id: 'decisions', title: 'Decisions sought', blocks: [narrativeBlock(ctx, 'decisions-sought', 'Decisions sought')] });
  return sections;
}
