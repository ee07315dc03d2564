import { bigint, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** How a person hears of one kind of notification: at once (and by e-mail), in a daily digest e-mail, or not at all. */
export const deliveries = ['immediate', 'digest', 'off'] as const;
export type Delivery = (typeof deliveries)[number];

export const outboxStates = ['pending', 'sending', 'sent', 'failed', 'expired'] as const;
export type OutboxState = (typeof outboxStates)[number];

export const notificationOutbox = pgTable('notification_outbox', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  userId: integer('user_id').notNull(),
  kind: text('kind').$type<'immediate' | 'digest'>().notNull(),
  digestDay: date('digest_day'),
  state: text('state').$type<OutboxState>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  claimedAt: timestamp('claimed_at', { withTimezone: true }),
  claimedBy: text('claimed_by'),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const notifications = pgTable('notifications', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  userId: integer('user_id').notNull(),
  kind: text('kind').notNull(),
  partnershipId: integer('partnership_id'),
  title: text('title').notNull(),
  path: text('path').notNull(),
  dedupeKey: text('dedupe_key'),
  delivery: text('delivery').$type<'immediate' | 'digest'>().notNull(),
  outboxId: bigint('outbox_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp('read_at', { withTimezone: true }),
});

export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: integer('user_id').notNull(),
    kind: text('kind').notNull(),
    delivery: text('delivery').$type<Delivery>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

export type Notification = typeof notifications.$inferSelect;
export type OutboxRow = typeof notificationOutbox.$inferSelect;
