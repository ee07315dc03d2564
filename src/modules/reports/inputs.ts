/** Report forms, queries and parameters, parsed at the edge with zod (routes, API and the command line). */
import { z } from 'zod';
import { isPeriodKey, parsePeriod } from '../../lib/periods.js';
import { ValidationError } from '../../lib/errors.js';
import { idParam } from '../../lib/validation.js';
import { NARRATIVE_MAX, periodTypeOf } from './policy.js';
import { reportFormats, reportKinds, type ReportKind } from './schema.js';

export const kindParams = z.object({ id: idParam, kind: z.enum(reportKinds) });
export const versionParams = kindParams.extend({ version: z.coerce.number().int().positive().max(100_000) });

const periodExamples: Record<ReportKind, string> = {
  'annual-review': 'a financial year like 2016/17',
  assurance: 'a quarter like 2021/22-Q3',
  'progress-table': 'a quarter like 2020/21-Q3',
};

/** The period of a report, checked against its kind; a sentence naming what is wrong otherwise. */
export function reportPeriod(kind: ReportKind, value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw new ValidationError([{ field: 'period', message: `Enter the period: ${periodExamples[kind]}` }]);
  if (!isPeriodKey(text) || parsePeriod(text).type !== periodTypeOf[kind])
    throw new ValidationError([{ field: 'period', message: `“${text}” is not ${periodExamples[kind]}` }]);
  return parsePeriod(text).key;
}

export const downloadQuery = z.object({
  period: z.string().max(20).optional(),
  format: z.enum(reportFormats, { error: 'format must be html, pdf or docx' }).default('html'),
  version: z.coerce.number().int().positive().max(100_000).optional(),
});

export const pageQuery = z.object({ period: z.string().max(20).optional() });

export const narrativeForm = z.object({
  period: z.string().max(20),
  section: z.string().max(40),
  version: z.coerce.number().int().min(1),
  body: z
    .string()
    .max(NARRATIVE_MAX, `The text must be ${NARRATIVE_MAX.toLocaleString('en-GB')} characters or fewer`)
    .transform((s) => s.replace(/\r\n/g, '\n').trim()),
});

export const publishForm = z.object({ period: z.string().max(20) });

export const publicSettingForm = z.object({
  publishes: z.enum(['yes', 'no'], { error: 'Select whether the partnership publishes its reports' }),
  version: z.coerce.number().int().min(1),
});
