import { boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { ReportDocument } from './model.js';

/** The three kinds of report SaferHub makes (seed 004, seed 000, seed 002). */
export const reportKinds = ['annual-review', 'assurance', 'progress-table'] as const;
export type ReportKind = (typeof reportKinds)[number];

export const reportFormats = ['html', 'pdf', 'docx'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** Narrative written by coordinators, one per report, period and section (kept in step with 0400_reports.sql). */
export const reportNarratives = pgTable('report_narratives', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  partnershipId: integer('partnership_id').notNull(),
  kind: text('kind').$type<ReportKind>().notNull(),
  periodKey: text('period_key').notNull(),
  sectionKey: text('section_key').notNull(),
  body: text('body').notNull().default(''),
  version: integer('version').notNull().default(1),
  updatedBy: integer('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A published version: its whole content frozen (figures, narrative, the data used). Never changed. */
export const reportVersions = pgTable('report_versions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  partnershipId: integer('partnership_id').notNull(),
  kind: text('kind').$type<ReportKind>().notNull(),
  periodKey: text('period_key').notNull(),
  versionNumber: integer('version_number').notNull(),
  content: jsonb('content').$type<ReportDocument>().notNull(),
  publishedBy: integer('published_by'),
  publishedByName: text('published_by_name').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Whether a partnership publishes on the public pages (off until a coordinator turns it on). */
export const reportPublicSettings = pgTable('report_public_settings', {
  partnershipId: integer('partnership_id').primaryKey(),
  publishes: boolean('publishes').notNull().default(false),
  version: integer('version').notNull().default(1),
  updatedBy: integer('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type NarrativeRow = typeof reportNarratives.$inferSelect;
export type VersionRow = typeof reportVersions.$inferSelect;
