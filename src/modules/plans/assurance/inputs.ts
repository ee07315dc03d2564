import { z } from 'zod';
import { blankToUndefined } from '../../../lib/validation.js';
import { requiredText } from '../fields.js';

/**
 * The assurance forms. Routes parse the body with these at the edge (`parseInput`), so services receive the
 * parsed values (`z.output`).
 */

export const dimensionInput = z.object({
  name: requiredText(200, 'Enter the dimension’s name', 'The name must be 200 characters or fewer'),
});
export type DimensionInput = z.output<typeof dimensionInput>;

/** What the assessment form says about one dimension; whether the rating is one of the scale is the service's to say. */
export interface RatingEntry {
  /** As chosen; undefined when left unrated. */
  rating: string | undefined;
  narrative: string | null;
  /** The version of the rating the form was filled from; 0 when there was none. */
  version: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const ratingText = (v: unknown) => {
  const value = blankToUndefined(v);
  return value === undefined || typeof value === 'string' ? value : JSON.stringify(value);
};
const narrativeText = (v: unknown) => (typeof v === 'string' ? v.trim() || null : null);

/**
 * The assessment form for one period: `periodKey`, then for each dimension `rating-<id>`, `narrative-<id>`
 * and `version-<id>`. It never fails: which dimensions there are, and what is wrong with each, the service
 * says (its messages name the dimension).
 */
export const assessmentInput = z
  .preprocess((v) => (isRecord(v) ? v : {}), z.record(z.string(), z.unknown()))
  .transform((body) => {
    const ids = new Set<number>();
    for (const key of Object.keys(body)) {
      const id = /^(?:rating|narrative|version)-(\d+)$/.exec(key)?.[1];
      if (id) ids.add(Number(id));
    }
    const entries = new Map<number, RatingEntry>();
    for (const id of ids)
      entries.set(id, {
        rating: ratingText(body[`rating-${id}`]),
        narrative: narrativeText(body[`narrative-${id}`]),
        version: Number(body[`version-${id}`] ?? 0) || 0,
      });
    return { periodKey: typeof body.periodKey === 'string' ? body.periodKey : '', entries };
  });
export type AssessmentInput = z.output<typeof assessmentInput>;
