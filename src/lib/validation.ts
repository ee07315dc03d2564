import { z } from 'zod';
import { ValidationError, type FieldError } from './errors.js';

/** Parses input with a zod schema, or throws a ValidationError naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(toFieldErrors(result.error));
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.join('.') || 'form';
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: issue.message });
  }
  return errors;
}

/** A form field that may be left blank: '' becomes undefined. */
export const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** The largest value of PostgreSQL's `integer`, the type of every record id. */
export const INT4_MAX = 2_147_483_647;

/** A record id in an address or a filter: a positive whole number that fits PostgreSQL's integer. */
export const idParam = z.coerce.number().int().positive().max(INT4_MAX);

/** Whether a path segment is a record id that could exist: digits only, no leading zero, within int4. */
export const isRecordId = (value: unknown) => typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) && Number(value) <= INT4_MAX;

/**
 * The `version` an edit form was loaded at, for the edit-conflict check: 0 when absent. A value that is not a
 * whole number within int4 (typed by hand or tampered with) becomes -1, which matches no record, so the save
 * is an edit conflict that keeps what the user typed rather than a server error.
 */
export function formVersion(body: unknown): number {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).version : undefined;
  if (raw === undefined || raw === null || raw === '') return 0;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 0 && value <= INT4_MAX ? value : -1;
}

/**
 * A form as routes pass it to a service: the schema's fields, each as submitted (not yet parsed). Services
 * check the actor's rights first, then parse it with the schema, so a refusal never depends on what was typed.
 */
export type Form<S extends z.ZodType> = { [K in keyof z.input<S>]?: unknown };

/** A text field that may be left blank (blank: undefined), at most `max` characters. */
export const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, `Must be ${max} characters or fewer`).optional());
