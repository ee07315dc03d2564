import { z } from 'zod';
import { blankToUndefined } from '../../../lib/validation.js';
import { clockTime, isoDate, optionalId, optionalText, requiredText, webLink, type Form } from '../fields.js';
import { attendanceStatuses, meetingKinds } from '../schema.js';

/** Form input for meetings, their agenda and attendance. */

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
export type MeetingForm = Form<typeof meetingInput>;

export const agendaInput = z.object({
  title: requiredText('Enter the agenda item’s title', 300),
  presentingAgencyId: optionalId('Select the presenting agency'),
  priorityId: optionalId('Select a priority'),
  reportUrl: webLink('Enter the report link as a web address starting https://'),
  papers: optionalText(5000),
});
export type AgendaForm = Form<typeof agendaInput>;

export const attendanceEntry = z.object({
  agencyId: z.coerce.number().int().positive(),
  status: z.preprocess(blankToUndefined, z.enum(attendanceStatuses).optional()),
  officer: optionalText(200),
});
export type AttendanceForm = Form<typeof attendanceEntry>;

/** The attendance form's fields (`status-<agency id>`, `officer-<agency id>`) as one entry per agency listed. */
export function attendanceEntries(body: Record<string, unknown>): AttendanceForm[] {
  return Object.keys(body)
    .map((k) => /^status-(\d+)$/.exec(k)?.[1])
    .filter((x): x is string => x !== undefined)
    .map((agencyId) => ({ agencyId, status: body[`status-${agencyId}`], officer: body[`officer-${agencyId}`] }));
}
