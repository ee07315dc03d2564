/** The plan a quarterly report is about: the partnership's plan whose years include the quarter. */
import { AppError } from '../../../lib/errors.js';
import { parsePeriod } from '../../../lib/periods.js';
import { systemActor } from '../../access/index.js';
import type { BuildContext } from './context.js';

export async function planForPeriod(ctx: BuildContext, periodKey: string) {
  const year = Number(parsePeriod(periodKey).key.slice(0, 4));
  const { plans } = await ctx.plans.plans.listPlans(systemActor, ctx.partnership.id);
  const plan = plans.find((p) => p.firstYear <= year && p.lastYear >= year);
  if (!plan)
    throw new AppError(
      'not_found',
      `${ctx.partnership.name} has no plan covering ${parsePeriod(periodKey).label}: add one (or its years) on the Plans page`,
    );
  return plan;
}

export const ragLabel = (k: string) =>
  ({ red: 'Red', amber: 'Amber', green: 'Green', complete: 'Complete', 'not-started': 'Not started', 'no-update': 'No update' })[k] ?? k;
