/** The audit log: entries are only ever added and read (the database refuses anything else). */
import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { agencies } from '../../partnerships/schema.js';
import { auditLog, users } from '../schema.js';

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
