/**
 * The second factor: setting up an authenticator app (confirmed by a first code), recovery codes (ten,
 * single use, shown once, kept as argon2id hashes), turning it off where it is not required, an
 * administrator's reset, and the second step of signing in. Codes are throttled like passwords (the
 * sign-in throttle, keyed by the account); a code is never accepted twice. Every change is audited.
 */
import type { Db } from '../../../db/database.js';
import { AppError, ValidationError, notFound } from '../../../lib/errors.js';
import { sha256 } from '../../../lib/tokens.js';
import type { Actor } from '../actor.js';
import { hashPassword, verifyPassword } from '../accounts/passwords.js';
import type { AuditService } from '../audit/service.js';
import { requiresSecondFactor } from '../policy.js';
import { coordinatesAny } from '../repository.js';
import type { SignInAttempts } from '../sign-in/attempts.js';
import * as sessions from '../sign-in/repository.js';
import { createSessionOpener, defaultSessionLimits, type SessionLimits, type SignInContext } from '../sign-in/service.js';
import { clientKey } from '../sign-in/throttle.js';
import { findUser, findUserByEmail } from '../accounts/repository.js';
import * as repo from './repository.js';
import { checkTotp, groupedSecret, isTotpCode, newRecoveryCodes, newTotpSecret, normaliseCode, totpUri } from './totp.js';

/** The throttle's key for second-factor codes: the account, as a number nobody types. */
const codeKey = (userId: number) => `second-factor:${sha256(String(userId))}`;

const wrongCode = (field = 'code') =>
  new ValidationError([
    { field, message: 'The code is not right: enter the 6-digit code your authenticator app shows now, or a recovery code' },
  ]);

export type SecondStepResult =
  | { ok: true; token: string; returnTo?: string | undefined; recoveryCodesLeft: number; usedRecoveryCode: boolean }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; waitSeconds: number }
  | { ok: false; reason: 'locked'; lockedUntil: Date };

export function createSecondFactorService(
  db: Db,
  audit: AuditService,
  attempts: SignInAttempts,
  limits: SessionLimits = defaultSessionLimits,
) {
  const opener = createSessionOpener(db, audit, limits);

  async function required(user: { id: number; isAdmin: boolean }) {
    return requiresSecondFactor(limits.secondFactor ?? 'off', { isAdmin: user.isAdmin, coordinates: await coordinatesAny(db, user.id) });
  }

  /** New recovery codes for the user (the old ones stop working); returns them, to be shown once. */
  async function issueRecoveryCodes(userId: number) {
    const codes = newRecoveryCodes();
    const hashes = await Promise.all(codes.map((c) => hashPassword(normaliseCode(c))));
    await repo.replaceRecoveryCodes(db, userId, hashes);
    return codes;
  }

  /** Which recovery code this is, if it is one of the user's unused ones: its id. */
  async function matchRecoveryCode(userId: number, code: string): Promise<number | null> {
    const typed = normaliseCode(code);
    if (!/^[a-z0-9]{10}$/.test(typed)) return null;
    for (const row of await repo.listUnusedRecoveryCodes(db, userId)) if (await verifyPassword(row.codeHash, typed)) return row.id;
    return null;
  }

  /** Checks a code (authenticator or recovery) for a user with a confirmed factor, using it up if right. */
  async function useCode(userId: number, secret: string, lastTimeStep: number | null, code: string) {
    if (isTotpCode(code)) {
      const step = await checkTotp(secret, code, lastTimeStep);
      return step !== null && (await repo.useTimeStep(db, userId, step)) ? ('authenticator' as const) : null;
    }
    const id = await matchRecoveryCode(userId, code);
    return id !== null && (await repo.useRecoveryCode(db, id)) ? ('recovery code' as const) : null;
  }

  /** Confirms a set-up with the first code from the app; returns the recovery codes, to be shown once. */
  async function confirm(actor: Actor, userId: number, code: string, via: string) {
    const factor = await repo.findSecondFactor(db, userId);
    if (!factor || factor.confirmedAt) throw new AppError('conflict', 'Start setting up your authenticator app again');
    const step = await checkTotp(factor.secret, code, null);
    if (step === null)
      throw new ValidationError([
        { field: 'code', message: 'The code is not right: enter the 6-digit code your authenticator app shows now' },
      ]);
    return db.transaction(async (tx) => {
      if (!(await repo.confirmSecondFactor(tx, userId, step))) throw new AppError('conflict', 'Your authenticator app is already set up');
      const codes = newRecoveryCodes();
      const hashes = await Promise.all(codes.map((c) => hashPassword(normaliseCode(c))));
      await repo.replaceRecoveryCodes(tx, userId, hashes);
      await audit.record(actor, { action: 'second-factor.enabled', entityType: 'user', entityId: userId, details: { via } }, tx);
      return codes;
    });
  }

  /** The session waiting at a sign-in step, and its person as the actor for the audit log; otherwise "sign in again". */
  async function waitingAt(stage: 'second-factor' | 'second-factor-setup', token: string, context: SignInContext) {
    const row = await sessions.findSessionUser(db, sha256(token));
    if (!row || row.stage !== stage || row.expiresAt.getTime() <= Date.now()) throw new AppError('unauthenticated', 'Sign in again');
    const actor: Actor = {
      userId: row.id,
      agencyId: row.agencyId,
      isAdmin: row.isAdmin,
      requestId: context.requestId,
      origin: context.origin,
    };
    return { row, actor };
  }

  const service = {
    /** Whether the user has a second factor, must have one, and how many recovery codes are left. */
    async secondFactorStatus(user: { id: number; isAdmin: boolean }) {
      const factor = await repo.findSecondFactor(db, user.id);
      const enabled = Boolean(factor?.confirmedAt);
      return {
        enabled,
        enabledAt: factor?.confirmedAt ?? null,
        required: await required(user),
        recoveryCodesLeft: enabled ? (await repo.listUnusedRecoveryCodes(db, user.id)).length : 0,
      };
    },

    /**
     * The key to set up an authenticator app with (kept, unconfirmed, until a first code confirms it; the
     * same one while the set-up is unfinished). Refused when one is already set up.
     */
    async secondFactorSetup(userId: number) {
      let factor = await repo.findSecondFactor(db, userId);
      if (factor?.confirmedAt) return null;
      if (!factor) {
        await repo.insertUnconfirmedSecret(db, userId, newTotpSecret());
        factor = await repo.findSecondFactor(db, userId);
      }
      const user = await findUser(db, userId);
      if (!user || !factor) throw notFound('User');
      return { key: groupedSecret(factor.secret), uri: totpUri(factor.secret, user.email) };
    },

    /** Confirms the signed-in user's set-up with a first code; returns their recovery codes (shown once). */
    confirmSecondFactor: (actor: Actor, code: string) => confirm(actor, actor.userId!, code, 'account page'),

    /** New recovery codes for the signed-in user (the old ones stop working), shown once. */
    async regenerateRecoveryCodes(actor: Actor) {
      const userId = actor.userId!;
      const factor = await repo.findSecondFactor(db, userId);
      if (!factor?.confirmedAt) throw new AppError('conflict', 'Set up an authenticator app first');
      const codes = await issueRecoveryCodes(userId);
      await audit.record(actor, { action: 'second-factor.recovery-codes-replaced', entityType: 'user', entityId: userId });
      return codes;
    },

    /** Turns off the signed-in user's second factor, with a code from it; refused where it is required. */
    async disableSecondFactor(actor: Actor, code: string) {
      const userId = actor.userId!;
      if (await required({ id: userId, isAdmin: actor.isAdmin }))
        throw new AppError('forbidden', 'You must sign in with a second factor, so it cannot be turned off');
      const factor = await repo.findSecondFactor(db, userId);
      if (!factor?.confirmedAt) throw new AppError('conflict', 'You have no authenticator app set up');
      if (!normaliseCode(code))
        throw new ValidationError([{ field: 'code', message: 'Enter a code from your authenticator app, or a recovery code' }]);
      if (!(await useCode(userId, factor.secret, factor.lastTimeStep, code))) throw wrongCode();
      await db.transaction(async (tx) => {
        await repo.deleteSecondFactor(tx, userId);
        await audit.record(actor, { action: 'second-factor.disabled', entityType: 'user', entityId: userId }, tx);
      });
    },

    /**
     * An administrator removes another person's second factor (a lost phone): they set one up again at
     * their next sign-in if they must have one. Their sessions end.
     */
    async resetSecondFactor(actor: Actor, userId: number) {
      if (!actor.isAdmin) throw new AppError('forbidden', 'Only administrators can reset a second factor');
      const user = await findUser(db, userId);
      if (!user) throw notFound('User');
      return db.transaction(async (tx) => {
        const removed = await repo.deleteSecondFactor(tx, userId);
        if (!removed) throw new AppError('conflict', `${user.displayName} has no second factor to reset`);
        await sessions.deleteUserSessions(tx, userId);
        await audit.record(actor, { action: 'second-factor.reset', entityType: 'user', entityId: userId }, tx);
        return { displayName: user.displayName };
      });
    },

    /** The same reset for the account with this e-mail (the command line: when no administrator can sign in). */
    async resetSecondFactorByEmail(actor: Actor, email: string) {
      const user = await findUserByEmail(db, email.trim());
      if (!user) throw notFound('User');
      return service.resetSecondFactor(actor, user.id);
    },

    /**
     * The second step of signing in: the code (or a recovery code) for a session waiting for it, throttled
     * like passwords. On success the waiting session ends and a signed-in one (a new id) replaces it.
     */
    async completeSecondFactor(token: string, code: string, context: SignInContext = {}): Promise<SecondStepResult> {
      const { row, actor } = await waitingAt('second-factor', token, context);
      const failed = (reason: string) =>
        audit.record(actor, { action: 'sign-in.second-factor-failed', entityType: 'user', entityId: row.id, details: { reason } });
      const key = codeKey(row.id);
      const decision = await attempts.reserveAttempt(key, clientKey(context.clientAddress ?? 'unknown'));
      if (decision.kind === 'locked' || decision.kind === 'locked-now') {
        await failed('too many codes: locked');
        return { ok: false, reason: 'locked', lockedUntil: decision.lockedUntil };
      }
      if (decision.kind === 'throttled') {
        await failed('too many codes: not checked');
        return { ok: false, reason: 'throttled', waitSeconds: decision.wait };
      }
      const factor = await repo.findSecondFactor(db, row.id);
      const used = factor?.confirmedAt && normaliseCode(code) ? await useCode(row.id, factor.secret, factor.lastTimeStep, code) : null;
      if (!used) {
        await failed('wrong or reused code');
        const lockedNow = await attempts.lockIfTooMany(key);
        if (lockedNow) return { ok: false, reason: 'locked', lockedUntil: lockedNow };
        return { ok: false, reason: 'invalid' };
      }
      await attempts.release(decision.pending);
      await attempts.forget(key);
      const fresh = await opener.insert(row.id, 'signed-in', token);
      await audit.record(actor, { action: 'sign-in', entityType: 'user', entityId: row.id, details: { secondFactor: used } });
      const left = (await repo.listUnusedRecoveryCodes(db, row.id)).length;
      return { ok: true, token: fresh, recoveryCodesLeft: left, usedRecoveryCode: used === 'recovery code' };
    },

    /**
     * Setting up during sign-in (the person must have a second factor and had none): the first code confirms
     * it and the session signs in (a new id). Returns the new cookie value and the recovery codes.
     */
    async completeSecondFactorSetup(token: string, code: string, context: SignInContext = {}) {
      const { row, actor } = await waitingAt('second-factor-setup', token, context);
      const codes = await confirm(actor, row.id, code, 'sign-in');
      const fresh = await opener.insert(row.id, 'signed-in', token);
      await audit.record(actor, { action: 'sign-in', entityType: 'user', entityId: row.id, details: { secondFactor: 'set up' } });
      return { token: fresh, recoveryCodes: codes };
    },
  };
  return service;
}

export type SecondFactorService = ReturnType<typeof createSecondFactorService>;
