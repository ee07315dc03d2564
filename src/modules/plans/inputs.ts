import { z } from 'zod';
import { parsePeriod, PeriodError } from '../../lib/periods.js';
import { blankToUndefined } from '../../lib/validation.js';
import { actionStatuses, assuranceRatings, ownershipLevels, planStatuses, ragStatuses } from './schema.js';

const optionalText = (max: number, tooLong: string) => z.preprocess(blankToUndefined, z.string().trim().max(max, tooLong).optional());
const requiredText = (max: number, missing: string, tooLong: string) =>
  z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string({ error: missing }).trim().min(1, missing).max(max, tooLong));

/** A list of ids from checkboxes: absent, one value or several. */
const idList = z.preprocess(
  (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.coerce.number().int().positive()),
);

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
export type PlanInput = z.input<typeof planInput>;

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
export type PriorityInput = Partial<z.input<typeof priorityInput>>;

/** A GOV.UK date input's three fields (prefix-day, prefix-month, prefix-year) as YYYY-MM-DD, or undefined when all are blank. */
export function dateFromParts(body: Record<string, unknown>, prefix: string): string | undefined {
  const parts = ['day', 'month', 'year'].map((p) => String(body[`${prefix}-${p}`] ?? '').trim());
  if (parts.every((p) => p === '')) return typeof body[prefix] === 'string' ? body[prefix] : undefined;
  const [d, m, y] = parts.map(Number) as [number, number, number];
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || y < 1990 || y > 2100) return 'invalid';
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'invalid';
  return date.toISOString().slice(0, 10);
}

const isoDate = (message: string) => z.string({ error: message }).regex(/^\d{4}-\d{2}-\d{2}$/, message);

export const actionInput = z.object({
  priorityId: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Select the priority' }).int().positive()),
  text: requiredText(2000, 'Describe the action', 'The action must be 2,000 characters or fewer'),
  leadAgencyIds: idList.refine((ids) => ids.length > 0, 'Select at least one lead agency'),
  supportingAgencyIds: idList,
  targetDate: z.preprocess(blankToUndefined, isoDate('Enter a real target date, like 31 3 2021').optional()),
  status: z.enum(actionStatuses, { error: 'Select the action’s status' }),
});
export type ActionInput = Partial<z.input<typeof actionInput>>;

export const roundInput = z.object({
  periodKey: z.preprocess(blankToUndefined, z.string({ error: 'Select the reporting period' })),
  dueDate: z.preprocess(blankToUndefined, isoDate('Enter a real due date, like 15 1 2021')),
});
export type RoundInput = z.input<typeof roundInput>;

export const updateInput = z.object({
  rag: z.enum(ragStatuses, { error: 'Select the RAG status' }),
  narrative: requiredText(10000, 'Enter the progress update', 'The update must be 10,000 characters or fewer'),
  evidenceUrl: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(1000, 'The link must be 1,000 characters or fewer')
      .regex(/^https?:\/\/\S+$/i, 'Enter a link that starts with https:// or http://')
      .optional(),
  ),
  basedOn: z.preprocess((v) => (v === undefined || v === '' ? 0 : v), z.coerce.number().int().min(0)),
});
export type UpdateInput = Partial<z.input<typeof updateInput>>;

export const reviewInput = z
  .object({
    decision: z.enum(['accept', 'return'], { error: 'Select whether to accept the update or return it' }),
    comment: optionalText(2000, 'The comment must be 2,000 characters or fewer'),
  })
  .refine((r) => r.decision !== 'return' || !!r.comment, {
    path: ['comment'],
    message: 'Say what needs to change before you return the update',
  });
export type ReviewInput = z.input<typeof reviewInput>;

export const ratingInput = z.object({
  rating: z.enum(assuranceRatings, { error: 'Select a rating' }),
  narrative: optionalText(4000, 'The narrative must be 4,000 characters or fewer'),
});

export const dimensionInput = z.object({
  name: requiredText(200, 'Enter the dimension’s name', 'The name must be 200 characters or fewer'),
});

export const focusInput = z.object({
  text: requiredText(500, 'Enter the key area of focus', 'The key area of focus must be 500 characters or fewer'),
});
