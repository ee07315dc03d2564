export { formVersion, optionalText, type Form } from '../../lib/validation.js';

/**
 * What the partnerships module's forms share (agencies/ and partnerships/ inputs.ts build on these).
 */

/** A posted form's fields (or none). */
export const formBody = (body: unknown) => (body ?? {}) as Record<string, unknown>;
