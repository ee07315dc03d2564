import { z } from 'zod';
import { foldDateInput } from '../../../lib/date-input.js';
import { blankToUndefined } from '../../../lib/validation.js';
import { isoDate, optionalText, requiredText } from '../fields.js';
import { ragStatuses } from '../schema.js';

/**
 * The forms of the progress cycle. Routes parse the body with these at the edge (`parseInput`), so services
 * receive the parsed values (`z.output`).
 */

export const roundInput = z.object({
  periodKey: z.preprocess(blankToUndefined, z.string({ error: 'Select the reporting period' })),
  dueDate: z.preprocess(blankToUndefined, isoDate('Enter a real due date, like 15 1 2021')),
});
export type RoundInput = z.output<typeof roundInput>;

/** The open-a-round form: its due date is a GOV.UK date input (dueDate-day, -month, -year). */
export const roundForm = z.preprocess(foldDateInput('dueDate'), roundInput);

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
export type UpdateInput = z.output<typeof updateInput>;

export const reviewInput = z
  .object({
    decision: z.enum(['accept', 'return'], { error: 'Select whether to accept the update or return it' }),
    comment: optionalText(2000, 'The comment must be 2,000 characters or fewer'),
  })
  .refine((r) => r.decision !== 'return' || !!r.comment, {
    path: ['comment'],
    message: 'Say what needs to change before you return the update',
  });
export type ReviewInput = z.output<typeof reviewInput>;

/** The review form also names its round and action, to come back to the update page when it is wrong. */
export const reviewPage = z
  .preprocess(
    (v) => (typeof v === 'object' && v !== null ? v : {}),
    z.object({ roundId: z.unknown().optional(), actionId: z.unknown().optional() }),
  )
  .transform((b) => `/rounds/${Number(b.roundId) || 0}/actions/${Number(b.actionId) || 0}`);
