import type { Db } from '../../db/database.js';
import { AppError, ValidationError, type FieldError } from '../../lib/errors.js';
import { randomToken, sha256 } from '../../lib/tokens.js';
import type { Actor, SessionUser } from './actor.js';
import type { AuditService } from './audit.js';
import { passwordProblem } from './password-policy.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import { canDisableAccount, type Policy } from './policy.js';
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

const PASSWORD_RESET_MS = 60 * 60 * 1000;
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;

export interface TokenOptions {
  expiresInDays?: number | undefined;
  readOnly?: boolean | undefined;
  partnershipId?: number | null | undefined;
}

export type BearerResult =
  { status: 'ok'; user: SessionUser; readOnly: boolean; partnershipId: number | null } | { status: 'invalid' } | { status: 'expired' };

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function createAccessService(db: Db, audit: AuditService, policy: Policy, limits: SessionLimits = defaultSessionLimits) {
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

  const lockLimits = {
    threshold: signInLimits.lockAfter,
    windowMinutes: signInLimits.windowMinutes,
    lockMinutes: signInLimits.lockMinutes,
  };

  /**
   * Decides, under a lock on both keys (shared by every process), whether a password may be checked now,
   * counting the attempt as a failure until the password proves right, so that attempts made at once
   * cannot all be checked.
   */
  async function reserveAttempt(account: string, client: string) {
    return db.transaction(async (tx) => {
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
  }

  /**
   * What a token lets its bearer do: its owner, and its limits (read-only, one partnership); or why it
   * is refused ('invalid': unknown, revoked, another kind, or the owner disabled; 'expired').
   */
  async function authenticateBearer(secret: string, scope: TokenScope = 'api'): Promise<BearerResult> {
    if (!secret.startsWith(TOKEN_PREFIX)) return { status: 'invalid' };
    const row = await repo.findTokenUser(db, sha256(secret), scope);
    if (!row) return { status: 'invalid' };
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return { status: 'expired' };
    await repo.markTokenUsed(db, row.tokenId);
    return { status: 'ok', user: toSessionUser(row), readOnly: row.readOnly, partnershipId: row.partnershipId };
  }

  /** The password problem as a field error, or nothing. */
  function checkNewPassword(field: string, password: string, confirm: string | undefined, email: string) {
    const problem = passwordProblem(password, { email });
    if (problem) throw new ValidationError([{ field, message: problem }]);
    if (confirm !== undefined && confirm !== password)
      throw new ValidationError([{ field: 'confirmPassword', message: 'The passwords do not match: type the new password again' }]);
  }

  const service = {
    /**
     * Creates a user with their partnership roles; an existing e-mail is refused. The password must pass
     * the password policy, except the demo accounts' published one (`demo`: never in production).
     */
    async createUser(actor: Actor, input: NewUser, options: { demo?: boolean } = {}) {
      const problems: FieldError[] = [];
      if (!emailPattern.test(input.email))
        problems.push({ field: 'email', message: 'Enter an e-mail address in the correct format, like name@example.org' });
      const weak = options.demo ? null : passwordProblem(input.password, { email: input.email });
      if (weak) problems.push({ field: 'password', message: weak });
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

      const decision = await reserveAttempt(account, client);
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
     * Changes the signed-in person's own password: the current one must be right (throttled like signing
     * in), the new one must pass the password policy. Their session gets a new id, their other sessions
     * end, and the new cookie value is returned.
     */
    async changePassword(
      actor: Actor,
      sessionToken: string,
      input: { currentPassword: string; newPassword: string; confirmPassword: string },
      clientAddress = 'unknown',
    ): Promise<string> {
      if (actor.userId === null) throw new AppError('unauthenticated', 'Sign in to change your password');
      const user = await repo.findUser(db, actor.userId);
      if (!user || user.disabledAt) throw new AppError('unauthenticated', 'Sign in to change your password');
      if (!input.currentPassword) throw new ValidationError([{ field: 'currentPassword', message: 'Enter your current password' }]);
      if (!input.newPassword) throw new ValidationError([{ field: 'newPassword', message: 'Enter a new password' }]);
      const account = accountKey(user.email);
      const decision = await reserveAttempt(account, clientKey(clientAddress));
      if (decision.kind !== 'check') {
        await audit.record(actor, {
          action: 'user.password-change-refused',
          entityType: 'user',
          entityId: user.id,
          details: { reason: 'too many attempts: password not checked' },
        });
        throw new ValidationError([
          { field: 'currentPassword', message: 'There have been too many wrong passwords. Wait a few minutes, then try again' },
        ]);
      }
      if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
        await audit.record(actor, {
          action: 'user.password-change-refused',
          entityType: 'user',
          entityId: user.id,
          details: { reason: 'wrong current password' },
        });
        await repo.lockIfTooManyFailures(db, account, lockLimits);
        throw new ValidationError([{ field: 'currentPassword', message: 'Your current password is not right' }]);
      }
      await repo.deleteSignInFailures(db, decision.pending);
      checkNewPassword('newPassword', input.newPassword, input.confirmPassword, user.email);
      if (input.newPassword === input.currentPassword)
        throw new ValidationError([{ field: 'newPassword', message: 'Your new password must be different from your current one' }]);
      const passwordHash = await hashPassword(input.newPassword);
      const fresh = randomToken();
      await db.transaction(async (tx) => {
        await repo.updateUserPassword(tx, user.id, passwordHash);
        await repo.markSessionsForRenewal(tx, user.id);
        await repo.renewSessionId(tx, sha256(sessionToken), sha256(fresh));
        await repo.deleteUserSessions(tx, user.id, sha256(fresh));
        await repo.clearSignInKey(tx, account);
        await audit.record(actor, { action: 'user.password-change', entityType: 'user', entityId: user.id }, tx);
      });
      return fresh;
    },

    /**
     * An administrator adds an account without ever knowing its password: it gets an unusable random one,
     * and the administrator a one-time link (an hour) for its owner to choose their own.
     */
    async inviteUser(actor: Actor, input: { email: string; displayName: string; agencyId: number | undefined; isAdmin: boolean }) {
      await policy.requireAdmin(actor, 'user');
      if (input.agencyId === undefined) throw new ValidationError([{ field: 'agencyId', message: 'Select the person’s agency' }]);
      const user = await service.createUser(actor, {
        email: input.email,
        displayName: input.displayName,
        agencyId: input.agencyId,
        password: `${randomToken(32)}-Aa1!`,
        isAdmin: input.isAdmin,
      });
      const reset = await service.createPasswordReset(actor, user.id);
      return { user, secret: reset.secret, expiresAt: reset.expiresAt };
    },

    /** One account with its roles, for administrators. */
    async getUser(actor: Actor, userId: number) {
      await policy.requireAdmin(actor, 'user');
      const user = await repo.findUser(db, userId);
      if (!user) throw await policy.refuseNotFound(actor, 'user');
      const { passwordHash: _hash, ...shown } = user;
      return { user: shown, roles: await repo.listUserRoles(db, userId), canDisable: canDisableAccount(actor, userId) };
    },

    /**
     * Disables or re-enables an account (administrators; never their own). A disabled account cannot sign
     * in; its sessions end at once and its tokens stop working.
     */
    async setAccountDisabled(actor: Actor, userId: number, disabled: boolean) {
      await policy.requireAdmin(actor, 'user');
      if (!canDisableAccount(actor, userId)) throw new AppError('forbidden', 'You cannot disable your own account');
      return db.transaction(async (tx) => {
        const before = await repo.findUser(tx, userId);
        if (!before) throw await policy.refuseNotFound(actor, 'user');
        const disabledAt = disabled ? (before.disabledAt ?? new Date()) : null;
        await repo.setUserDisabled(tx, userId, disabledAt);
        if (disabled) await repo.deleteUserSessions(tx, userId);
        await audit.record(
          actor,
          {
            action: disabled ? 'user.disable' : 'user.enable',
            entityType: 'user',
            entityId: userId,
            before: { disabledAt: before.disabledAt },
            after: { disabledAt },
          },
          tx,
        );
        return { displayName: before.displayName };
      });
    },

    /**
     * Issues a one-time password reset link for an account (administrators): valid for an hour, used once,
     * replacing any earlier unused link. The secret is returned once; only its SHA-256 is kept.
     */
    async createPasswordReset(actor: Actor, userId: number) {
      await policy.requireAdmin(actor, 'user');
      const user = await repo.findUser(db, userId);
      if (!user) throw await policy.refuseNotFound(actor, 'user');
      if (user.disabledAt) throw new AppError('conflict', 'Enable the account before giving it a password reset link');
      const secret = randomToken();
      const expiresAt = new Date(Date.now() + PASSWORD_RESET_MS);
      await db.transaction(async (tx) => {
        await repo.insertPasswordReset(tx, { userId, tokenHash: sha256(secret), createdBy: actor.userId, expiresAt });
        await audit.record(actor, { action: 'user.password-reset-link', entityType: 'user', entityId: userId, details: { expiresAt } }, tx);
      });
      return { secret, expiresAt, displayName: user.displayName };
    },

    /** Whether a reset link can still be used (unused, within its hour, the account enabled). */
    async passwordResetUsable(secret: string) {
      return Boolean(await repo.findUsablePasswordReset(db, sha256(secret)));
    },

    /**
     * Sets a new password through a reset link, once. The password must pass the policy (the link stays
     * usable until it does); then the link is spent, every session of the account ends and a sign-in lock
     * is lifted.
     */
    async resetPassword(secret: string, input: { newPassword: string; confirmPassword: string }, requestId?: string) {
      const reset = await repo.findUsablePasswordReset(db, sha256(secret));
      if (!reset) throw new AppError('not_found', 'This password reset link has expired or has already been used');
      checkNewPassword('newPassword', input.newPassword, input.confirmPassword, reset.email);
      const passwordHash = await hashPassword(input.newPassword);
      const actor: Actor = { userId: reset.userId, agencyId: reset.agencyId, isAdmin: reset.isAdmin, requestId };
      await db.transaction(async (tx) => {
        if (!(await repo.usePasswordReset(tx, reset.resetId)))
          throw new AppError('not_found', 'This password reset link has expired or has already been used');
        await repo.updateUserPassword(tx, reset.userId, passwordHash);
        await repo.deleteUserSessions(tx, reset.userId);
        await repo.clearSignInKey(tx, accountKey(reset.email));
        await audit.record(actor, { action: 'user.password-reset', entityType: 'user', entityId: reset.userId }, tx);
      });
    },

    /**
     * Creates a personal token: for the API (a bearer token) or for calendar feeds (a secret in a feed
     * address that reads meeting calendars only). The secret is returned once and only its hash is kept.
     * An API token expires (90 days unless told, at most 365), may be read-only, and may be limited to one
     * of its owner's partnerships.
     */
    async createToken(actor: Actor, userId: number, name: string, scope: TokenScope = 'api', options: TokenOptions = {}) {
      const days = options.expiresInDays ?? DEFAULT_TOKEN_DAYS;
      if (scope === 'api' && (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS))
        throw new ValidationError([
          { field: 'expiresInDays', message: `Choose how long the token lasts: from 1 to ${MAX_TOKEN_DAYS} days` },
        ]);
      const partnershipId = options.partnershipId ?? null;
      if (partnershipId !== null) {
        const owner = await repo.findUser(db, userId);
        const ownerActor: Actor = { userId, agencyId: owner?.agencyId ?? null, isAdmin: owner?.isAdmin ?? false };
        if (!owner || !(await policy.roleIn(ownerActor, partnershipId)))
          throw new ValidationError([{ field: 'partnershipId', message: 'Choose one of your partnerships' }]);
      }
      const readOnly = options.readOnly ?? false;
      const expiresAt = scope === 'api' ? new Date(Date.now() + days * 86_400_000) : null;
      const secret = `${TOKEN_PREFIX}${randomToken()}`;
      const prefix = secret.slice(0, TOKEN_PREFIX.length + 8);
      const { id } = await db.transaction(async (tx) => {
        const row = await repo.insertApiToken(tx, {
          userId,
          name,
          tokenHash: sha256(secret),
          prefix,
          scope,
          expiresAt,
          readOnly,
          partnershipId,
        });
        await audit.record(
          actor,
          {
            action: 'api-token.create',
            entityType: 'api-token',
            entityId: row.id,
            partnershipId,
            after: { userId, name, prefix, scope, expiresAt, readOnly, partnershipId },
          },
          tx,
        );
        return row;
      });
      return { id, prefix, secret, expiresAt, readOnly, partnershipId };
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

    /** The user behind a calendar key, or null (an API token is no calendar key, and the reverse). */
    async authenticateToken(secret: string, scope: TokenScope = 'api'): Promise<SessionUser | null> {
      const result = await authenticateBearer(secret, scope);
      return result.status === 'ok' ? result.user : null;
    },

    authenticateBearer,

    /** Removes expired sessions and old sign-in failures and locks (at start and hourly). */
    async cleanExpiredSessions() {
      await repo.deleteExpiredSessions(db);
      await repo.deleteOldSignInRecords(db);
    },
  };
  return service;
}

export type AccessService = ReturnType<typeof createAccessService>;
