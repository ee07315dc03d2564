import { z } from 'zod';
import { foldDateInput } from '../../../lib/date-input.js';
import { parsePeriod, PeriodError } from '../../../lib/periods.js';
import { blankToUndefined } from '../../../lib/validation.js';
import { reportFormats } from '../../reports/index.js';
import { sourceKinds } from '../schema.js';

/**
 * The assessment's forms, parsed at the edge (`parseInput`), so the service receives values, never a raw form.
 * The matrix forms (weights, scores, adoption) name their fields after criteria and themes, so they are read
 * as records here and checked against the assessment's own criteria and themes in the service.
 */

const optionalText = (max: number, tooLong: string) => z.preprocess(blankToUndefined, z.string().trim().max(max, tooLong).optional());
const requiredText = (max: number, missing: string, tooLong: string) =>
  z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string({ error: missing }).trim().min(1, missing).max(max, tooLong));

/** "2016/17" → 2016 */
const financialYear = z.preprocess(
  (v) => (v === undefined || v === null ? '' : v),
  z
    .string()
    .trim()
    .min(1, 'Enter the financial year the assessment is for, like 2021/22')
    .transform((text, ctx) => {
      try {
        const p = parsePeriod(text);
        if (p.type !== 'financial-year') throw new PeriodError('not a financial year');
        return Number(p.key.slice(0, 4));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Enter a financial year like 2021/22' });
        return z.NEVER;
      }
    }),
);

const indicatorKey = z.preprocess(blankToUndefined, z.string().trim().max(200, 'Select an indicator from the list').optional());

export const assessmentInput = z.object({
  title: requiredText(200, 'Enter the assessment’s title', 'The title must be 200 characters or fewer'),
  year: financialYear,
  summary: optionalText(20000, 'The executive summary must be 20,000 characters or fewer'),
  benchmarkCode: z.preprocess(
    (v) => blankToUndefined(v) ?? 'E92000001',
    z
      .string()
      .trim()
      .regex(/^[EWSNK]\d{8}$/, 'Enter the benchmark as an area code, like E92000001 for England'),
  ),
});
export type AssessmentInput = z.output<typeof assessmentInput>;

export const themeInput = z.object({
  title: requiredText(200, 'Enter the theme’s title', 'The title must be 200 characters or fewer'),
  description: optionalText(5000, 'The description must be 5,000 characters or fewer'),
  indicatorKey,
});
export type ThemeInput = z.output<typeof themeInput>;

const findingObject = z
  .object({
    statement: requiredText(5000, 'Enter the finding', 'The finding must be 5,000 characters or fewer'),
    figureText: optionalText(100, 'The figure must be 100 characters or fewer'),
    indicatorKey,
    sourceKind: z.enum(sourceKinds, { error: 'Select where the finding comes from' }),
    sourceTitle: optionalText(300, 'The document’s name must be 300 characters or fewer'),
    sourceDate: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a real date, like 20 12 2021')
        .optional(),
    ),
    sourceUrl: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .max(1000, 'The link must be 1,000 characters or fewer')
        .regex(/^https?:\/\/\S+$/i, 'Enter a link that starts with https:// or http://')
        .optional(),
    ),
    importId: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Enter the import’s number' }).int().positive().optional()),
  })
  .superRefine((f, ctx) => {
    if (f.sourceKind === 'indicator' && !f.indicatorKey)
      ctx.addIssue({ code: 'custom', path: ['indicatorKey'], message: 'Select the indicator the finding comes from' });
    if (f.sourceKind === 'import' && !f.importId)
      ctx.addIssue({ code: 'custom', path: ['importId'], message: 'Enter the number of the import the finding comes from' });
    if (f.sourceKind === 'document' && !f.sourceTitle)
      ctx.addIssue({ code: 'custom', path: ['sourceTitle'], message: 'Enter the name of the document the finding comes from' });
  });

/** The finding form: its source date is a GOV.UK date input (sourceDate-day, -month, -year). */
export const findingInput = z.preprocess(foldDateInput('sourceDate'), findingObject);
export type FindingInput = z.output<typeof findingObject>;

const fieldsOf = (body: unknown) => (typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {});
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The weights form: `weight-<criterion>` for each criterion. */
export const weightsOf = (body: unknown) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fieldsOf(body))) if (k.startsWith('weight-')) out[k.slice(7)] = text(v);
  return out;
};

/** The scores form: `score-<criterion>` (blank: no score of the theme's own) and `reason-<criterion>`. */
export const scoresOf = (body: unknown) => {
  const fields = fieldsOf(body);
  const out: Record<string, { score: string; reason: string }> = {};
  for (const [k, v] of Object.entries(fields))
    if (k.startsWith('score-')) out[k.slice(6)] = { score: text(v), reason: text(fields[`reason-${k.slice(6)}`]) };
  return out;
};

/** The adopt form: the chosen themes (`themeIds`) and `reason-<themeId>` for each theme left out. */
export const adoptionOf = (body: unknown) => {
  const fields = fieldsOf(body);
  const raw = fields.themeIds;
  const chosen = (raw === undefined || raw === '' ? [] : Array.isArray(raw) ? raw : [raw]).map(Number).filter((n) => Number.isInteger(n));
  const reasons: Record<number, string> = {};
  for (const [k, v] of Object.entries(fields)) if (/^reason-\d+$/.test(k)) reasons[Number(k.slice(7))] = text(v);
  return { chosen, reasons };
};

/** The document's download: `format=pdf|docx|html`. */
export const documentQuery = z.object({
  format: z.enum(reportFormats, { error: 'Choose the document’s format: pdf, docx or html' }),
});

/** The indicator selection form: the ticked `indicatorKeys` (none, one or many). */
export const indicatorKeysOf = (body: unknown) => {
  const raw = fieldsOf(body).indicatorKeys;
  const list = raw === undefined || raw === '' ? [] : Array.isArray(raw) ? raw : [raw];
  return list.filter((k): k is string => typeof k === 'string' && k.length > 0 && k.length <= 200);
};
