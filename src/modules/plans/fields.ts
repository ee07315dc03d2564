import { z } from 'zod';
import { blankToUndefined } from '../../lib/validation.js';
export { formVersion } from '../../lib/validation.js';

/** Form fields the plans module's inputs share, each with the sentence shown when it is wrong. */

/** Text that may be left blank (then undefined), trimmed, at most `max` characters. */
export const optionalText = (max: number, tooLong: string) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, tooLong).optional());

/** Text that must be given, trimmed, at most `max` characters. */
export const requiredText = (max: number, missing: string, tooLong: string) =>
  z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string({ error: missing }).trim().min(1, missing).max(max, tooLong));

/** A list of ids from checkboxes: absent, one value or several. */
export const idList = z.preprocess(
  (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
  z.array(z.coerce.number().int().positive()),
);

/** An ISO date (YYYY-MM-DD), as a GOV.UK date input gives it once folded (see src/lib/date-input.ts). */
export const isoDate = (message: string) => z.string({ error: message }).regex(/^\d{4}-\d{2}-\d{2}$/, message);

/** `?period=` on a page about one period: a period key; each page says what it shows without one. */
export const periodQuery = z.object({ period: z.string().max(20).optional() });
