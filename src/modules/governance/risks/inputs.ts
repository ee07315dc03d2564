import { z } from 'zod';
import { blankToUndefined, idParam } from '../../../lib/validation.js';
import { isoDate, optionalId, optionalText, requiredId, requiredText, type Form } from '../fields.js';
import { mitigationStatuses } from '../schema.js';
import type { Band } from './bands.js';

/** Form and query input for the shared risk register. */

const scale = (what: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `Select the ${what}, from 1 to 5` })
      .int()
      .min(1, `Select the ${what}, from 1 to 5`)
      .max(5, `Select the ${what}, from 1 to 5`),
  );

export const riskInput = z.object({
  title: requiredText('Enter the risk’s title', 300),
  priorityId: optionalId('Select a priority'),
  cause: optionalText(4000),
  event: optionalText(4000),
  effect: optionalText(4000),
  ownerAgencyId: requiredId('Select the agency that owns the risk'),
  cosponsorAgencyId: optionalId('Select the co-sponsor'),
});
export type RiskForm = Form<typeof riskInput>;

export const scoreInput = z.object({
  inherentLikelihood: scale('likelihood before mitigation'),
  inherentImpact: scale('impact before mitigation'),
  residualLikelihood: scale('likelihood after mitigation'),
  residualImpact: scale('impact after mitigation'),
  assessedOn: isoDate('Enter the date of the assessment, for example 2021-12-20'),
  note: optionalText(2000),
});
export type ScoreForm = Form<typeof scoreInput>;

export const newRiskInput = riskInput.and(scoreInput);
export type NewRiskForm = Form<typeof newRiskInput>;

export const mitigationInput = z.object({
  action: requiredText('Enter the mitigating action', 2000),
  ownerAgencyId: requiredId('Select the agency that owns the mitigation'),
  status: z.enum(mitigationStatuses, { error: 'Select the mitigation’s status' }),
  dueOn: z.preprocess(blankToUndefined, isoDate('Enter the due date, for example 2022-03-31').optional()),
});
export type MitigationForm = Form<typeof mitigationInput>;

export const closeRiskInput = z.object({ closedReason: requiredText('Enter why the risk is closed', 1000) });
export type CloseRiskForm = Form<typeof closeRiskInput>;

export const riskSorts = ['score', 'title', 'owner', 'review', 'priority'] as const;
export type RiskSort = (typeof riskSorts)[number];

/** Which risks the register shows, and in what order. */
export interface RegisterFilter {
  priority?: number | 'none' | undefined;
  band?: Band | undefined;
  owner?: number | undefined;
  overdue?: boolean | undefined;
  status?: 'open' | 'closed' | 'all' | undefined;
  sort?: RiskSort | undefined;
  direction?: 'asc' | 'desc' | undefined;
}

const blank = (v: unknown) => (v === '' ? undefined : v);

/** The register's query string: a value that cannot be read is ignored, never an error. */
export const registerQuery = z.object({
  priority: z.preprocess(blank, z.union([z.literal('none'), idParam]).optional()).catch(undefined),
  band: z.preprocess(blank, z.enum(['high', 'medium', 'low']).optional()).catch(undefined),
  owner: z.preprocess(blank, idParam.optional()).catch(undefined),
  overdue: z.preprocess((v) => v === 'yes' || v === 'true', z.boolean()).catch(false),
  status: z.preprocess(blank, z.enum(['open', 'closed', 'all']).optional()).catch(undefined),
  sort: z.preprocess(blank, z.enum(riskSorts).optional()).catch(undefined),
  direction: z.preprocess(blank, z.enum(['asc', 'desc']).optional()).catch(undefined),
}) satisfies z.ZodType<RegisterFilter>;

export const heatMapQuery = z.object({ basis: z.enum(['current', 'inherent']).catch('current') });
