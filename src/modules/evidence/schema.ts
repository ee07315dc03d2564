/**
 * The evidence model (tables in src/db/migrations/0200_evidence.sql).
 *
 * - evidence_areas: every geography by its ONS code (primary key): country (E92…), region (E12…),
 *   police-force-area (E23…), csp (E22…), local-authority (E06…/E07…/E08…/E09…), ward (E05…), lsoa (E01…).
 *   `parent_code` nests them: lsoa → local-authority → csp → police-force-area → country; ward → local-authority.
 *   An LSOA also carries `ward_code`, the ward its centroid falls in (best fit), and an optional centroid.
 * - evidence_area_populations: (area, year) → population (ONS mid-year estimate; year = the mid-year).
 * - evidence_indicators: the catalogue, by `key` (e.g. `police-uk:burglary`). unit count | rate | proportion;
 *   `multiplier` turns a ratio into the published figure (1000 = per 1,000 people, 100 = percentage);
 *   polarity tells whether higher is better; `period_type` month | quarter | financial-year | calendar-year;
 *   `small_number_threshold`: counts from 1 to this are suppressed when published.
 * - evidence_observations: one indicator, one area, one period (unique together). `period` is the key as
 *   written by src/lib/periods.ts (`2017-05`, `2020/21-Q3`, `2016/17`, `2017`), `period_start` its first day.
 *   numerator (the count), denominator (population or base; null for plain counts) and `value` as published
 *   (count; numerator/denominator × multiplier for rates and proportions). Confidence limits and comparisons
 *   are computed on reading, by src/modules/evidence/statistics.
 * - evidence_comparator_groups (+ members): named sets of areas (e.g. Southampton's most similar CSPs);
 *   `area_code` is the area the group was drawn up for, when there is one.
 * - evidence_imports: the import history: kind, file name, sha256 of the content (the same content of the same
 *   kind imports once), status (running | succeeded | refused | failed), row counts, a JSON summary, who and
 *   when, and the progress of a background import (bytes and rows done, a heartbeat).
 * - evidence_police_records: police.uk street-level crime, every row kept (location, LSOA, outcome).
 *   `month` is written YYYY-MM as in the file; `crime_type_slug` is police.uk's slug (see policeUkCrimeTypes).
 *   Monthly and financial-year counts derived from them are observations of the `police-uk:<slug>` indicators.
 * - evidence_police_outcomes, evidence_stop_searches: police.uk outcomes and stop-and-search files.
 */
import { bigint, boolean, date, doublePrecision, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const areaTypes = ['country', 'region', 'police-force-area', 'csp', 'local-authority', 'ward', 'lsoa'] as const;
export type AreaType = (typeof areaTypes)[number];

export const indicatorUnits = ['count', 'rate', 'proportion'] as const;
export type IndicatorUnit = (typeof indicatorUnits)[number];

export const polarities = ['higher-is-better', 'lower-is-better', 'no-judgement'] as const;
export type Polarity = (typeof polarities)[number];

export const indicatorPeriodTypes = ['month', 'quarter', 'financial-year', 'calendar-year'] as const;
export type IndicatorPeriodType = (typeof indicatorPeriodTypes)[number];

export const importKinds = [
  'areas',
  'population',
  'indicators',
  'observations',
  'police-uk-street',
  'police-uk-outcomes',
  'police-uk-stop-and-search',
  'home-office-csp',
] as const;
export type ImportKind = (typeof importKinds)[number];

/** running: in the background (upload page) until it ends; failed: it stopped without an answer. */
export const importStatuses = ['running', 'succeeded', 'refused', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

/** police.uk crime types as written in the files, with police.uk's own slugs. */
export const policeUkCrimeTypes = [
  { slug: 'anti-social-behaviour', name: 'Anti-social behaviour' },
  { slug: 'bicycle-theft', name: 'Bicycle theft' },
  { slug: 'burglary', name: 'Burglary' },
  { slug: 'criminal-damage-arson', name: 'Criminal damage and arson' },
  { slug: 'drugs', name: 'Drugs' },
  { slug: 'other-theft', name: 'Other theft' },
  { slug: 'possession-of-weapons', name: 'Possession of weapons' },
  { slug: 'public-order', name: 'Public order' },
  { slug: 'robbery', name: 'Robbery' },
  { slug: 'shoplifting', name: 'Shoplifting' },
  { slug: 'theft-from-the-person', name: 'Theft from the person' },
  { slug: 'vehicle-crime', name: 'Vehicle crime' },
  { slug: 'violent-crime', name: 'Violence and sexual offences' },
  { slug: 'other-crime', name: 'Other crime' },
] as const;
export type PoliceUkCrimeSlug = (typeof policeUkCrimeTypes)[number]['slug'];
/** Indicator key of a police.uk crime type (`police-uk:burglary`) or of all of them (`police-uk:all-crime`). */
export const policeUkIndicatorKey = (slug: PoliceUkCrimeSlug | 'all-crime') => `police-uk:${slug}`;

/**
 * The key of a count's companion rate per 1,000 residents, derived by the police.uk and Home Office imports
 * (imports/rates.ts): `police-uk:burglary` → `police-uk:burglary:rate`; and back.
 */
export const companionRateKey = (countKey: string) => `${countKey}:rate`;
export const countKeyOfRate = (key: string) => (key.endsWith(':rate') ? key.slice(0, -':rate'.length) : null);

export const evidenceImports = pgTable('evidence_imports', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  kind: text('kind').$type<ImportKind>().notNull(),
  fileName: text('file_name').notNull(),
  sha256: text('sha256').notNull(),
  status: text('status').$type<ImportStatus>().notNull(),
  rowsRead: integer('rows_read').notNull().default(0),
  rowsWritten: integer('rows_written').notNull().default(0),
  summary: jsonb('summary').$type<ImportSummary>(),
  userId: integer('user_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Progress of a background import (migration 0260): bytes of the file read, rows so far, heartbeat. */
  bytesTotal: bigint('bytes_total', { mode: 'number' }).notNull().default(0),
  bytesDone: bigint('bytes_done', { mode: 'number' }).notNull().default(0),
  rowsDone: integer('rows_done').notNull().default(0),
  progressAt: timestamp('progress_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/** What an import reports: a line per fact for people, problems when refused. */
export interface ImportSummary {
  messages: string[];
  problems?: string[];
  problemCount?: number;
  [key: string]: unknown;
}

export const areas = pgTable('evidence_areas', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  type: text('type').$type<AreaType>().notNull(),
  parentCode: text('parent_code'),
  wardCode: text('ward_code'),
  centroidLon: doublePrecision('centroid_lon'),
  centroidLat: doublePrecision('centroid_lat'),
  importId: integer('import_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const areaPopulations = pgTable(
  'evidence_area_populations',
  {
    areaCode: text('area_code').notNull(),
    year: integer('year').notNull(),
    population: integer('population').notNull(),
    importId: integer('import_id'),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.year] })],
);

export const indicators = pgTable('evidence_indicators', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  unit: text('unit').$type<IndicatorUnit>().notNull(),
  multiplier: doublePrecision('multiplier').notNull().default(1),
  polarity: text('polarity').$type<Polarity>().notNull(),
  periodType: text('period_type').$type<IndicatorPeriodType>().notNull(),
  source: text('source').notNull().default(''),
  smallNumberThreshold: integer('small_number_threshold').notNull().default(5),
  importId: integer('import_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const observations = pgTable('evidence_observations', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  indicatorKey: text('indicator_key').notNull(),
  areaCode: text('area_code').notNull(),
  period: text('period').notNull(),
  periodType: text('period_type').$type<IndicatorPeriodType>().notNull(),
  periodStart: date('period_start').notNull(),
  numerator: doublePrecision('numerator').notNull(),
  denominator: doublePrecision('denominator'),
  value: doublePrecision('value'),
  importId: integer('import_id'),
});

export const comparatorGroups = pgTable('evidence_comparator_groups', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  areaCode: text('area_code'),
  description: text('description'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const comparatorMembers = pgTable(
  'evidence_comparator_members',
  {
    groupId: integer('group_id').notNull(),
    areaCode: text('area_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.areaCode] })],
);

export const policeRecords = pgTable('evidence_police_records', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  importId: integer('import_id').notNull(),
  crimeId: text('crime_id'),
  /** As written in the file: YYYY-MM. */
  month: text('month').notNull(),
  reportedBy: text('reported_by').notNull(),
  fallsWithin: text('falls_within').notNull(),
  longitude: doublePrecision('longitude'),
  latitude: doublePrecision('latitude'),
  location: text('location'),
  lsoaCode: text('lsoa_code'),
  lsoaName: text('lsoa_name'),
  crimeType: text('crime_type').notNull(),
  crimeTypeSlug: text('crime_type_slug').$type<PoliceUkCrimeSlug>().notNull(),
  lastOutcome: text('last_outcome'),
  context: text('context'),
});

export const policeOutcomes = pgTable('evidence_police_outcomes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  importId: integer('import_id').notNull(),
  crimeId: text('crime_id').notNull(),
  /** As written in the file: YYYY-MM. */
  month: text('month').notNull(),
  reportedBy: text('reported_by').notNull(),
  fallsWithin: text('falls_within').notNull(),
  longitude: doublePrecision('longitude'),
  latitude: doublePrecision('latitude'),
  location: text('location'),
  lsoaCode: text('lsoa_code'),
  lsoaName: text('lsoa_name'),
  outcomeType: text('outcome_type').notNull(),
});

export const stopSearches = pgTable('evidence_stop_searches', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  importId: integer('import_id').notNull(),
  force: text('force').notNull(),
  type: text('type').notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  partOfPolicingOperation: boolean('part_of_policing_operation'),
  policingOperation: text('policing_operation'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  gender: text('gender'),
  ageRange: text('age_range'),
  selfDefinedEthnicity: text('self_defined_ethnicity'),
  officerDefinedEthnicity: text('officer_defined_ethnicity'),
  legislation: text('legislation'),
  objectOfSearch: text('object_of_search'),
  outcome: text('outcome'),
  outcomeLinkedToObject: boolean('outcome_linked_to_object'),
  removalOfMoreThanOuterClothing: boolean('removal_of_more_than_outer_clothing'),
});

export type Area = typeof areas.$inferSelect;
export type AreaPopulation = typeof areaPopulations.$inferSelect;
export type Indicator = typeof indicators.$inferSelect;
export type Observation = typeof observations.$inferSelect;
export type ComparatorGroup = typeof comparatorGroups.$inferSelect;
export type EvidenceImport = typeof evidenceImports.$inferSelect;
export type PoliceRecord = typeof policeRecords.$inferSelect;
