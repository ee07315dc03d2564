import { z } from 'zod';
import { foldDateInput } from '../../../lib/date-input.js';
import { blankToUndefined } from '../../../lib/validation.js';

/** The contribution forms, parsed at the edge. */

export const requestInput = z.preprocess(
  foldDateInput('dueDate'),
  z.object({
    dueDate: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'Enter the date replies are due, like 15 1 2022' })
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a real due date, like 15 1 2022'),
    ),
    message: z.preprocess(blankToUndefined, z.string().trim().max(5000, 'The message must be 5,000 characters or fewer').optional()),
  }),
);
export type RequestInput = z.output<typeof requestInput>;

export const replyInput = z.object({
  view: z.preprocess(
    (v) => (v === undefined || v === null ? '' : v),
    z.string().trim().min(1, 'Enter your agency’s view of the themes').max(20000, 'Your agency’s view must be 20,000 characters or fewer'),
  ),
  basedOn: z.preprocess((v) => (v === undefined || v === '' ? 0 : v), z.coerce.number().int().min(0)),
});
export type ReplyInput = z.output<typeof replyInput>;
