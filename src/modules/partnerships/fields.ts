import { z } from 'zod';
import { blankToUndefined } from '../../lib/validation.js';
export { formVersion } from '../../lib/validation.js';

/**
 * What the partnerships module's forms share (agencies/ and partnerships/ inputs.ts build on these).
 */

/**
 * A form as routes pass it to a service: the schema's fields, each as submitted (not yet parsed). Services
 * check the actor's rights first, then parse it with the schema, so a refusal never depends on what was typed.
 */
export type Form<S extends z.ZodType> = { [K in keyof z.input<S>]?: unknown };

/** A posted form's fields (or none). */
export const formBody = (body: unknown) => (body ?? {}) as Record<string, unknown>;

/** A text field that may be left blank (blank: undefined), at most `max` characters. */
export const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional());
