import type { Db } from '../../db/database.js';
import { AppError, ValidationError, type FieldError } from '../../lib/errors.js';
import { randomToken, sha256 } from '../../lib/tokens.js';
import type { Actor, SessionUser } from './actor.js';
import type { AuditService } from './audit.js';
import { dummyPasswordHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import * as repo from './repository.js';
import { accountKey, clientKey, secondsToWait, signInLimits } from './throttle.js';
import type { PartnershipRole, TokenScope } from './schema.js';

/** How long sessions last: SESSION_IDLE_MINUTES without a request, SESSION_MAX_HOURS in all. */
export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
}
const defaultSessionLimits: SessionLimits = { idleMinutes: 30, maxHours: 12 };
const TOKEN_PREFIX = 'shub_';

export interface NewUser {
  email: string;
  displayName: string;
  agencyId: number;
  password: string;
  isAdmin?: boolean;
  roles?: { partnershipId: number; role: PartnershipRole }[];
}

/** Who is signing in from where, for throttling and the audit log. */
export interface SignInContext {
  requestId?: string | undefined;
  /** The client's address (as Fastify works it out under TRUST_PROXY). */
  clientAddress?: string | undefined;
  /** The session cookie the browser already had, ended when the new session opens. */
  previousSessionToken?: string | null | undefined;
}

export type SignInResult =
  | { ok: true; token: string; user: SessionUser; /** when the account was locked since its last sign-in */ lockedAt: Date | null }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; waitSeconds: number }
  | { ok: false; reason: 'locked'; lockedUntil: Date };

export interface LoadedSession {
  user: SessionUser;
  flash: unknown;
  /** The session's new cookie value, when its id was just renewed. */
  renewedToken?: string | undefined;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function createAccessService(db: Db, audit: AuditService, limits: SessionLimits = defaultSessionLimits) {
  const idleMs = limits.idleMinutes * 60_000;
  const maxMs = limits.maxHours * 3_600_000;
  // The idle expiry is pushed forward at most this often, so a busy user does not write on every request.
  const touchAfterMs = Math.min(5 * 60_000, idleMs / 10);

  const toSessionUser = (row: repo.SessionUserRow): SessionUser => ({
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    agencyId: row.agencyId,
    agencyName: row.agencyName,
    isAdmin: row.isAdmin,
  });

  return {
    /** Creates a user with their partnership roles; an existing e-mail is refused. */
    async createUser(actor: Actor, input: NewUser) {
      const problems: FieldError[] = [];
      if (!emailPattern.test(input.email))
        problems.push({ field: 'email', message: 'Enter an e-mail address in the correct format, like name@example.org' });
      if (input.password.length < MIN_PASSWORD_LENGTH)
        problems.push({ field: 'password', message: `Password must be ${MIN_PASSWORD_LENGTH} characters or more` });
      if (!input.displayName.trim()) problems.push({ field: 'name', message: 'Enter the person’s name' });
      if (problems.length) throw new ValidationError(problems);
      if (await repo.findUserByEmail(db, input.email))
        throw new AppError('conflict', `A user with the e-mail ${input.email} already exists`);
      const passwordHash = await hashPassword(input.password);
      return db.transaction(async (tx) => {
        const user = await repo.insertUser(tx, {
          email: input.email.trim(),
          displayName: input.displayName.trim(),
          agencyId: input.agencyId,
          passwordHash,
          isAdmin: input.isAdmin ?? false,
        });
        for (const r of input.roles ?? []) await repo.upsertUserRole(tx, user.id, r.partnershipId, r.role);
        await audit.record(
          actor,
          {
            action: 'user.create',
            entityType: 'user',
            entityId: user.id,
            after: { displayName: user.displayName, agencyId: user.agencyId, isAdmin: user.isAdmin, roles: input.roles ?? [] },
          },
          tx,
        );
        return user;
      });
    },

    async setRole(actor: Actor, userId: number, partnershipId: number, role: PartnershipRole) {
      await db.transaction(async (tx) => {
        await repo.upsertUserRole(tx, userId, partnershipId, role);
        await repo.markSessionsForRenewal(tx, userId);
        await audit.record(actor, { action: 'user-role.set', entityType: 'user', entityId: userId, partnershipId, after: { role } }, tx);
      });
    },

    findUserByEmail: (email: string) => repo.findUserByEmail(db, email),
    listUsers: () => repo.listUsers(db),
    listUserRoles: (userId: number) => repo.listUserRoles(db, userId),

    /**
     * Checks the password, throttled per account and per client address (see throttle.ts); on success
     * opens a session and returns its secret cookie value. Every refusal is audited (never the password).
     */
    async signIn(email: string, password: string, context: SignInContext = {}): Promise<SignInResult> {
      const { requestId } = context;
      const account = accountKey(email);
      const client = clientKey(context.clientAddress ?? 'unknown');
      const user = await repo.findUserByEmail(db, email);
      const actor: Actor = user
        ? { userId: user.id, agencyId: user.agencyId, isAdmin: user.isAdmin, requestId }
        : { userId: null, agencyId: null, isAdmin: false, requestId };
      const failed = (reason: string, details: Record<string, unknown> = {}) =>
        audit.record(actor, {
          action: 'sign-in.failed',
          entityType: user ? 'user' : undefined,
          entityId: user?.id,
          details: { reason, ...details },
        });
      const lockedOut = async (lockedUntil: Date): Promise<SignInResult> => {
        await repo.markLockout(db, email);
        await audit.record(actor, {
          action: 'sign-in.locked',
          entityType: user ? 'user' : undefined,
          entityId: user?.id,
          details: { failures: signInLimits.lockAfter, minutes: signInLimits.lockMinutes, lockedUntil },
        });
        return { ok: false, reason: 'locked', lockedUntil };
      };
      const lockLimits = {
        threshold: signInLimits.lockAfter,
        windowMinutes: signInLimits.windowMinutes,
        lockMinutes: signInLimits.lockMinutes,
      };

      // Decide under a lock on both keys (shared by every process), counting this attempt as a failure
      // until the password proves right, so that attempts made at once cannot all be checked.
      const decision = await db.transaction(async (tx) => {
        await repo.lockSignInKeys(tx, [account, client]);
        const lockedUntil = await repo.findSignInLock(tx, account);
        if (lockedUntil) return { kind: 'locked' as const, lockedUntil };
        const { now, byKey } = await repo.recentSignInFailures(tx, [account, client], signInLimits.windowMinutes);
        const wait = Math.max(...[account, client].map((k) => secondsToWait(byKey.get(k)!.failures, byKey.get(k)!.last, now)));
        const pending = await repo.insertSignInFailures(tx, [account, client]);
        if (wait > 0) {
          const lockedNow = await repo.lockIfTooManyFailures(tx, account, lockLimits);
          return lockedNow ? { kind: 'locked-now' as const, lockedUntil: lockedNow } : { kind: 'throttled' as const, wait };
        }
        return { kind: 'check' as const, pending };
      });
      if (decision.kind === 'locked') {
        await failed('account locked');
        return { ok: false, reason: 'locked', lockedUntil: decision.lockedUntil };
      }
      if (decision.kind === 'throttled' || decision.kind === 'locked-now') {
        await failed('too many attempts: password not checked', { waitSeconds: decision.kind === 'throttled' ? decision.wait : null });
        if (decision.kind === 'locked-now') return lockedOut(decision.lockedUntil);
        return { ok: false, reason: 'throttled', waitSeconds: decision.wait };
      }

      if (!user || user.disabledAt) {
        await verifyPassword(await dummyPasswordHash(), password);
        await failed('unknown or disabled account');
      } else if (!(await verifyPassword(user.passwordHash, password))) {
        await failed('wrong password');
      } else {
        await repo.deleteSignInFailures(db, decision.pending);
        await repo.clearSignInKey(db, account);
        const lockedAt = await repo.takeLockoutNotice(db, user.id);
        const token = randomToken();
        // A new session id at every sign-in; the session the browser had before (if any) ends.
        if (context.previousSessionToken) await repo.deleteSession(db, sha256(context.previousSessionToken));
        await repo.insertSession(db, sha256(token), user.id, new Date(Date.now() + Math.min(idleMs, maxMs)));
        await audit.record(actor, { action: 'sign-in', entityType: 'user', entityId: user.id });
        const row = await repo.findSessionUser(db, sha256(token));
        return { ok: true, token, user: toSessionUser(row!), lockedAt };
      }
      const lockedNow = await repo.lockIfTooManyFailures(db, account, lockLimits);
      if (lockedNow) return lockedOut(lockedNow);
      return { ok: false, reason: 'invalid' };
    },

    /**
     * The signed-in user for a session cookie, or null when it is unknown, idle too long or too old
     * (the session is then deleted). Extends the idle expiry, never past the absolute limit. A session
     * marked for renewal gets a new id when `renew` allows (page requests): the new cookie value is returned.
     */
    async loadSession(token: string, options: { renew?: boolean } = {}): Promise<LoadedSession | null> {
      const id = sha256(token);
      const row = await repo.findSessionUser(db, id);
      if (!row) return null;
      const now = Date.now();
      const idleEnds = row.lastSeenAt.getTime() + idleMs;
      const absoluteEnds = row.createdAt.getTime() + maxMs;
      if (Math.min(row.expiresAt.getTime(), idleEnds, absoluteEnds) <= now) {
        await repo.deleteSession(db, id);
        return null;
      }
      let renewedToken: string | undefined;
      if (row.renew && options.renew) {
        const fresh = randomToken();
        if (await repo.renewSessionId(db, id, sha256(fresh))) renewedToken = fresh;
      } else if (now - row.lastSeenAt.getTime() > touchAfterMs) {
        await repo.touchSession(db, id, new Date(Math.min(now + idleMs, absoluteEnds)));
      }
      return { user: toSessionUser(row), flash: row.flash, renewedToken };
    },

    /**
     * Gives the caller's own session a new id at once and ends the user's other sessions (after a
     * password change). Returns the new cookie value.
     */
    async renewOwnSession(token: string, userId: number): Promise<string> {
      const fresh = randomToken();
      await db.transaction(async (tx) => {
        await repo.markSessionsForRenewal(tx, userId);
        await repo.renewSessionId(tx, sha256(token), sha256(fresh));
        await repo.deleteUserSessions(tx, userId, sha256(fresh));
      });
      return fresh;
    },

    async signOut(token: string, actor: Actor) {
      await repo.deleteSession(db, sha256(token));
      await audit.record(actor, { action: 'sign-out', entityType: 'user', entityId: actor.userId ?? undefined });
    },

    setFlash: (token: string, flash: unknown) => repo.setSessionFlash(db, sha256(token), flash),
    takeFlash: (token: string) => repo.takeSessionFlash(db, sha256(token)),

    /**
     * Creates a personal token: for the API (a bearer token) or for calendar feeds (a secret in a feed
     * address that reads meeting calendars only). The secret is returned once and only its hash is kept.
     */
    async createToken(actor: Actor, userId: number, name: string, scope: TokenScope = 'api') {
      const secret = `${TOKEN_PREFIX}${randomToken()}`;
      const prefix = secret.slice(0, TOKEN_PREFIX.length + 8);
      const { id } = await db.transaction(async (tx) => {
        const row = await repo.insertApiToken(tx, { userId, name, tokenHash: sha256(secret), prefix, scope });
        await audit.record(
          actor,
          { action: 'api-token.create', entityType: 'api-token', entityId: row.id, after: { userId, name, prefix, scope } },
          tx,
        );
        return row;
      });
      return { id, prefix, secret };
    },

    async revokeTokens(actor: Actor, where: { id?: number; prefix?: string; userId?: number }) {
      return db.transaction(async (tx) => {
        const revoked = await repo.revokeTokens(tx, where);
        for (const t of revoked)
          await audit.record(
            actor,
            { action: 'api-token.revoke', entityType: 'api-token', entityId: t.id, details: { userId: t.userId, prefix: t.prefix } },
            tx,
          );
        return revoked;
      });
    },

    listTokens: (userId: number) => repo.listApiTokens(db, userId),

    /** The user behind a token of this scope, or null (a calendar token is no bearer token, and the reverse). */
    async authenticateToken(secret: string, scope: TokenScope = 'api'): Promise<SessionUser | null> {
      if (!secret.startsWith(TOKEN_PREFIX)) return null;
      const row = await repo.findTokenUser(db, sha256(secret), scope);
      if (!row) return null;
      await repo.markTokenUsed(db, row.tokenId);
      return toSessionUser(row);
    },

    /** Removes expired sessions and old sign-in failures and locks (at start and hourly). */
    async cleanExpiredSessions() {
      await repo.deleteExpiredSessions(db);
      await repo.deleteOldSignInRecords(db);
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
