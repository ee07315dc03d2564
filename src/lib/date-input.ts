/**
 * GOV.UK date inputs: three fields named `<prefix>-day`, `<prefix>-month` and `<prefix>-year`, read from a
 * form body as one ISO date.
 */

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field's text as typed; anything that is not text (a repeated field, say) stays recognisably not a number. */
const fieldText = (value: unknown) =>
  typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);

/**
 * The date input's three fields as YYYY-MM-DD, or 'invalid' when they do not make a real date (years 1990 to
 * 2100). When all three are blank, a plain `<prefix>` text field is used if the body has one (programs and
 * tests send the date whole), otherwise undefined.
 */
export function dateFromParts(body: Record<string, unknown>, prefix: string): string | undefined {
  const parts = ['day', 'month', 'year'].map((p) => fieldText(body[`${prefix}-${p}`]).trim());
  if (parts.every((p) => p === '')) {
    const whole = body[prefix];
    return typeof whole === 'string' ? whole : undefined;
  }
  const [d, m, y] = parts.map(Number) as [number, number, number];
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || y < 1990 || y > 2100) return 'invalid';
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'invalid';
  return date.toISOString().slice(0, 10);
}

/**
 * For a zod preprocess step: the form body with the date input folded into one `<prefix>` field, so the
 * schema checks a single YYYY-MM-DD value. Anything that is not a form body is passed on unchanged.
 */
export const foldDateInput = (prefix: string) => (body: unknown) =>
  isRecord(body) ? { ...body, [prefix]: dateFromParts(body, prefix) } : body;
