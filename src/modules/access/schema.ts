import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const partnershipRoles = ['viewer', 'contributor', 'coordinator'] as const;
export type PartnershipRole = (typeof partnershipRoles)[number];

export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  email: text('email').notNull(),
  displayName: text('display_name').notNull(),
  agencyId: integer('agency_id').notNull(),
  passwordHash: text('password_hash').notNull(),
  isAdmin: boolean('is_admin').notNull().default(false),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  /** When the account was locked after too many failed sign-ins, until its owner is told. */
  lockoutNoticeAt: timestamp('lockout_notice_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const userRoles = pgTable(
  'user_roles',
  {
    userId: integer('user_id').notNull(),
    partnershipId: integer('partnership_id').notNull(),
    role: text('role').$type<PartnershipRole>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.partnershipId] })],
);

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: integer('user_id').notNull(),
  flash: jsonb('flash'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  /** Set when the user's privileges change: the session gets a new id on its next page request. */
  renew: boolean('renew').notNull().default(false),
  /** 'signed-in', or a sign-in waiting for its second factor ('second-factor') or for one to be set up. */
  stage: text('stage').$type<SessionStage>().notNull().default('signed-in'),
});

/** Where a session is: signed in, or past the password and waiting for the second factor (or its set-up). */
export const sessionStages = ['signed-in', 'second-factor', 'second-factor-setup'] as const;
export type SessionStage = (typeof sessionStages)[number];

/** A user's authenticator (TOTP) secret; confirmed once a first code from it was right. */
export const secondFactors = pgTable('second_factors', {
  userId: integer('user_id').primaryKey(),
  secret: text('secret').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  /** The time step of the last code accepted: a code is refused unless it is from a later step. */
  lastTimeStep: bigint('last_time_step', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Single-use recovery codes, kept as argon2id hashes. */
export const recoveryCodes = pgTable('recovery_codes', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  userId: integer('user_id').notNull(),
  codeHash: text('code_hash').notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/** What a token may be used for: the API (as a bearer token) or reading calendar feeds (in a feed address). */
export const tokenScopes = ['api', 'calendar'] as const;
export type TokenScope = (typeof tokenScopes)[number];

export const apiTokens = pgTable('api_tokens', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  userId: integer('user_id').notNull(),
  name: text('name').notNull(),
  scope: text('scope').$type<TokenScope>().notNull().default('api'),
  tokenHash: text('token_hash').notNull(),
  prefix: text('prefix').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  /** API tokens stop working at this time; calendar keys have none. */
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  /** A read-only token may only read (GET and HEAD). */
  readOnly: boolean('read_only').notNull().default(false),
  /** When set, the token sees this partnership only. */
  partnershipId: integer('partnership_id'),
});

export const passwordResets = pgTable('password_resets', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  userId: integer('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

export const auditLog = pgTable('audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  userId: integer('user_id'),
  agencyId: integer('agency_id'),
  action: text('action').notNull(),
  entityType: text('entity_type'),
  entityId: text('entity_id'),
  partnershipId: integer('partnership_id'),
  before: jsonb('before'),
  after: jsonb('after'),
  details: jsonb('details'),
  requestId: text('request_id'),
  /** page, api, cli, download or report (actor.ts's auditChannels); null for work the service does itself. */
  channel: text('channel'),
  /** The client's address (request.ip) for entries a web request caused. */
  clientAddress: text('client_address'),
});

/** Where `saferhub audit prune` cut the chain: `audit verify` goes on from this link's hash. */
export const auditCheckpoints = pgTable('audit_checkpoint', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  entryId: bigint('entry_id', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  entriesRemoved: bigint('entries_removed', { mode: 'number' }).notNull(),
  removedBefore: timestamp('removed_before', { withTimezone: true }).notNull(),
  prunedAt: timestamp('pruned_at', { withTimezone: true }).notNull().defaultNow(),
});

export type User = typeof users.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
