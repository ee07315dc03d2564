/** Sessions, and the sign-in throttle's failures and locks. */
import { and, eq, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/database.js';
import { agencies } from '../../partnerships/schema.js';
import { sessionUserColumns } from '../repository.js';
import { sessions, users, type SessionStage } from '../schema.js';

// Sessions -------------------------------------------------------------------------------------------

export async function insertSession(db: DbOrTx, id: string, userId: number, expiresAt: Date, stage: SessionStage = 'signed-in') {
  await db.insert(sessions).values({ id, userId, expiresAt, stage });
}

export async function findSessionUser(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      ...sessionUserColumns,
      flash: sessions.flash,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      renew: sessions.renew,
      stage: sessions.stage,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(eq(sessions.id, id), isNull(users.disabledAt)));
  return row;
}

export async function touchSession(db: DbOrTx, id: string, expiresAt: Date) {
  await db.update(sessions).set({ lastSeenAt: new Date(), expiresAt }).where(eq(sessions.id, id));
}

/** Gives a session a new id, once (two requests cannot both renew it); false when it was already renewed. */
export async function renewSessionId(db: DbOrTx, id: string, newId: string): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ id: newId, renew: false, lastSeenAt: new Date() })
    .where(and(eq(sessions.id, id), eq(sessions.renew, true)))
    .returning({ id: sessions.id });
  return rows.length === 1;
}

/** Marks every session of the user to be renewed on its next page request (their privileges changed). */
export async function markSessionsForRenewal(db: DbOrTx, userId: number) {
  await db.update(sessions).set({ renew: true }).where(eq(sessions.userId, userId));
}

/** Ends every session of the user, except the one given. */
export async function deleteUserSessions(db: DbOrTx, userId: number, except?: string) {
  const conditions: SQL[] = [eq(sessions.userId, userId)];
  if (except) conditions.push(sql`${sessions.id} <> ${except}`);
  await db.delete(sessions).where(and(...conditions));
}

export async function setSessionFlash(db: DbOrTx, id: string, flash: unknown) {
  await db.update(sessions).set({ flash }).where(eq(sessions.id, id));
}

/** Reads and clears the flash in one statement, so two processes cannot both show it. */
export async function takeSessionFlash(db: DbOrTx, id: string): Promise<unknown> {
  const rows = await queryRows<{ flash: unknown }>(
    db,
    sql`update sessions s set flash = null from (select id, flash from sessions where id = ${id} for update) old
        where s.id = old.id and old.flash is not null returning old.flash`,
  );
  return rows[0]?.flash ?? null;
}

export async function deleteSession(db: DbOrTx, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteExpiredSessions(db: DbOrTx) {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}

// Sign-in throttling -----------------------------------------------------------------------------------

/** Serialises sign-in decisions for these keys across processes until the transaction ends (sorted: no deadlocks). */
export async function lockSignInKeys(tx: DbOrTx, keys: string[]) {
  for (const key of [...keys].sort()) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/** When the account key is locked until, if it is locked now. */
export async function findSignInLock(db: DbOrTx, key: string): Promise<Date | null> {
  const [row] = await queryRows<{ locked_until: Date | string }>(
    db,
    sql`select locked_until from sign_in_locks where key = ${key} and locked_until > now()`,
  );
  return row ? new Date(row.locked_until) : null;
}

/** Failures of each key within the window, with the latest, and the database's clock. */
export async function recentSignInFailures(db: DbOrTx, keys: string[], windowMinutes: number) {
  const rows = await queryRows<{ key: string | null; failures: number | string; last: Date | string | null; now: Date | string }>(
    db,
    sql`select f.key, count(f.id) as failures, max(f.occurred_at) as last, now() as now
        from (select now()) clock
        left join sign_in_failures f
          on f.key in (${sql.join(
            keys.map((k) => sql`${k}`),
            sql`, `,
          )}) and f.occurred_at > now() - make_interval(mins => ${windowMinutes})
        group by f.key`,
  );
  const now = new Date(rows[0]!.now);
  const byKey = new Map<string, { failures: number; last: Date | null }>();
  for (const key of keys) byKey.set(key, { failures: 0, last: null });
  for (const r of rows)
    if (r.key !== null) byKey.set(r.key, { failures: Number(r.failures), last: r.last === null ? null : new Date(r.last) });
  return { now, byKey };
}

export async function insertSignInFailures(db: DbOrTx, keys: string[]): Promise<number[]> {
  const rows = await queryRows<{ id: number | string }>(
    db,
    sql`insert into sign_in_failures (key) values ${sql.join(
      keys.map((k) => sql`(${k})`),
      sql`, `,
    )} returning id`,
  );
  return rows.map((r) => Number(r.id));
}

export async function deleteSignInFailures(db: DbOrTx, ids: number[]) {
  if (ids.length === 0) return;
  await db.execute(
    sql`delete from sign_in_failures where id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
}

/** Forgets an account key's failures and lock (after a successful sign-in or a new password). */
export async function clearSignInKey(db: DbOrTx, key: string) {
  await db.execute(sql`delete from sign_in_failures where key = ${key}`);
  await db.execute(sql`delete from sign_in_locks where key = ${key}`);
}

/** Locks the key when it has at least `threshold` failures in the window; returns the lock's end, or null. */
export async function lockIfTooManyFailures(
  db: DbOrTx,
  key: string,
  limits: { threshold: number; windowMinutes: number; lockMinutes: number },
): Promise<Date | null> {
  const [row] = await queryRows<{ locked_until: Date | string }>(
    db,
    sql`insert into sign_in_locks (key, locked_until)
        select ${key}, now() + make_interval(mins => ${limits.lockMinutes})
        where (select count(*) from sign_in_failures
               where key = ${key} and occurred_at > now() - make_interval(mins => ${limits.windowMinutes})) >= ${limits.threshold}
        on conflict (key) do update set locked_until = excluded.locked_until
        returning locked_until`,
  );
  return row ? new Date(row.locked_until) : null;
}

/** Remembers, on the account with this e-mail (if any), that it was locked; returns its id. */
export async function markLockout(db: DbOrTx, email: string): Promise<number | null> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`update users set lockout_notice_at = now() where lower(email) = lower(${email.trim()}) returning id`,
  );
  return row ? Number(row.id) : null;
}

/** Reads and clears the account's untold lockout in one statement. */
export async function takeLockoutNotice(db: DbOrTx, userId: number): Promise<Date | null> {
  const [row] = await queryRows<{ at: Date | string | null }>(
    db,
    sql`update users u set lockout_notice_at = null from (select id, lockout_notice_at from users where id = ${userId} for update) old
        where u.id = old.id and old.lockout_notice_at is not null returning old.lockout_notice_at as at`,
  );
  return row?.at ? new Date(row.at) : null;
}

export async function deleteOldSignInRecords(db: DbOrTx) {
  await db.execute(sql`delete from sign_in_failures where occurred_at < now() - interval '1 day'`);
  await db.execute(sql`delete from sign_in_locks where locked_until < now()`);
}
