import { z } from 'zod';

/**
 * Reading the access module's forms at the edge (each part's inputs.ts builds on these). The fields are
 * read as typed and never refused here: the services say what is wrong, after the checks that come first.
 */

/** A text field as posted: the text, or '' when it is missing or not text. */
export const textField = z.string().catch('');

/** Parses a posted form (or a query string) with `schema`; a body that is not a form reads as an empty one. */
export function readForm<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return schema.parse(body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {});
}
