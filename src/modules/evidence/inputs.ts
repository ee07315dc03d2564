/**
 * What the evidence pages read from the address, parsed at the edge: the query every page shares (the
 * catalogue's pages, the ward map and their downloads) and the period fields.
 */
import { z } from 'zod';
import { ValidationError } from '../../lib/errors.js';
import { parsePeriod, PeriodError } from '../../lib/periods.js';

const pageQuery = z.object({
  area: z.string().max(20).optional(),
  period: z.string().max(20).optional(),
  benchmark: z.string().max(20).optional(),
  view: z.enum(['published', 'analyst']).optional(),
  crime: z.string().max(60).optional(),
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export const keyParams = z.object({ key: z.string().min(1).max(120) });
export const codeParams = z.object({ code: z.string().min(1).max(20) });

/** The page's query; a field that does not fit is a 400 naming it. */
export function parsePageQuery(query: unknown): PageQuery {
  const parsed = pageQuery.safeParse(query);
  if (!parsed.success)
    throw new ValidationError(
      parsed.error.issues.map((i) => ({
        field: String(i.path[0] ?? 'query'),
        message: `Check the ${String(i.path[0] ?? 'query')} in the address`,
      })),
    );
  return parsed.data;
}

/** A period as written in the address (`2016/17`, `2017-05`…) to its key; a malformed one is a 400 on `field`. */
export function periodKey(value: string, field = 'period') {
  try {
    return parsePeriod(value).key;
  } catch (e) {
    if (e instanceof PeriodError) throw new ValidationError([{ field, message: e.message }]);
    throw e;
  }
}
