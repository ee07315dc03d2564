/** What the import pages read from the request, parsed at the edge: the upload form's fields and an import's id. */
import { z } from 'zod';
import { ValidationError } from '../../../lib/errors.js';
import { importChoices, type ImportChoice } from './service.js';
import type { ImportOptions } from './types.js';

export const importIdParams = z.object({ id: z.coerce.number().int().positive() });

/** `?again=1`: the browser was sent back to an import because the file had been imported already. */
export const importPageQuery = z.object({ again: z.string().optional() });

/** A text field of the form: trimmed, and missing when empty. */
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const kindField = z.enum(importChoices);
const yearField = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number)
  .optional();

export interface UploadForm {
  choice: ImportChoice;
  options: ImportOptions;
}

/**
 * The upload form's fields (sent before the file, in a multipart body) and whether a file came with them.
 * Refused, in the order of the form: no kind chosen, no file, a year that is not four digits.
 */
export function parseUploadForm(values: Record<string, unknown>, hasFile: boolean): UploadForm {
  const kind = kindField.safeParse(text(values.kind));
  const year = yearField.safeParse(text(values.year));
  const errors = [];
  if (!kind.success) errors.push({ field: 'kind', message: 'Select what kind of file this is' });
  if (!hasFile) errors.push({ field: 'file', message: 'Select a file to import' });
  if (!year.success) errors.push({ field: 'year', message: 'Enter the mid-year as four digits, like 2020' });
  if (!kind.success || !year.success || errors.length) throw new ValidationError(errors);
  return { choice: kind.data, options: { year: year.data, force: text(values.force) } };
}
