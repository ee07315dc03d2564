/** The audit log: entries are only ever added and read (the database refuses anything else). */
import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/database.js';
import { agencies } from '../../partnerships/schema.js';
import { auditLog, users } from '../schema.js';

export type AuditInsert = typeof auditLog.$inferInsert;

export async function insertAudit(db: DbOrTx, entry: AuditInsert) {
  await db.insert(auditLog).values(entry);
}

/**
 * Adds a consultation unless the same person was logged reading the same record through the same channel
 * within the last `windowSeconds` (one statement: the check and the insert together).
 */
export async function insertUnlessRecent(db: DbOrTx, entry: AuditInsert & { userId: number }, windowSeconds: number) {
  await db.execute(sql`
    insert into audit_log (user_id, agency_id, action, entity_type, entity_id, partnership_id, details, request_id, channel, client_address)
    select ${entry.userId}, ${entry.agencyId ?? null}, ${entry.action}, ${entry.entityType ?? null}, ${entry.entityId ?? null},
           ${entry.partnershipId ?? null}::integer, ${entry.details === undefined || entry.details === null ? null : JSON.stringify(entry.details)}::jsonb,
           ${entry.requestId ?? null}, ${entry.channel ?? null}, ${entry.clientAddress ?? null}
     where not exists (
       select 1 from audit_log
        where user_id = ${entry.userId} and occurred_at > now() - make_interval(secs => ${windowSeconds})
          and action = ${entry.action} and channel is not distinct from ${entry.channel ?? null}
          and entity_type is not distinct from ${entry.entityType ?? null}
          and entity_id is not distinct from ${entry.entityId ?? null}
          and partnership_id is not distinct from ${entry.partnershipId ?? null}::integer)`);
}

export interface AuditFilter {
  userId?: number | undefined;
  agencyId?: number | undefined;
  /** A record: its type, and optionally its id; `partnership` with an id also finds everything within it. */
  entity?: { type: string; id?: string | undefined } | undefined;
  channel?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only entries older than this one (keyset paging for the export). */
  beforeId?: number | undefined;
  limit: number;
  offset: number;
}

function whereOf(filter: AuditFilter) {
  const conditions: SQL[] = [];
  if (filter.userId !== undefined) conditions.push(eq(auditLog.userId, filter.userId));
  if (filter.agencyId !== undefined) conditions.push(eq(auditLog.agencyId, filter.agencyId));
  if (filter.entity) {
    const { type, id } = filter.entity;
    const exact = id === undefined ? eq(auditLog.entityType, type) : and(eq(auditLog.entityType, type), eq(auditLog.entityId, id))!;
    const partnershipId = type === 'partnership' && id !== undefined && /^\d{1,9}$/.test(id) ? Number(id) : undefined;
    conditions.push(partnershipId === undefined ? exact : or(exact, eq(auditLog.partnershipId, partnershipId))!);
  }
  if (filter.channel) conditions.push(eq(auditLog.channel, filter.channel));
  if (filter.from) conditions.push(gte(auditLog.occurredAt, filter.from));
  if (filter.to) conditions.push(lte(auditLog.occurredAt, filter.to));
  if (filter.beforeId !== undefined) conditions.push(lt(auditLog.id, filter.beforeId));
  return conditions.length ? and(...conditions) : undefined;
}

export async function listAudit(db: DbOrTx, filter: AuditFilter) {
  const rows = await db
    .select({
      id: auditLog.id,
      occurredAt: auditLog.occurredAt,
      userId: auditLog.userId,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      partnershipId: auditLog.partnershipId,
      before: auditLog.before,
      after: auditLog.after,
      details: auditLog.details,
      channel: auditLog.channel,
      clientAddress: auditLog.clientAddress,
      requestId: auditLog.requestId,
      userName: users.displayName,
      agencyName: agencies.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .leftJoin(agencies, eq(agencies.id, auditLog.agencyId))
    .where(whereOf(filter))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1)
    .offset(filter.offset);
  return { rows: rows.slice(0, filter.limit), hasMore: rows.length > filter.limit };
}

export type AuditRow = Awaited<ReturnType<typeof listAudit>>['rows'][number];
