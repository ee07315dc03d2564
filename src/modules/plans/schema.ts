import { date, doublePrecision, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const planStatuses = ['draft', 'agreed', 'superseded'] as const;
export type PlanStatus = (typeof planStatuses)[number];

export const ownershipLevels = ['strong', 'joint', 'shared', 'developing', 'weak'] as const;
export type OwnershipLevel = (typeof ownershipLevels)[number];

export const actionStatuses = ['not-started', 'in-progress', 'ongoing', 'complete', 'stopped'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

/** Progress update status: red, amber, green, complete or not started. */
export const ragStatuses = ['red', 'amber', 'green', 'complete', 'not-started'] as const;
export type RagStatus = (typeof ragStatuses)[number];

export const updateStates = ['submitted', 'returned', 'accepted'] as const;
export type UpdateState = (typeof updateStates)[number];

/** The four-point assurance scale of the county agreement. */
export const assuranceRatings = ['strong', 'established', 'developing', 'weak'] as const;
export type AssuranceRating = (typeof assuranceRatings)[number];

/** The six standard dimensions every partnership starts with (seed 001); each partnership may change them. */
export const standardDimensions = [
  'County co-ordination',
  'Driving front-line delivery',
  'Understanding of risk and vulnerability',
  'Reporting and recording',
  'Alignment of resources',
  'Local links',
] as const;

export const plans = pgTable('plans', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  partnershipId: integer('partnership_id').notNull(),
  title: text('title').notNull(),
  firstYear: integer('first_year').notNull(),
  lastYear: integer('last_year').notNull(),
  status: text('status').$type<PlanStatus>().notNull(),
  strategicAssessment: text('strategic_assessment'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const priorities = pgTable('plan_priorities', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  planId: integer('plan_id').notNull(),
  number: integer('number').notNull(),
  title: text('title').notNull(),
  description: text('description'),
  activities: jsonb('activities').$type<string[]>().notNull().default([]),
  ownershipLevel: text('ownership_level').$type<OwnershipLevel>(),
  ownershipStatement: text('ownership_statement'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const prioritySponsors = pgTable(
  'plan_priority_sponsors',
  { priorityId: integer('priority_id').notNull(), agencyId: integer('agency_id').notNull() },
  (t) => [primaryKey({ columns: [t.priorityId, t.agencyId] })],
);

export const actions = pgTable('plan_actions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  planId: integer('plan_id').notNull(),
  priorityId: integer('priority_id').notNull(),
  position: integer('position').notNull().default(1),
  text: text('text').notNull(),
  targetDate: date('target_date'),
  status: text('status').$type<ActionStatus>().notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const actionAgencies = pgTable(
  'plan_action_agencies',
  {
    actionId: integer('action_id').notNull(),
    agencyId: integer('agency_id').notNull(),
    role: text('role').$type<'lead' | 'supporting'>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.agencyId] })],
);

export const focusAreas = pgTable('plan_focus_areas', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  planId: integer('plan_id').notNull(),
  position: integer('position').notNull(),
  text: text('text').notNull(),
});

export const rounds = pgTable('progress_rounds', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  planId: integer('plan_id').notNull(),
  periodKey: text('period_key').notNull(),
  dueDate: date('due_date').notNull(),
  openedBy: integer('opened_by'),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  closedBy: integer('closed_by'),
  version: integer('version').notNull().default(1),
});

export const updates = pgTable('progress_updates', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  roundId: integer('round_id').notNull(),
  actionId: integer('action_id').notNull(),
  version: integer('version').notNull(),
  rag: text('rag').$type<RagStatus>().notNull(),
  narrative: text('narrative').notNull(),
  evidenceUrl: text('evidence_url'),
  state: text('state').$type<UpdateState>().notNull(),
  authorId: integer('author_id'),
  authorName: text('author_name').notNull(),
  authorAgencyId: integer('author_agency_id'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  reviewComment: text('review_comment'),
  reviewedBy: integer('reviewed_by'),
  reviewerName: text('reviewer_name'),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
});

export const dimensions = pgTable('assurance_dimensions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  partnershipId: integer('partnership_id').notNull(),
  position: integer('position').notNull(),
  name: text('name').notNull(),
});

export const ratings = pgTable('assurance_ratings', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  priorityId: integer('priority_id').notNull(),
  dimensionId: integer('dimension_id').notNull(),
  periodKey: text('period_key').notNull(),
  rating: text('rating').$type<AssuranceRating>().notNull(),
  narrative: text('narrative'),
  version: integer('version').notNull().default(1),
  updatedBy: integer('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Plan = typeof plans.$inferSelect;
export type Priority = typeof priorities.$inferSelect;
export type Action = typeof actions.$inferSelect;
export type Round = typeof rounds.$inferSelect;
export type Update = typeof updates.$inferSelect;
export type Dimension = typeof dimensions.$inferSelect;
export type Rating = typeof ratings.$inferSelect;

/** A scorecard measure (migration 0110): an indicator for an area with its benchmark, baseline and target. */
export const measures = pgTable('plan_measures', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  planId: integer('plan_id').notNull(),
  priorityId: integer('priority_id'),
  position: integer('position').notNull().default(1),
  indicatorKey: text('indicator_key').notNull(),
  areaCode: text('area_code').notNull(),
  benchmarkCode: text('benchmark_code'),
  comparatorGroupId: integer('comparator_group_id'),
  baselinePeriod: text('baseline_period').notNull(),
  targetKind: text('target_kind').$type<'value' | 'direction' | 'position'>().notNull(),
  targetValue: doublePrecision('target_value'),
  targetDirection: text('target_direction').$type<'reduce' | 'increase' | 'hold'>(),
  targetPosition: text('target_position').$type<'better-than-benchmark' | 'best-half'>(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type Measure = typeof measures.$inferSelect;
export type NewMeasure = typeof measures.$inferInsert;
