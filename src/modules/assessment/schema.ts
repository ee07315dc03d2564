import { customType, date, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Criterion, PackRow, RankedTheme, ThemeScores } from './policy.js';

/** The strategic assessment's tables (src/db/migrations/0500_assessment.sql). */

export const assessmentStatuses = ['draft', 'agreed'] as const;
export type AssessmentStatus = (typeof assessmentStatuses)[number];

export const sourceKinds = ['indicator', 'import', 'document'] as const;
export type SourceKind = (typeof sourceKinds)[number];

export const themeDecisions = ['adopted', 'not-adopted'] as const;
export type ThemeDecision = (typeof themeDecisions)[number];

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** The pack as stored: its rows and the area and benchmark it was built for. */
export interface StoredPack {
  areaCode: string | null;
  areaName: string | null;
  benchmarkCode: string;
  benchmarkName: string | null;
  rows: PackRow[];
}

/** A finding's figure as it stood when the assessment was agreed. */
export interface FrozenFigure {
  indicatorKey: string;
  indicatorName: string;
  period: string;
  value: number | null;
  unitLabel: string;
}

export const assessments = pgTable('assessments', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  partnershipId: integer('partnership_id').notNull(),
  year: integer('year').notNull(),
  title: text('title').notNull(),
  status: text('status').$type<AssessmentStatus>().notNull().default('draft'),
  summary: text('summary'),
  benchmarkCode: text('benchmark_code').notNull().default('E92000001'),
  indicatorKeys: jsonb('indicator_keys').$type<string[] | null>(),
  pack: jsonb('pack').$type<StoredPack | null>(),
  packBuiltAt: timestamp('pack_built_at', { withTimezone: true }),
  criteria: jsonb('criteria').$type<Criterion[]>().notNull(),
  agreedMatrix: jsonb('agreed_matrix').$type<RankedTheme[] | null>(),
  adoptedPlanId: integer('adopted_plan_id'),
  agreedAt: timestamp('agreed_at', { withTimezone: true }),
  agreedBy: integer('agreed_by'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const themes = pgTable('assessment_themes', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  assessmentId: integer('assessment_id').notNull(),
  position: integer('position').notNull(),
  title: text('title').notNull(),
  description: text('description'),
  indicatorKey: text('indicator_key'),
  scores: jsonb('scores').$type<ThemeScores>().notNull().default({}),
  decision: text('decision').$type<ThemeDecision>(),
  decisionReason: text('decision_reason'),
  priorityId: integer('priority_id'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const files = pgTable('assessment_files', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  assessmentId: integer('assessment_id').notNull(),
  contributionId: integer('contribution_id'),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  content: bytea('content').notNull(),
  uploadedBy: integer('uploaded_by'),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
});

export const findings = pgTable('assessment_findings', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  themeId: integer('theme_id').notNull(),
  position: integer('position').notNull(),
  statement: text('statement').notNull(),
  figureText: text('figure_text'),
  indicatorKey: text('indicator_key'),
  frozenFigure: jsonb('frozen_figure').$type<FrozenFigure | null>(),
  sourceKind: text('source_kind').$type<SourceKind>().notNull(),
  sourceTitle: text('source_title'),
  sourceDate: date('source_date'),
  sourceUrl: text('source_url'),
  importId: integer('import_id'),
  fileId: integer('file_id'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const contributionRequests = pgTable('assessment_contribution_requests', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  assessmentId: integer('assessment_id').notNull(),
  dueDate: date('due_date').notNull(),
  message: text('message'),
  openedBy: integer('opened_by'),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
});

export const contributions = pgTable('assessment_contributions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  requestId: integer('request_id').notNull(),
  agencyId: integer('agency_id').notNull(),
  view: text('view').notNull(),
  authorId: integer('author_id'),
  authorName: text('author_name').notNull(),
  version: integer('version').notNull().default(1),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Assessment = typeof assessments.$inferSelect;
export type Theme = typeof themes.$inferSelect;
export type Finding = typeof findings.$inferSelect;
export type AssessmentFile = typeof files.$inferSelect;
export type ContributionRequest = typeof contributionRequests.$inferSelect;
export type Contribution = typeof contributions.$inferSelect;
