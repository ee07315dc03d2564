/**
 * Accounts: creating them (at the command line, or by an administrator who never learns the password),
 * partnership roles, your own password change, and administrators' work on accounts (disable, enable,
 * password reset links). Every new password must pass the password policy (password-policy.ts).
 */
import type { Db } from '../../../db/database.js';
import { AppError, ValidationError, type FieldError } from '../../../lib/errors.js';
import { randomToken, sha256 } from '../../../lib/tokens.js';
import type { Actor } from '../actor.js';
import type { AuditService } from '../audit/service.js';
import { canDisableAccount } from '../policy.js';
import type { Policy } from '../record-access.js';
import type { PartnershipRole } from '../schema.js';
import type { SignInAttempts } from '../sign-in/attempts.js';
import * as sessions from '../sign-in/repository.js';
import { accountKey, clientKey } from '../sign-in/throttle.js';
import { passwordProblem } from './password-policy.js';
import { hashPassword, verifyPassword } from './passwords.js';
import * as repo from './repository.js';

export interface NewUser {
  email: string;
  displayName: string;
  agencyId: number;
  password: string;
  isAdmin?: boolean;
  roles?: { partnershipId: number; role: PartnershipRole }[];
}

/** What an administrator gives to add an account (the form's fields, read at the edge: inputs.ts). */
export interface Invitation {
  email: string;
  displayName: string;
  agencyId: number | undefined;
  isAdmin: boolean;
}

const PASSWORD_RESET_MS = 60 * 60 * 1000;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The password problem as a field error, or nothing. */
function checkNewPassword(field: string, password: string, confirm: string | undefined, email: string) {
  const problem = passwordProblem(password, { email });
  if (problem) throw new ValidationError([{ field, message: problem }]);
  if (confirm !== undefined && confirm !== password)
    throw new ValidationError([{ field: 'confirmPassword', message: 'The passwords do not match: type the new password again' }]);
}

export function createAccountService(db: Db, audit: AuditService, policy: Policy, attempts: SignInAttempts) {
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
        await sessions.markSessionsForRenewal(tx, userId);
        await audit.record(actor, { action: 'user-role.set', entityType: 'user', entityId: userId, partnershipId, after: { role } }, tx);
      });
    },

    findUserByEmail: (email: string) => repo.findUserByEmail(db, email),
    listUsers: () => repo.listUsers(db),
    listUserRoles: (userId: number) => repo.listUserRoles(db, userId),

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
      const decision = await attempts.reserveAttempt(account, clientKey(clientAddress));
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
        await attempts.lockIfTooMany(account);
        throw new ValidationError([{ field: 'currentPassword', message: 'Your current password is not right' }]);
      }
      await attempts.release(decision.pending);
      checkNewPassword('newPassword', input.newPassword, input.confirmPassword, user.email);
      if (input.newPassword === input.currentPassword)
        throw new ValidationError([{ field: 'newPassword', message: 'Your new password must be different from your current one' }]);
      const passwordHash = await hashPassword(input.newPassword);
      const fresh = randomToken();
      await db.transaction(async (tx) => {
        await repo.updateUserPassword(tx, user.id, passwordHash);
        await sessions.markSessionsForRenewal(tx, user.id);
        await sessions.renewSessionId(tx, sha256(sessionToken), sha256(fresh));
        await sessions.deleteUserSessions(tx, user.id, sha256(fresh));
        await attempts.forget(account, tx);
        await audit.record(actor, { action: 'user.password-change', entityType: 'user', entityId: user.id }, tx);
      });
      return fresh;
    },

    /**
     * An administrator adds an account without ever knowing its password: it gets an unusable random one,
     * and the administrator a one-time link (an hour) for its owner to choose their own.
     */
    async inviteUser(actor: Actor, input: Invitation) {
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
        if (disabled) await sessions.deleteUserSessions(tx, userId);
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
        await sessions.deleteUserSessions(tx, reset.userId);
        await attempts.forget(accountKey(reset.email), tx);
        await audit.record(actor, { action: 'user.password-reset', entityType: 'user', entityId: reset.userId }, tx);
      });
    },
  };
  return service;
}

export type AccountService = ReturnType<typeof createAccountService>;
