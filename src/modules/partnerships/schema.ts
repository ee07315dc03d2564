import { boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const agencyKinds = [
  'police',
  'local-authority',
  'fire-and-rescue',
  'probation',
  'health',
  'youth-justice',
  'police-and-crime-commissioner',
  'voluntary',
  'education',
  'other',
] as const;
export type AgencyKind = (typeof agencyKinds)[number];

export const partnershipKinds = ['strategy-group', 'community-safety-partnership', 'thematic-board', 'operational-group'] as const;
export type PartnershipKind = (typeof partnershipKinds)[number];

export const membershipRoles = ['chair', 'vice-chair', 'member', 'observer', 'co-sponsor'] as const;
export type MembershipRole = (typeof membershipRoles)[number];

export const meetingCadences = [
  'weekly',
  'fortnightly',
  'monthly',
  'bi-monthly',
  'quarterly',
  'six-monthly',
  'annually',
  'as-needed',
] as const;
export type MeetingCadence = (typeof meetingCadences)[number];

export const agencies = pgTable('agencies', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  shortName: text('short_name'),
  kind: text('kind').$type<AgencyKind>().notNull(),
  responsibleAuthority: boolean('responsible_authority').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const partnerships = pgTable('partnerships', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  shortName: text('short_name'),
  kind: text('kind').$type<PartnershipKind>().notNull(),
  areaName: text('area_name'),
  areaCode: text('area_code'),
  parentId: integer('parent_id'),
  meetingCadence: text('meeting_cadence').$type<MeetingCadence>(),
  purpose: text('purpose'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const memberships = pgTable('memberships', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  partnershipId: integer('partnership_id').notNull(),
  agencyId: integer('agency_id').notNull(),
  role: text('role').$type<MembershipRole>().notNull(),
  officer: text('officer'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Agency = typeof agencies.$inferSelect;
export type Partnership = typeof partnerships.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
