import { date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const meetingKinds = ['board', 'tactical', 'scrutiny', 'extraordinary'] as const;
export type MeetingKind = (typeof meetingKinds)[number];

export const attendanceStatuses = ['present', 'apologies', 'absent', 'represented'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];

export const actionStatuses = ['open', 'done', 'dropped'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export const mitigationStatuses = ['planned', 'in-progress', 'done'] as const;
export type MitigationStatus = (typeof mitigationStatuses)[number];

export const riskStatuses = ['open', 'closed'] as const;
export type RiskStatus = (typeof riskStatuses)[number];

/** A paper tabled with an agenda item: a title and a link. */
export interface Paper {
  title: string;
  url: string;
}

export const meetings = pgTable('gov_meetings', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  partnershipId: integer('partnership_id').notNull(),
  title: text('title').notNull(),
  kind: text('kind').$type<MeetingKind>().notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  location: text('location'),
  onlineUrl: text('online_url'),
  minutesStatus: text('minutes_status').$type<'draft' | 'approved'>().notNull().default('draft'),
  minutesApprovedAtMeetingId: integer('minutes_approved_at_meeting_id'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const agendaItems = pgTable('gov_agenda_items', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  meetingId: integer('meeting_id').notNull(),
  position: integer('position').notNull(),
  title: text('title').notNull(),
  presentingAgencyId: integer('presenting_agency_id'),
  priorityId: integer('priority_id'),
  reportUrl: text('report_url'),
  papers: jsonb('papers').$type<Paper[]>().notNull().default([]),
  minutes: text('minutes'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const attendance = pgTable(
  'gov_attendance',
  {
    meetingId: integer('meeting_id').notNull(),
    agencyId: integer('agency_id').notNull(),
    status: text('status').$type<AttendanceStatus>().notNull(),
    officer: text('officer'),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.agencyId] })],
);

export const decisions = pgTable('gov_decisions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  meetingId: integer('meeting_id').notNull(),
  agendaItemId: integer('agenda_item_id'),
  text: text('text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const actions = pgTable('gov_actions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  partnershipId: integer('partnership_id').notNull(),
  meetingId: integer('meeting_id').notNull(),
  agendaItemId: integer('agenda_item_id'),
  description: text('description').notNull(),
  ownerAgencyId: integer('owner_agency_id').notNull(),
  ownerOfficer: text('owner_officer'),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  status: text('status').$type<ActionStatus>().notNull().default('open'),
  statusReason: text('status_reason'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const risks = pgTable('gov_risks', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  partnershipId: integer('partnership_id').notNull(),
  priorityId: integer('priority_id'),
  title: text('title').notNull(),
  cause: text('cause'),
  event: text('event'),
  effect: text('effect'),
  ownerAgencyId: integer('owner_agency_id').notNull(),
  cosponsorAgencyId: integer('cosponsor_agency_id'),
  inherentLikelihood: integer('inherent_likelihood').notNull(),
  inherentImpact: integer('inherent_impact').notNull(),
  residualLikelihood: integer('residual_likelihood').notNull(),
  residualImpact: integer('residual_impact').notNull(),
  lastReviewedOn: date('last_reviewed_on', { mode: 'string' }).notNull(),
  nextReviewOn: date('next_review_on', { mode: 'string' }).notNull(),
  status: text('status').$type<RiskStatus>().notNull().default('open'),
  closedReason: text('closed_reason'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const riskScores = pgTable('gov_risk_scores', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  riskId: integer('risk_id').notNull(),
  assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
  periodKey: text('period_key').notNull(),
  inherentLikelihood: integer('inherent_likelihood').notNull(),
  inherentImpact: integer('inherent_impact').notNull(),
  residualLikelihood: integer('residual_likelihood').notNull(),
  residualImpact: integer('residual_impact').notNull(),
  note: text('note'),
  recordedBy: integer('recorded_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const riskMitigations = pgTable('gov_risk_mitigations', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  riskId: integer('risk_id').notNull(),
  action: text('action').notNull(),
  ownerAgencyId: integer('owner_agency_id').notNull(),
  status: text('status').$type<MitigationStatus>().notNull().default('planned'),
  dueOn: date('due_on', { mode: 'string' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Meeting = typeof meetings.$inferSelect;
export type AgendaItem = typeof agendaItems.$inferSelect;
export type Attendance = typeof attendance.$inferSelect;
export type Decision = typeof decisions.$inferSelect;
export type Action = typeof actions.$inferSelect;
export type Risk = typeof risks.$inferSelect;
export type RiskScore = typeof riskScores.$inferSelect;
export type RiskMitigation = typeof riskMitigations.$inferSelect;
