/**
 * Signing in and out, and sessions: the password checked under the sign-in throttle (attempts.ts), a
 * session opened with a new id, loaded on each request (idle and absolute limits), renewed when the
 * person's privileges change, and its one-time flash.
 */
import type { Db } from '../../../db/database.js';
import { randomToken, sha256 } from '../../../lib/tokens.js';
import type { Actor, RequestOrigin, SessionUser } from '../actor.js';
import { findUserByEmail } from '../accounts/repository.js';
import { dummyPasswordHash, verifyPassword } from '../accounts/passwords.js';
import type { AuditService } from '../audit/service.js';
import { sessionUser } from '../presenters.js';
import type { SignInAttempts } from './attempts.js';
import * as repo from './repository.js';
import { accountKey, clientKey, signInLimits } from './throttle.js';
import { requiresSecondFactor, type SecondFactorMode } from '../policy.js';
import type { SessionStage } from '../schema.js';
import { coordinatesAny } from '../repository.js';
import { findSecondFactor } from '../second-factor/repository.js';

/** How long sessions last: SESSION_IDLE_MINUTES without a request, SESSION_MAX_HOURS in all. */
export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
  /** Who must sign in with a second factor (SECOND_FACTOR); 'off' when not given. */
  secondFactor?: SecondFactorMode | undefined;
}
export const defaultSessionLimits: SessionLimits = { idleMinutes: 30, maxHours: 12 };

/** How long a sign-in may wait at its second step (the code, or setting up an authenticator). */
export const PENDING_SIGN_IN_MINUTES = 15;

/** Who is signing in from where, for throttling and the audit log. */
export interface SignInContext {
  requestId?: string | undefined;
  /** The client's address (as Fastify works it out under TRUST_PROXY). */
  clientAddress?: string | undefined;
  /** The session cookie the browser already had, ended when the new session opens. */
  previousSessionToken?: string | null | undefined;
  /** The request's channel and address, for the audit log. */
  origin?: RequestOrigin | undefined;
}

export type SignInResult =
  | {
      ok: true;
      token: string;
      user: SessionUser;
      /** when the account was locked since its last sign-in */
      lockedAt: Date | null;
      /** 'signed-in', or the second step the session waits for before it signs anyone in */
      stage: SessionStage;
    }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; waitSeconds: number }
  | { ok: false; reason: 'locked'; lockedUntil: Date };

export interface LoadedSession {
  user: SessionUser;
  /** Anything but 'signed-in' signs no one in: the session waits for its second factor. */
  stage: SessionStage;
  flash: unknown;
  /** The session's new cookie value, when its id was just renewed. */
  renewedToken?: string | undefined;
}

/**
 * Opens sessions once the first factor (a password, or the organisation's sign-in) has passed: signed in
 * at once, or waiting for the second factor when the person has one, or for its set-up when they must
 * have one and have not (see requiresSecondFactor). Each sign-in gets a new session id.
 */
export function createSessionOpener(db: Db, audit: AuditService, limits: SessionLimits = defaultSessionLimits) {
  const fullMs = Math.min(limits.idleMinutes * 60_000, limits.maxHours * 3_600_000);
  const opener = {
    /** The stage a person's session starts at after the first factor. */
    async firstStage(user: { id: number; isAdmin: boolean }): Promise<SessionStage> {
      const factor = await findSecondFactor(db, user.id);
      if (factor?.confirmedAt) return 'second-factor';
      const required = requiresSecondFactor(limits.secondFactor ?? 'off', {
        isAdmin: user.isAdmin,
        coordinates: await coordinatesAny(db, user.id),
      });
      return required ? 'second-factor-setup' : 'signed-in';
    },
    /** A new session at `stage`, ending the one the browser had; returns its secret cookie value. */
    async insert(userId: number, stage: SessionStage, previousToken?: string | null) {
      const token = randomToken();
      if (previousToken) await repo.deleteSession(db, sha256(previousToken));
      const lifetime = stage === 'signed-in' ? fullMs : PENDING_SIGN_IN_MINUTES * 60_000;
      await repo.insertSession(db, sha256(token), userId, new Date(Date.now() + lifetime), stage);
      return token;
    },
    /** After the first factor: opens the session at its first stage, and audits the sign-in or its first step. */
    async open(user: { id: number; agencyId: number; isAdmin: boolean }, context: SignInContext, method: 'password' | 'single sign-on') {
      const actor: Actor = {
        userId: user.id,
        agencyId: user.agencyId,
        isAdmin: user.isAdmin,
        requestId: context.requestId,
        origin: context.origin,
      };
      const stage = await opener.firstStage(user);
      const token = await opener.insert(user.id, stage, context.previousSessionToken);
      await audit.record(actor, {
        action: stage === 'signed-in' ? 'sign-in' : 'sign-in.first-factor',
        entityType: 'user',
        entityId: user.id,
        details: { method, ...(stage === 'signed-in' ? {} : { next: stage }) },
      });
      const row = await repo.findSessionUser(db, sha256(token));
      return { ok: true as const, token, user: sessionUser(row!), stage };
    },
  };
  return opener;
}

export function createSignInService(db: Db, audit: AuditService, attempts: SignInAttempts, limits: SessionLimits = defaultSessionLimits) {
  const idleMs = limits.idleMinutes * 60_000;
  const maxMs = limits.maxHours * 3_600_000;
  // The idle expiry is pushed forward at most this often, so a busy user does not write on every request.
  const touchAfterMs = Math.min(5 * 60_000, idleMs / 10);
  const sessions = createSessionOpener(db, audit, limits);

  return {
    /**
     * Checks the password, throttled per account and per client address (see throttle.ts); on success
     * opens a session and returns its secret cookie value. Every refusal is audited (never the password).
     */
    async signIn(email: string, password: string, context: SignInContext = {}): Promise<SignInResult> {
      const { requestId } = context;
      const account = accountKey(email);
      const client = clientKey(context.clientAddress ?? 'unknown');
      const user = await findUserByEmail(db, email);
      const actor: Actor = user
        ? { userId: user.id, agencyId: user.agencyId, isAdmin: user.isAdmin, requestId, origin: context.origin }
        : { userId: null, agencyId: null, isAdmin: false, requestId, origin: context.origin };
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

      const decision = await attempts.reserveAttempt(account, client);
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
        await attempts.release(decision.pending);
        await attempts.forget(account);
        const lockedAt = await repo.takeLockoutNotice(db, user.id);
        return { ...(await sessions.open(user, context, 'password')), lockedAt };
      }
      const lockedNow = await attempts.lockIfTooMany(account);
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
      if (row.stage !== 'signed-in') {
        // Waiting for the second factor: it keeps the short expiry it was given.
      } else if (row.renew && options.renew) {
        const fresh = randomToken();
        if (await repo.renewSessionId(db, id, sha256(fresh))) renewedToken = fresh;
      } else if (now - row.lastSeenAt.getTime() > touchAfterMs) {
        await repo.touchSession(db, id, new Date(Math.min(now + idleMs, absoluteEnds)));
      }
      return { user: sessionUser(row), stage: row.stage, flash: row.flash, renewedToken };
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

    /** Removes expired sessions and old sign-in failures and locks (at start and hourly). */
    async cleanExpiredSessions() {
      await repo.deleteExpiredSessions(db);
      await repo.deleteOldSignInRecords(db);
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
