import { z } from 'zod';
import { isoDate, optionalId, optionalText, requiredId, requiredText, type Form } from '../fields.js';
import { actionStatuses } from '../schema.js';

/** Form input for minutes, decisions and actions arising. */

export const minutesInput = z.object({
  minutes: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().max(20000, 'Minutes must be 20,000 characters or fewer')),
});
export type MinutesForm = Form<typeof minutesInput>;

export const decisionInput = z.object({
  text: requiredText('Enter the decision', 2000),
  agendaItemId: optionalId('Select the agenda item'),
});
export type DecisionForm = Form<typeof decisionInput>;

export const actionInput = z.object({
  description: requiredText('Enter what is to be done', 2000),
  ownerAgencyId: requiredId('Select the agency that owns the action'),
  ownerOfficer: optionalText(200),
  dueOn: isoDate('Enter the date the action is due, for example 2022-03-31'),
  agendaItemId: optionalId('Select the agenda item'),
});
export type ActionForm = Form<typeof actionInput>;

export const actionStatusInput = z
  .object({
    status: z.enum(actionStatuses, { error: 'Select the action’s status' }),
    statusReason: optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'dropped' && !v.statusReason)
      ctx.addIssue({ code: 'custom', path: ['statusReason'], message: 'Enter why the action was dropped' });
  });
export type ActionStatusForm = Form<typeof actionStatusInput>;
