import { z } from 'zod';
import { foldDateInput } from '../../../lib/date-input.js';
import { parsePeriod, PeriodError } from '../../../lib/periods.js';
import { blankToUndefined } from '../../../lib/validation.js';
import { idList, isoDate, optionalText, requiredText } from '../fields.js';
import { actionStatuses, ownershipLevels, planStatuses } from '../schema.js';

/**
 * The forms of plans, priorities, actions and key areas of focus. Routes parse the body with these at the
 * edge (`parseInput`), so services receive the parsed values (`z.output`) and never see a raw form.
 */

/** "2017/18" -> 2017; anything else is refused with a sentence. */
const financialYear = (missing: string) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? '' : v),
    z
      .string({ error: missing })
      .trim()
      .min(1, missing)
      .transform((text, ctx) => {
        try {
          const p = parsePeriod(text);
          if (p.type !== 'financial-year') throw new PeriodError('not a financial year');
          return Number(p.key.slice(0, 4));
        } catch {
          ctx.addIssue({ code: 'custom', message: 'Enter a financial year like 2017/18' });
          return z.NEVER;
        }
      }),
  );

export const planInput = z
  .object({
    title: requiredText(200, 'Enter the plan’s title', 'Title must be 200 characters or fewer'),
    firstYear: financialYear('Enter the first financial year, like 2017/18'),
    lastYear: financialYear('Enter the last financial year, like 2019/20'),
    status: z.enum(planStatuses, { error: 'Select the plan’s status' }),
    strategicAssessment: optionalText(500, 'Strategic assessment must be 500 characters or fewer'),
  })
  .refine((p) => p.lastYear >= p.firstYear, { path: ['lastYear'], message: 'The last year must be the same as or after the first year' });
export type PlanInput = z.output<typeof planInput>;

export const priorityInput = z.object({
  number: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'Enter the priority’s number' }).int('Enter a whole number').min(1, 'Enter a number of 1 or more').max(99),
  ),
  title: requiredText(300, 'Enter the priority’s title', 'Title must be 300 characters or fewer'),
  description: optionalText(4000, 'Description must be 4,000 characters or fewer'),
  activities: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(/\r?\n/)
            .map((l) => l.replace(/^[-•*]\s*/, '').trim())
            .filter(Boolean)
        : (v ?? []),
    z.array(z.string().max(500, 'Each activity must be 500 characters or fewer')).max(50, 'List 50 activities or fewer'),
  ),
  sponsorIds: idList,
  ownershipLevel: z.preprocess(
    blankToUndefined,
    z.enum(ownershipLevels, { error: 'Select how strongly the priority is owned' }).optional(),
  ),
  ownershipStatement: optionalText(1000, 'The ownership assessment must be 1,000 characters or fewer'),
});
export type PriorityInput = z.output<typeof priorityInput>;

export const actionInput = z.object({
  priorityId: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Select the priority' }).int().positive()),
  text: requiredText(2000, 'Describe the action', 'The action must be 2,000 characters or fewer'),
  leadAgencyIds: idList.refine((ids) => ids.length > 0, 'Select at least one lead agency'),
  supportingAgencyIds: idList,
  targetDate: z.preprocess(blankToUndefined, isoDate('Enter a real target date, like 31 3 2021').optional()),
  status: z.enum(actionStatuses, { error: 'Select the action’s status' }),
});
export type ActionInput = z.output<typeof actionInput>;

/** The action form: its target date is a GOV.UK date input (targetDate-day, -month, -year). */
export const actionForm = z.preprocess(foldDateInput('targetDate'), actionInput);

export const focusInput = z.object({
  text: requiredText(500, 'Enter the key area of focus', 'The key area of focus must be 500 characters or fewer'),
});
export type FocusInput = z.output<typeof focusInput>;

/** `?priority=` on the new-action page: the priority to preselect, if it is a number. */
export const newActionQuery = z.object({ priority: z.unknown().optional() }).transform((q) => Number(q.priority ?? 0) || undefined);
