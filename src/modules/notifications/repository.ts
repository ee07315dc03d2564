import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/database.js';
import { notificationOutbox, notificationPreferences, notifications, type Delivery, type Notification, type OutboxRow } from './schema.js';

const idList = (ids: readonly number[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

// Recipients -------------------------------------------------------------------------------------------

/** Accounts (not disabled) among the given ids. */
export const activeUsers = async (db: DbOrTx, userIds: readonly number[]) =>
  userIds.length === 0
    ? []
    : (await queryRows<{ id: number }>(db, sql`select id from users where disabled_at is null and id in (${idList(userIds)})`)).map(
        (r) => r.id,
      );

/** Contributors and coordinators of the partnership who work for one of the agencies: its lead officers. */
export const officersOf = async (db: DbOrTx, partnershipId: number, agencyIds: readonly number[]) =>
  agencyIds.length === 0
    ? []
    : (
        await queryRows<{ id: number }>(
          db,
          sql`select u.id from users u join user_roles r on r.user_id = u.id
              where r.partnership_id = ${partnershipId} and r.role in ('contributor', 'coordinator')
                and u.agency_id in (${idList(agencyIds)}) and u.disabled_at is null order by u.id`,
        )
      ).map((r) => r.id);

/** Everyone in the partnership: a role in it, or an agency with a seat (which makes a viewer). */
export const membersOf = async (db: DbOrTx, partnershipId: number) =>
  (
    await queryRows<{ id: number }>(
      db,
      sql`select u.id from users u where u.disabled_at is null and (
            exists (select 1 from user_roles r where r.user_id = u.id and r.partnership_id = ${partnershipId})
            or exists (select 1 from memberships m where m.partnership_id = ${partnershipId} and m.agency_id = u.agency_id))
          order by u.id`,
    )
  ).map((r) => r.id);

// Preferences ------------------------------------------------------------------------------------------

export const choicesFor = (db: DbOrTx, userId: number) =>
  db
    .select({ kind: notificationPreferences.kind, delivery: notificationPreferences.delivery })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));

/** Each user's choice for one kind (users without one are absent). */
export const choicesForKind = async (db: DbOrTx, userIds: readonly number[], kind: string) =>
  userIds.length === 0
    ? new Map<number, Delivery>()
    : new Map(
        (
          await queryRows<{ user_id: number; delivery: Delivery }>(
            db,
            sql`select user_id, delivery from notification_preferences where kind = ${kind} and user_id in (${idList(userIds)})`,
          )
        ).map((r) => [r.user_id, r.delivery]),
      );

export async function saveChoices(db: DbOrTx, userId: number, choices: { kind: string; delivery: Delivery }[]) {
  for (const c of choices)
    await db
      .insert(notificationPreferences)
      .values({ userId, kind: c.kind, delivery: c.delivery })
      .onConflictDoUpdate({
        target: [notificationPreferences.userId, notificationPreferences.kind],
        set: { delivery: c.delivery, updatedAt: new Date() },
      });
}

// Notifications ----------------------------------------------------------------------------------------

export interface NewNotification {
  userId: number;
  kind: string;
  partnershipId: number | null;
  title: string;
  path: string;
  dedupeKey: string | null;
  delivery: 'immediate' | 'digest';
}

/**
 * Adds a notification, with an outbox row when it is to be e-mailed at once. Returns undefined when the
 * person already has the notification of that dedupe key (a reminder given before).
 */
export async function insertNotification(db: DbOrTx, values: NewNotification): Promise<Notification | undefined> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into notifications (user_id, kind, partnership_id, title, path, dedupe_key, delivery)
        values (${values.userId}, ${values.kind}, ${values.partnershipId}, ${values.title}, ${values.path}, ${values.dedupeKey}, ${values.delivery})
        on conflict (user_id, dedupe_key) where dedupe_key is not null do nothing
        returning id`,
  );
  if (!row) return undefined;
  if (values.delivery === 'immediate') {
    const [outbox] = await db
      .insert(notificationOutbox)
      .values({ userId: values.userId, kind: 'immediate' })
      .returning({ id: notificationOutbox.id });
    await db
      .update(notifications)
      .set({ outboxId: outbox!.id })
      .where(eq(notifications.id, Number(row.id)));
  }
  const [created] = await db
    .select()
    .from(notifications)
    .where(eq(notifications.id, Number(row.id)));
  return created;
}

export const listForUser = (db: DbOrTx, userId: number, limit: number, offset: number) =>
  db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .offset(offset);

export async function countForUser(db: DbOrTx, userId: number) {
  const [row] = await queryRows<{ total: number; unread: number }>(
    db,
    sql`select count(*)::int as total, (count(*) filter (where read_at is null))::int as unread from notifications where user_id = ${userId}`,
  );
  return row ?? { total: 0, unread: 0 };
}

export async function unreadCount(db: DbOrTx, userId: number) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`,
  );
  return row?.n ?? 0;
}

export async function findNotification(db: DbOrTx, id: number) {
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
  return row;
}

export const markRead = (db: DbOrTx, userId: number, id: number) =>
  db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)));

export const markAllRead = (db: DbOrTx, userId: number) =>
  db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));

// The outbox -------------------------------------------------------------------------------------------

/** E-mails claimed by a process that stopped before finishing go back to the queue after `leaseMs`. */
export const releaseStaleClaims = (db: DbOrTx, leaseMs: number) =>
  queryRows(
    db,
    sql`update notification_outbox set state = 'pending', claimed_by = null
        where state = 'sending' and claimed_at < now() - make_interval(secs => ${leaseMs / 1000}) returning id`,
  );

/**
 * Claims up to `limit` e-mails that are due: the rows are locked with FOR UPDATE SKIP LOCKED, so two
 * processes never claim the same one, and marked "sending" (with the claimant and the time) as they are.
 */
export async function claimDue(db: DbOrTx, worker: string, limit: number): Promise<OutboxRow[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update notification_outbox o set state = 'sending', claimed_by = ${worker}, claimed_at = now(), attempts = o.attempts + 1
        where o.id in (
          select id from notification_outbox where state = 'pending' and next_attempt_at <= now()
          order by next_attempt_at, id limit ${limit} for update skip locked)
        returning o.id`,
  );
  if (rows.length === 0) return [];
  return db
    .select()
    .from(notificationOutbox)
    .where(sql`${notificationOutbox.id} in (${idList(rows.map((r) => Number(r.id)))})`)
    .orderBy(notificationOutbox.id);
}

/** Who an e-mail goes to and what it is about; read when it is sent, never stored in the outbox. */
export async function outboxContent(db: DbOrTx, outboxId: number, userId: number) {
  const [user] = await queryRows<{ email: string; display_name: string; disabled_at: Date | null }>(
    db,
    sql`select email, display_name, disabled_at from users where id = ${userId}`,
  );
  const items = await db
    .select()
    .from(notifications)
    .where(eq(notifications.outboxId, outboxId))
    .orderBy(notifications.createdAt, notifications.id);
  return { user, items };
}

/** Finishes a claim; only the claimant may (a claim released and re-claimed elsewhere is not touched). */
export const finishClaim = (
  db: DbOrTx,
  id: number,
  worker: string,
  values: Partial<Pick<OutboxRow, 'state' | 'sentAt' | 'nextAttemptAt' | 'lastError'>>,
) =>
  db
    .update(notificationOutbox)
    .set({ ...values, claimedBy: values.state === 'pending' ? null : worker })
    .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.claimedBy, worker), eq(notificationOutbox.state, 'sending')))
    .returning({ id: notificationOutbox.id });

export const outboxRows = (db: DbOrTx) => db.select().from(notificationOutbox).orderBy(notificationOutbox.id);

// The scheduler ----------------------------------------------------------------------------------------

/** Takes the scheduler's lock for the rest of the transaction, or answers false when another process holds it. */
export async function trySchedulerLock(db: DbOrTx) {
  const [row] = await queryRows<{ locked: boolean }>(
    db,
    sql`select pg_try_advisory_xact_lock(hashtext('saferhub.notifications.scheduler')) as locked`,
  );
  return row?.locked === true;
}

/** Open rounds with the lead agencies whose update for an action is not in (none, or returned). */
export const roundsAwaitingUpdates = (db: DbOrTx) =>
  queryRows<{
    round_id: number;
    period_key: string;
    due_date: string;
    plan_title: string;
    partnership_id: number;
    agency_id: number;
    missing: number;
  }>(
    db,
    sql`select r.id as round_id, r.period_key, to_char(r.due_date, 'YYYY-MM-DD') as due_date, p.title as plan_title,
               p.partnership_id, aa.agency_id, count(*)::int as missing
        from progress_rounds r
        join plans p on p.id = r.plan_id
        join plan_actions a on a.plan_id = r.plan_id
        join plan_action_agencies aa on aa.action_id = a.id and aa.role = 'lead'
        where r.closed_at is null and a.status not in ('complete', 'stopped')
          and coalesce((select u.state from progress_updates u where u.round_id = r.id and u.action_id = a.id
                        order by u.version desc limit 1), 'none') in ('none', 'returned')
        group by r.id, p.id, aa.agency_id`,
  );

export const openMeetingActions = (db: DbOrTx) =>
  queryRows<{ id: number; partnership_id: number; owner_agency_id: number; due_on: string; meeting_title: string; starts_at: Date }>(
    db,
    sql`select a.id, a.partnership_id, a.owner_agency_id, to_char(a.due_on, 'YYYY-MM-DD') as due_on, m.title as meeting_title, m.starts_at
        from gov_actions a join gov_meetings m on m.id = a.meeting_id where a.status = 'open'`,
  );

export const openRisks = (db: DbOrTx) =>
  queryRows<{
    id: number;
    partnership_id: number;
    title: string;
    owner_agency_id: number;
    cosponsor_agency_id: number | null;
    next_review_on: string;
  }>(
    db,
    sql`select id, partnership_id, title, owner_agency_id, cosponsor_agency_id, to_char(next_review_on, 'YYYY-MM-DD') as next_review_on
        from gov_risks where status = 'open'`,
  );

/** Makes today's digest for every person with notifications waiting for one; returns how many were made. */
export async function makeDigests(db: DbOrTx, day: string) {
  const made = await queryRows<{ id: number; user_id: number }>(
    db,
    sql`insert into notification_outbox (user_id, kind, digest_day)
        select distinct user_id, 'digest', ${day}::date from notifications
        where delivery = 'digest' and outbox_id is null and created_at > now() - interval '3 days'
        on conflict (user_id, digest_day) where kind = 'digest' do nothing
        returning id, user_id`,
  );
  for (const m of made)
    await db.execute(
      sql`update notifications set outbox_id = ${m.id} where user_id = ${m.user_id} and delivery = 'digest' and outbox_id is null`,
    );
  return made.length;
}

/** Drops e-mails too old to send (their notifications stay in SaferHub). */
export async function tidyOutbox(db: DbOrTx, expiryHours: number) {
  await db.execute(
    sql`update notification_outbox set state = 'expired' where state = 'pending' and created_at < now() - make_interval(hours => ${expiryHours})`,
  );
}
