import { and, desc, eq, gte, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/database.js';
import type { SessionUser } from './actor.js';
import { agencies, partnerships } from '../partnerships/schema.js';
import { apiTokens, auditLog, passwordResets, sessions, userRoles, users, type PartnershipRole, type TokenScope } from './schema.js';

/** The columns a signed-in person is loaded with: exactly a SessionUser. */
export type SessionUserRow = SessionUser;

const sessionUserColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  agencyId: users.agencyId,
  agencyName: agencies.name,
  isAdmin: users.isAdmin,
};

export async function findUserByEmail(db: DbOrTx, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);
  return row;
}

export async function insertUser(
  db: DbOrTx,
  values: { email: string; displayName: string; agencyId: number; passwordHash: string; isAdmin: boolean },
) {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function updateUserPassword(db: DbOrTx, userId: number, passwordHash: string) {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function upsertUserRole(db: DbOrTx, userId: number, partnershipId: number, role: PartnershipRole) {
  await db
    .insert(userRoles)
    .values({ userId, partnershipId, role })
    .onConflictDoUpdate({ target: [userRoles.userId, userRoles.partnershipId], set: { role } });
}

export async function listUserRoles(db: DbOrTx, userId: number) {
  return db.select().from(userRoles).where(eq(userRoles.userId, userId));
}

export async function listUsers(db: DbOrTx) {
  return db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      agencyId: users.agencyId,
      agencyName: agencies.name,
      isAdmin: users.isAdmin,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .orderBy(users.displayName);
}

export async function findUser(db: DbOrTx, id: number) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      agencyId: users.agencyId,
      agencyName: agencies.name,
      isAdmin: users.isAdmin,
      disabledAt: users.disabledAt,
      passwordHash: users.passwordHash,
      createdAt: users.createdAt,
    })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(eq(users.id, id));
  return row;
}

export async function setUserDisabled(db: DbOrTx, id: number, disabledAt: Date | null) {
  const [row] = await db.update(users).set({ disabledAt }).where(eq(users.id, id)).returning({ id: users.id });
  return Boolean(row);
}

// Password resets -----------------------------------------------------------------------------------

export async function insertPasswordReset(
  db: DbOrTx,
  values: { userId: number; tokenHash: string; createdBy: number | null; expiresAt: Date },
) {
  // A new link replaces any earlier one not yet used.
  await db
    .update(passwordResets)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordResets.userId, values.userId), isNull(passwordResets.usedAt)));
  await db.insert(passwordResets).values(values);
}

/** The account of an unused, unexpired reset link of an enabled account. */
export async function findUsablePasswordReset(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({ resetId: passwordResets.id, userId: users.id, email: users.email, agencyId: users.agencyId, isAdmin: users.isAdmin })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, tokenHash),
        isNull(passwordResets.usedAt),
        sql`${passwordResets.expiresAt} > now()`,
        isNull(users.disabledAt),
      ),
    );
  return row;
}

/** Marks the link used, once: false when it was used (or replaced) meanwhile. */
export async function usePasswordReset(db: DbOrTx, resetId: number): Promise<boolean> {
  const rows = await db
    .update(passwordResets)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordResets.id, resetId), isNull(passwordResets.usedAt), sql`${passwordResets.expiresAt} > now()`))
    .returning({ id: passwordResets.id });
  return rows.length === 1;
}

// Sessions -------------------------------------------------------------------------------------------

export async function insertSession(db: DbOrTx, id: string, userId: number, expiresAt: Date) {
  await db.insert(sessions).values({ id, userId, expiresAt });
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

// Tokens ---------------------------------------------------------------------------------------------

export async function insertApiToken(
  db: DbOrTx,
  values: {
    userId: number;
    name: string;
    tokenHash: string;
    prefix: string;
    scope: TokenScope;
    expiresAt: Date | null;
    readOnly: boolean;
    partnershipId: number | null;
  },
) {
  const [row] = await db.insert(apiTokens).values(values).returning({ id: apiTokens.id });
  return row!;
}

/** The owner and limits of an unrevoked token of this scope whose owner is enabled (expired ones included). */
export async function findTokenUser(db: DbOrTx, tokenHash: string, scope: TokenScope) {
  const [row] = await db
    .select({
      ...sessionUserColumns,
      tokenId: apiTokens.id,
      expiresAt: apiTokens.expiresAt,
      readOnly: apiTokens.readOnly,
      partnershipId: apiTokens.partnershipId,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), eq(apiTokens.scope, scope), isNull(apiTokens.revokedAt), isNull(users.disabledAt)));
  return row;
}

export async function markTokenUsed(db: DbOrTx, tokenId: number) {
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, tokenId));
}

export async function revokeTokens(db: DbOrTx, where: { id?: number; prefix?: string; userId?: number }) {
  const conditions: SQL[] = [isNull(apiTokens.revokedAt)];
  if (where.id !== undefined) conditions.push(eq(apiTokens.id, where.id));
  if (where.prefix !== undefined) conditions.push(eq(apiTokens.prefix, where.prefix));
  if (where.userId !== undefined) conditions.push(eq(apiTokens.userId, where.userId));
  return db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(...conditions))
    .returning({ id: apiTokens.id, userId: apiTokens.userId, prefix: apiTokens.prefix });
}

export async function listApiTokens(db: DbOrTx, userId: number) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      expiresAt: apiTokens.expiresAt,
      readOnly: apiTokens.readOnly,
      partnershipId: apiTokens.partnershipId,
      partnershipName: partnerships.name,
    })
    .from(apiTokens)
    .leftJoin(partnerships, eq(partnerships.id, apiTokens.partnershipId))
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

// Partnership access -------------------------------------------------------------------------------

/** The user's own role in a partnership, and whether their agency holds a seat there (one round trip). */
export async function findPartnershipAccess(db: DbOrTx, userId: number, agencyId: number, partnershipId: number) {
  const [row] = await queryRows<{ own_role: PartnershipRole | null; agency_seat: boolean }>(
    db,
    sql`select (select role from user_roles where user_id = ${userId} and partnership_id = ${partnershipId}) as own_role,
               exists (select 1 from memberships where agency_id = ${agencyId} and partnership_id = ${partnershipId}) as agency_seat`,
  );
  return { ownRole: row?.own_role ?? undefined, agencySeat: Boolean(row?.agency_seat) };
}

/** Whether the user coordinates any partnership (a coordinator role is only ever given to a person). */
export async function coordinatesAny(db: DbOrTx, userId: number): Promise<boolean> {
  const [row] = await db
    .select({ userId: userRoles.userId })
    .from(userRoles)
    .where(and(eq(userRoles.userId, userId), eq(userRoles.role, 'coordinator')))
    .limit(1);
  return Boolean(row);
}

/** Ids of the partnerships where the user holds a coordinator role of their own. */
export async function findCoordinatedPartnershipIds(db: DbOrTx, userId: number): Promise<number[]> {
  const rows = await db
    .select({ id: userRoles.partnershipId })
    .from(userRoles)
    .where(and(eq(userRoles.userId, userId), eq(userRoles.role, 'coordinator')));
  return rows.map((r) => r.id);
}

/** Ids of the partnerships a user can see: their agency's seats and their own roles. */
export async function findVisiblePartnershipIds(db: DbOrTx, userId: number, agencyId: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select partnership_id as id from memberships where agency_id = ${agencyId}
        union
        select partnership_id as id from user_roles where user_id = ${userId}`,
  );
  return rows.map((r) => Number(r.id));
}

// Audit log ------------------------------------------------------------------------------------------

export type AuditInsert = typeof auditLog.$inferInsert;

export async function insertAudit(db: DbOrTx, entry: AuditInsert) {
  await db.insert(auditLog).values(entry);
}

export interface AuditFilter {
  userId?: number | undefined;
  agencyId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

export async function listAudit(db: DbOrTx, filter: AuditFilter) {
  const conditions: SQL[] = [];
  if (filter.userId !== undefined) conditions.push(eq(auditLog.userId, filter.userId));
  if (filter.agencyId !== undefined) conditions.push(eq(auditLog.agencyId, filter.agencyId));
  if (filter.from) conditions.push(gte(auditLog.occurredAt, filter.from));
  if (filter.to) conditions.push(lte(auditLog.occurredAt, filter.to));
  const where = conditions.length ? and(...conditions) : undefined;
  const rows = await db
    .select({
      id: auditLog.id,
      occurredAt: auditLog.occurredAt,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      partnershipId: auditLog.partnershipId,
      before: auditLog.before,
      after: auditLog.after,
      details: auditLog.details,
      userName: users.displayName,
      agencyName: agencies.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .leftJoin(agencies, eq(agencies.id, auditLog.agencyId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1)
    .offset(filter.offset);
  return { rows: rows.slice(0, filter.limit), hasMore: rows.length > filter.limit };
}
