/** Personal API tokens and calendar keys (only their hashes are kept). */
import { and, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { agencies, partnerships } from '../../partnerships/schema.js';
import { sessionUserColumns } from '../repository.js';
import { apiTokens, users, type TokenScope } from '../schema.js';

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
