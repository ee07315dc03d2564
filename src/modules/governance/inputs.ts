import { z } from 'zod';
import { blankToUndefined } from '../../lib/validation.js';
import { actionStatuses, attendanceStatuses, meetingKinds, mitigationStatuses } from './schema.js';
import { isWebLink } from './rules.js';

/** Form and API input for governance records, validated with messages a user can act on. */

const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, `Must be ${max} characters or fewer`).optional());
const requiredText = (message: string, max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? '' : v),
    z.string().trim().min(1, message).max(max, `Must be ${max} characters or fewer`),
  );
const isoDate = (message: string) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? '' : v),
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, message)
      .refine(
        (s) => !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
        message,
      ),
  );
const clockTime = (message: string) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? '' : v),
    z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, message),
  );
const optionalId = (message: string) =>
  z.preprocess(blankToUndefined, z.coerce.number({ error: message }).int().positive(message).optional());
const requiredId = (message: string) =>
  z.preprocess(blankToUndefined, z.coerce.number({ error: message }).int({ error: message }).positive({ error: message }));
const webLink = (message: string) => z.preprocess(blankToUndefined, z.string().trim().max(2000).refine(isWebLink, message).optional());
const scale = (what: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `Select the ${what}, from 1 to 5` })
      .int()
      .min(1, `Select the ${what}, from 1 to 5`)
      .max(5, `Select the ${what}, from 1 to 5`),
  );

export const meetingInput = z
  .object({
    title: requiredText('Enter the meeting’s title', 200),
    kind: z.enum(meetingKinds, { error: 'Select the kind of meeting' }),
    date: isoDate('Enter the date of the meeting, for example 2021-12-20'),
    startTime: clockTime('Enter the start time, for example 10:00'),
    endTime: clockTime('Enter the end time, for example 12:00'),
    location: optionalText(300),
    onlineUrl: webLink('Enter the online meeting link as a web address starting https://'),
  })
  .superRefine((v, ctx) => {
    if (v.endTime <= v.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'The end time must be after the start time' });
    if (!v.location && !v.onlineUrl)
      ctx.addIssue({ code: 'custom', path: ['location'], message: 'Enter where the meeting is held, or an online meeting link' });
  });
export type MeetingInput = z.input<typeof meetingInput>;

export const agendaInput = z.object({
  title: requiredText('Enter the agenda item’s title', 300),
  presentingAgencyId: optionalId('Select the presenting agency'),
  priorityId: optionalId('Select a priority'),
  reportUrl: webLink('Enter the report link as a web address starting https://'),
  papers: optionalText(5000),
});
export type AgendaInput = z.input<typeof agendaInput>;

export const minutesInput = z.object({
  minutes: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().max(20000, 'Minutes must be 20,000 characters or fewer')),
});

export const decisionInput = z.object({
  text: requiredText('Enter the decision', 2000),
  agendaItemId: optionalId('Select the agenda item'),
});

export const actionInput = z.object({
  description: requiredText('Enter what is to be done', 2000),
  ownerAgencyId: requiredId('Select the agency that owns the action'),
  ownerOfficer: optionalText(200),
  dueOn: isoDate('Enter the date the action is due, for example 2022-03-31'),
  agendaItemId: optionalId('Select the agenda item'),
});
export type ActionInput = z.input<typeof actionInput>;

export const actionStatusInput = z
  .object({
    status: z.enum(actionStatuses, { error: 'Select the action’s status' }),
    statusReason: optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'dropped' && !v.statusReason)
      ctx.addIssue({ code: 'custom', path: ['statusReason'], message: 'Enter why the action was dropped' });
  });

export const attendanceEntry = z.object({
  agencyId: z.coerce.number().int().positive(),
  status: z.preprocess(blankToUndefined, z.enum(attendanceStatuses).optional()),
  officer: optionalText(200),
});

export const riskInput = z.object({
  title: requiredText('Enter the risk’s title', 300),
  priorityId: optionalId('Select a priority'),
  cause: optionalText(4000),
  event: optionalText(4000),
  effect: optionalText(4000),
  ownerAgencyId: requiredId('Select the agency that owns the risk'),
  cosponsorAgencyId: optionalId('Select the co-sponsor'),
});
export type RiskInput = z.input<typeof riskInput>;

export const scoreInput = z.object({
  inherentLikelihood: scale('likelihood before mitigation'),
  inherentImpact: scale('impact before mitigation'),
  residualLikelihood: scale('likelihood after mitigation'),
  residualImpact: scale('impact after mitigation'),
  assessedOn: isoDate('Enter the date of the assessment, for example 2021-12-20'),
  note: optionalText(2000),
});
export type ScoreInput = z.input<typeof scoreInput>;

export const newRiskInput = riskInput.and(scoreInput);
export type NewRiskInput = z.input<typeof newRiskInput>;

export const mitigationInput = z.object({
  action: requiredText('Enter the mitigating action', 2000),
  ownerAgencyId: requiredId('Select the agency that owns the mitigation'),
  status: z.enum(mitigationStatuses, { error: 'Select the mitigation’s status' }),
  dueOn: z.preprocess(blankToUndefined, isoDate('Enter the due date, for example 2022-03-31').optional()),
});

export const closeRiskInput = z.object({ closedReason: requiredText('Enter why the risk is closed', 1000) });
