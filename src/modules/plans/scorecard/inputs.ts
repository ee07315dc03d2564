import { z } from 'zod';
import { parsePeriod } from '../../../lib/periods.js';
import { blankToUndefined } from '../../../lib/validation.js';
import { targetDirections, targetKinds, targetPositions } from './types.js';

/**
 * The measure form (and the API's body): the indicator, area, benchmark, comparator group, baseline and one
 * target. Routes parse with this at the edge; the service checks the indicator, areas and group exist.
 */
const optionalCode = z.preprocess(blankToUndefined, z.string().trim().max(40, 'Choose from the list').optional());
const optionalId = (message: string) =>
  z.preprocess(blankToUndefined, z.coerce.number({ error: message }).int(message).positive(message).optional());

export const measureInput = z
  .object({
    priorityId: optionalId('Choose a priority from the list'),
    indicatorKey: z.preprocess(
      (v) => v ?? '',
      z.string({ error: 'Choose the indicator' }).trim().min(1, 'Choose the indicator').max(200, 'Choose the indicator from the list'),
    ),
    areaCode: z.preprocess((v) => v ?? '', z.string().trim().min(1, 'Choose the area').max(40, 'Choose the area from the list')),
    benchmarkCode: optionalCode,
    comparatorGroupId: optionalId('Choose a comparator group from the list'),
    baselinePeriod: z.preprocess(
      (v) => v ?? '',
      z
        .string()
        .trim()
        .min(1, 'Enter the baseline period, like 2016/17')
        .transform((text, ctx) => {
          try {
            return parsePeriod(text).key;
          } catch {
            ctx.addIssue({ code: 'custom', message: 'Enter the baseline period like 2016/17, 2017, 2020/21-Q3 or 2017-05' });
            return z.NEVER;
          }
        }),
    ),
    targetKind: z.enum(targetKinds, { error: 'Choose the kind of target' }),
    targetValue: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: 'Enter the target value as a number, like 70.5' }).finite('Enter the target value as a number').optional(),
    ),
    targetDirection: z.preprocess(blankToUndefined, z.enum(targetDirections, { error: 'Choose reduce, increase or hold' }).optional()),
    targetPosition: z.preprocess(blankToUndefined, z.enum(targetPositions, { error: 'Choose the position to reach' }).optional()),
  })
  .superRefine((v, ctx) => {
    if (v.targetKind === 'value' && v.targetValue === undefined)
      ctx.addIssue({ code: 'custom', path: ['targetValue'], message: 'Enter the target value, like 70.5' });
    if (v.targetKind === 'direction' && !v.targetDirection)
      ctx.addIssue({ code: 'custom', path: ['targetDirection'], message: 'Choose reduce, increase or hold' });
    if (v.targetKind === 'position' && !v.targetPosition)
      ctx.addIssue({ code: 'custom', path: ['targetPosition'], message: 'Choose the position to reach' });
    if (v.targetKind === 'position' && v.targetPosition === 'better-than-benchmark' && !v.benchmarkCode)
      ctx.addIssue({ code: 'custom', path: ['benchmarkCode'], message: 'Choose a benchmark area to be better than' });
    if (v.targetKind === 'position' && v.targetPosition === 'best-half' && !v.comparatorGroupId)
      ctx.addIssue({ code: 'custom', path: ['comparatorGroupId'], message: 'Choose the comparator group to be in the best half of' });
  });
export type MeasureInput = z.output<typeof measureInput>;
