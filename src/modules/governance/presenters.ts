/**
 * What the pages, the API, the CSV and the calendars show of governance records: one mapping each, used
 * by the services (views), api.ts (JSON), the register's CSV and the iCalendar files.
 */
import { toCsv } from '../../lib/csv.js';
import { londonParts } from '../../lib/london-time.js';
import type { CalendarEvent } from './meetings/ics.js';
import type { AgendaItemRow } from './meetings/repository.js';
import { minutesBlocks } from './minutes/format.js';
import { papersToText } from './minutes/papers.js';
import type { ActionRow } from './minutes/repository.js';
import type { PriorityOption } from './repository.js';
import { bandOf, riskScore } from './risks/bands.js';
import type { RiskRow } from './risks/repository.js';
import type { AttendanceStatus, Decision, Meeting, RiskScore } from './schema.js';

// Meetings -------------------------------------------------------------------------------------------------

/** A meeting's UK date, start and end times (24-hour clock). */
export const meetingWhen = (meeting: Meeting) => ({ ...londonParts(meeting.startsAt), endTime: londonParts(meeting.endsAt).time });

/** A meeting as its form shows it: date, start and end as typed (UK time). */
export function meetingFormValues(meeting: Meeting) {
  const when = meetingWhen(meeting);
  return { ...meeting, date: when.date, startTime: when.time, endTime: when.endTime };
}

/** An agenda item as its form shows it: the papers as the text typed, one a line. */
export const agendaItemFormValues = <I extends Pick<AgendaItemRow, 'papers'>>(item: I) => ({ ...item, papers: papersToText(item.papers) });

/** An action arising, marked overdue when it is open and past its due date. */
export const presentAction = (action: ActionRow, today: string) => ({
  ...action,
  overdue: action.status === 'open' && action.dueOn < today,
});
export type PresentedAction = ReturnType<typeof presentAction>;

/** An agenda item on the meeting page: its minutes as a structure for the minutesBody macro, its decisions and actions. */
export function presentAgendaItem(
  item: AgendaItemRow,
  related: { priorities: PriorityOption[]; decisions: Decision[]; actions: PresentedAction[] },
) {
  return {
    ...item,
    minutesBlocks: minutesBlocks(item.minutes),
    priority: item.priorityId ? (related.priorities.find((p) => p.id === item.priorityId) ?? null) : null,
    decisions: related.decisions.filter((d) => d.agendaItemId === item.id),
    actions: related.actions.filter((a) => a.agendaItemId === item.id),
  };
}

/** A meeting as a calendar event: a stable id, and a sequence that rises with each change. */
export function meetingEvent(
  meeting: Meeting,
  partnershipName: string,
  items: { title: string; presentingAgencyName: string | null }[],
  baseUrl: string,
): CalendarEvent {
  const url = `${baseUrl}/meetings/${meeting.id}`;
  const agenda = items.map((i, n) => `${n + 1}. ${i.title}${i.presentingAgencyName ? ` (${i.presentingAgencyName})` : ''}`);
  const description = [`${partnershipName}: ${meeting.kind} meeting`, ...(agenda.length ? ['', 'Agenda:', ...agenda] : []), '', url].join(
    '\n',
  );
  return {
    uid: `meeting-${meeting.id}@saferhub`,
    start: meeting.startsAt,
    end: meeting.endsAt,
    stamp: meeting.updatedAt,
    sequence: meeting.version - 1,
    summary: `${meeting.title} (${partnershipName})`,
    location: [meeting.location, meeting.onlineUrl].filter(Boolean).join(' – ') || null,
    description,
    url,
  };
}

/** A meeting in the API: times as UTC instants. */
export const meetingJson = (m: Meeting) => ({
  id: m.id,
  partnershipId: m.partnershipId,
  title: m.title,
  kind: m.kind,
  startsAt: m.startsAt.toISOString(),
  endsAt: m.endsAt.toISOString(),
  location: m.location,
  onlineUrl: m.onlineUrl,
  minutesStatus: m.minutesStatus,
});

export const actionJson = (a: PresentedAction) => ({
  id: a.id,
  meetingId: a.meetingId,
  agendaItemId: a.agendaItemId,
  description: a.description,
  ownerAgency: { id: a.ownerAgencyId, name: a.ownerAgencyName },
  ownerOfficer: a.ownerOfficer,
  dueOn: a.dueOn,
  status: a.status,
  statusReason: a.statusReason,
  overdue: a.overdue,
});

/** A meeting in the API with its agenda, attendance by member agency, decisions, actions and matters arising. */
export function meetingDetailJson(view: {
  meeting: Meeting;
  items: AgendaItemRow[];
  attendance: { agencyId: number; agencyName: string; status: AttendanceStatus | null; officer: string | null }[];
  decisions: Decision[];
  actions: PresentedAction[];
  mattersArising: PresentedAction[];
}) {
  return {
    ...meetingJson(view.meeting),
    agenda: view.items.map((i) => ({
      id: i.id,
      position: i.position,
      title: i.title,
      presentingAgency: i.presentingAgencyId && i.presentingAgencyName ? { id: i.presentingAgencyId, name: i.presentingAgencyName } : null,
      priorityId: i.priorityId,
      reportUrl: i.reportUrl,
      papers: i.papers,
      minutes: i.minutes,
    })),
    attendance: view.attendance.map((a) => ({ agency: { id: a.agencyId, name: a.agencyName }, status: a.status, officer: a.officer })),
    decisions: view.decisions.map((d) => ({ id: d.id, agendaItemId: d.agendaItemId, text: d.text })),
    actionsArising: view.actions.map(actionJson),
    mattersArising: view.mattersArising.map(actionJson),
  };
}

// Risks ----------------------------------------------------------------------------------------------------

/** A risk as pages, the API and the CSV see it: scores, bands and whether its review is overdue. */
export function presentRisk(row: RiskRow, today: string, priorities: PriorityOption[]) {
  const r = row.risk;
  const inherentScore = riskScore(r.inherentLikelihood, r.inherentImpact);
  const currentScore = riskScore(r.residualLikelihood, r.residualImpact);
  return {
    ...r,
    ownerName: row.ownerName,
    cosponsorName: row.cosponsorName,
    priority: priorities.find((p) => p.id === r.priorityId) ?? null,
    inherentScore,
    inherentBand: bandOf(inherentScore),
    currentScore,
    currentBand: bandOf(currentScore),
    reviewOverdue: r.status === 'open' && r.nextReviewOn < today,
  };
}
export type PresentedRisk = ReturnType<typeof presentRisk>;

/** One assessment in a risk's score history, with its scores and bands. */
export function presentScore(s: RiskScore) {
  const inherentScore = riskScore(s.inherentLikelihood, s.inherentImpact);
  const currentScore = riskScore(s.residualLikelihood, s.residualImpact);
  return { ...s, inherentScore, inherentBand: bandOf(inherentScore), currentScore, currentBand: bandOf(currentScore) };
}

/** A risk in the API: before (inherent) and after mitigation (current). */
export const riskJson = (r: PresentedRisk) => ({
  id: r.id,
  title: r.title,
  priorityId: r.priorityId,
  cause: r.cause,
  event: r.event,
  effect: r.effect,
  ownerAgency: { id: r.ownerAgencyId, name: r.ownerName },
  cosponsorAgency: r.cosponsorAgencyId && r.cosponsorName ? { id: r.cosponsorAgencyId, name: r.cosponsorName } : null,
  inherent: { likelihood: r.inherentLikelihood, impact: r.inherentImpact, score: r.inherentScore, band: r.inherentBand },
  current: { likelihood: r.residualLikelihood, impact: r.residualImpact, score: r.currentScore, band: r.currentBand },
  lastReviewedOn: r.lastReviewedOn,
  nextReviewOn: r.nextReviewOn,
  reviewOverdue: r.reviewOverdue,
  status: r.status,
  closedReason: r.closedReason,
});

/** The register as CSV (formula-like cells neutralised by toCsv). */
export function riskRegisterCsv(risks: PresentedRisk[]): string {
  return toCsv(
    [
      'Risk id',
      'Title',
      'Priority',
      'Owner agency',
      'Co-sponsor',
      'Cause',
      'Event',
      'Effect',
      'Likelihood before mitigation',
      'Impact before mitigation',
      'Score before mitigation',
      'Likelihood after mitigation',
      'Impact after mitigation',
      'Current score',
      'Band',
      'Last reviewed',
      'Next review',
      'Review overdue',
      'Status',
      'Closed reason',
    ],
    risks.map((r) => [
      r.id,
      r.title,
      r.priority ? `${r.priority.number}. ${r.priority.title}` : '',
      r.ownerName,
      r.cosponsorName ?? '',
      r.cause,
      r.event,
      r.effect,
      r.inherentLikelihood,
      r.inherentImpact,
      r.inherentScore,
      r.residualLikelihood,
      r.residualImpact,
      r.currentScore,
      r.currentBand,
      r.lastReviewedOn,
      r.nextReviewOn,
      r.reviewOverdue ? 'yes' : 'no',
      r.status,
      r.closedReason ?? '',
    ]),
  );
}
