import type { Db } from '../../db/database.js';
import { AppError, ValidationError, type FieldError } from '../../lib/errors.js';
import { randomToken, sha256 } from '../../lib/tokens.js';
import type { Actor, SessionUser } from './actor.js';
import type { AuditService } from './audit.js';
import { dummyPasswordHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import * as repo from './repository.js';
import type { PartnershipRole, TokenScope } from './schema.js';

const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
const TOUCH_AFTER_MS = 5 * 60 * 1000;
const TOKEN_PREFIX = 'shub_';

export interface NewUser {
  email: string;
  displayName: string;
  agencyId: number;
  password: string;
  isAdmin?: boolean;
  roles?: { partnershipId: number; role: PartnershipRole }[];
}

export interface LoadedSession {
  user: SessionUser;
  flash: unknown;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function createAccessService(db: Db, audit: AuditService) {
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
        await audit.record(actor, { action: 'user-role.set', entityType: 'user', entityId: userId, partnershipId, after: { role } }, tx);
      });
    },

    findUserByEmail: (email: string) => repo.findUserByEmail(db, email),
    listUsers: () => repo.listUsers(db),
    listUserRoles: (userId: number) => repo.listUserRoles(db, userId),

    /** Checks the password; on success opens a session and returns its secret cookie value. */
    async signIn(email: string, password: string, requestId?: string): Promise<{ token: string; user: SessionUser } | null> {
      const user = await repo.findUserByEmail(db, email);
      if (!user || user.disabledAt) {
        await verifyPassword(await dummyPasswordHash(), password);
        await audit.record(
          { userId: null, agencyId: null, isAdmin: false, requestId },
          { action: 'sign-in.failed', details: { reason: 'unknown or disabled account' } },
        );
        return null;
      }
      const actor: Actor = { userId: user.id, agencyId: user.agencyId, isAdmin: user.isAdmin, requestId };
      if (!(await verifyPassword(user.passwordHash, password))) {
        await audit.record(actor, {
          action: 'sign-in.failed',
          entityType: 'user',
          entityId: user.id,
          details: { reason: 'wrong password' },
        });
        return null;
      }
      const token = randomToken();
      await repo.insertSession(db, sha256(token), user.id, new Date(Date.now() + SESSION_IDLE_MS));
      await audit.record(actor, { action: 'sign-in', entityType: 'user', entityId: user.id });
      const row = await repo.findSessionUser(db, sha256(token));
      return { token, user: toSessionUser(row!) };
    },

    /** The signed-in user for a session cookie, or null when it is unknown or expired. Extends idle expiry. */
    async loadSession(token: string): Promise<LoadedSession | null> {
      const id = sha256(token);
      const row = await repo.findSessionUser(db, id);
      if (!row) return null;
      const now = Date.now();
      if (row.expiresAt.getTime() <= now) {
        await repo.deleteSession(db, id);
        return null;
      }
      if (now - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) await repo.touchSession(db, id, new Date(now + SESSION_IDLE_MS));
      return { user: toSessionUser(row), flash: row.flash };
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

    cleanExpiredSessions: () => repo.deleteExpiredSessions(db),
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
