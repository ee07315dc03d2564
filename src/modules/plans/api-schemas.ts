import { z } from 'zod';
import { actionStatuses, planStatuses, ragStatuses, updateStates } from './schema.js';

/** The JSON shapes the plans API answers with (its OpenAPI document is generated from them). */

export const agencyRef = z.object({ id: z.number().int(), name: z.string() });

export const updateSchema = z.object({
  id: z.number().int(),
  period: z.string(),
  version: z.number().int(),
  rag: z.enum(ragStatuses),
  narrative: z.string(),
  evidenceUrl: z.string().nullable(),
  state: z.enum(updateStates),
  authorName: z.string(),
  submittedAt: z.string(),
  reviewComment: z.string().nullable(),
});

export const planSummary = z.object({
  id: z.number().int(),
  partnershipId: z.number().int(),
  title: z.string(),
  firstYear: z.string(),
  lastYear: z.string(),
  status: z.enum(planStatuses),
  strategicAssessment: z.string().nullable(),
});

export const actionSchema = z.object({
  id: z.number().int(),
  text: z.string(),
  status: z.enum(actionStatuses),
  targetDate: z.string().nullable(),
  version: z.number().int(),
  leadAgencies: z.array(agencyRef),
  supportingAgencies: z.array(agencyRef),
  latestUpdate: updateSchema.nullable(),
});
