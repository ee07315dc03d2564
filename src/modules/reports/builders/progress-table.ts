/**
 * The progress table (seed 002's shape) for a plan and a quarter: each priority's actions with their lead
 * agencies and the standing update (RAG and narrative) of the quarter's progress round.
 */
import { AppError } from '../../../lib/errors.js';
import { parsePeriod } from '../../../lib/periods.js';
import { systemActor } from '../../access/index.js';
import type { Block, Section } from '../model.js';
import { narrativeBlock, type BuildContext } from './context.js';
import { planForPeriod, ragLabel } from './plan.js';

export async function buildProgressTable(ctx: BuildContext, periodKey: string): Promise<Section[]> {
  const plan = await planForPeriod(ctx, periodKey);
  const label = parsePeriod(periodKey).label;
  let view;
  try {
    view = await ctx.plans.progress.ragSummary(systemActor, plan.id, periodKey);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found')
      throw new AppError(
        'not_found',
        `${plan.title} has no progress round for ${label}: open the round on the plan’s page to collect updates`,
      );
    throw error;
  }
  const sections: Section[] = [
    {
      id: 'summary',
      title: 'Summary',
      blocks: [
        {
          type: 'paragraph',
          text: `${plan.title}: progress of each action in ${label}, from the updates of the quarter’s progress round.`,
        },
        narrativeBlock(ctx, 'introduction', 'Introduction'),
        {
          type: 'table',
          table: {
            caption: `Actions by RAG status and priority, ${label}`,
            head: ['Priority', ...view.keys.map(ragLabel), 'Actions'],
            numeric: [false, ...view.keys.map(() => true), true],
            rows: view.table.map((p) => [`${p.number}. ${p.title}`, ...view.keys.map((k) => String(p.counts[k])), String(p.total)]),
          },
        },
      ],
    },
  ];
  for (const p of view.priorities) {
    const rows = view.rows.filter((r) => r.priority.id === p.id);
    const blocks: Block[] = rows.length
      ? [
          {
            type: 'table',
            table: {
              caption: `Priority ${p.number}: actions and their update, ${label}`,
              head: ['Action', 'Lead agency', 'RAG', 'Update'],
              rows: rows.map((r) => [
                r.action.text,
                r.leads.map((l) => l.name).join(', ') || '–',
                r.standing ? ragLabel(r.standing.rag) : 'No update',
                r.standing?.narrative ?? 'No update yet',
              ]),
            },
          },
        ]
      : [{ type: 'paragraph', text: 'This priority has no actions.' }];
    sections.push({ id: `priority-${p.number}`, title: `Priority ${p.number}: ${p.title}`, blocks });
  }
  return sections;
}
