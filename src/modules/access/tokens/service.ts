/**
 * Personal tokens: API tokens (bearer tokens, with an expiry, maybe read-only, maybe limited to one
 * partnership) and calendar keys (a secret in a feed address that reads meeting calendars only). A secret
 * is shown once; only its SHA-256 is kept, and every use checks it against its owner's account.
 */
import type { Db } from '../../../db/database.js';
import { ValidationError } from '../../../lib/errors.js';
import { randomToken, sha256 } from '../../../lib/tokens.js';
import type { Actor, SessionUser } from '../actor.js';
import { findUser } from '../accounts/repository.js';
import type { AuditService } from '../audit/service.js';
import { canLimitTokenTo, DEFAULT_TOKEN_DAYS, isAllowedTokenLifetime, MAX_TOKEN_DAYS } from '../policy.js';
import { sessionUser } from '../presenters.js';
import type { Policy } from '../record-access.js';
import type { TokenScope } from '../schema.js';
import * as repo from './repository.js';

const TOKEN_PREFIX = 'shub_';

export interface TokenOptions {
  expiresInDays?: number | undefined;
  readOnly?: boolean | undefined;
  partnershipId?: number | null | undefined;
}

export type BearerResult =
  { status: 'ok'; user: SessionUser; readOnly: boolean; partnershipId: number | null } | { status: 'invalid' } | { status: 'expired' };

export function createTokenService(db: Db, audit: AuditService, policy: Policy) {
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
    return { status: 'ok', user: sessionUser(row), readOnly: row.readOnly, partnershipId: row.partnershipId };
  }

  return {
    /**
     * Creates a personal token: for the API (a bearer token) or for calendar feeds (a secret in a feed
     * address that reads meeting calendars only). The secret is returned once and only its hash is kept.
     * An API token expires (90 days unless told, at most 365), may be read-only, and may be limited to one
     * of its owner's partnerships.
     */
    async createToken(actor: Actor, userId: number, name: string, scope: TokenScope = 'api', options: TokenOptions = {}) {
      const days = options.expiresInDays ?? DEFAULT_TOKEN_DAYS;
      if (scope === 'api' && !isAllowedTokenLifetime(days))
        throw new ValidationError([
          { field: 'expiresInDays', message: `Choose how long the token lasts: from 1 to ${MAX_TOKEN_DAYS} days` },
        ]);
      const partnershipId = options.partnershipId ?? null;
      if (partnershipId !== null) {
        const owner = await findUser(db, userId);
        const ownerActor: Actor = { userId, agencyId: owner?.agencyId ?? null, isAdmin: owner?.isAdmin ?? false };
        if (!owner || !canLimitTokenTo(await policy.roleIn(ownerActor, partnershipId)))
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
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
