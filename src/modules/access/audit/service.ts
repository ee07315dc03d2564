import type { Db, DbOrTx } from '../../../db/database.js';
import type { Actor } from '../actor.js';
import { insertAudit, listAudit, type AuditFilter } from './repository.js';

export interface AuditEvent {
  action: string;
  entityType?: string | undefined;
  entityId?: string | number | undefined;
  partnershipId?: number | null | undefined;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

/** JSON-safe copy: dates to ISO strings, secrets never included by callers. */
const plain = (value: unknown): unknown => (value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown));

/** The audit log every change is written to, in the same transaction as the change. */
export function createAuditService(db: Db) {
  return {
    /** Append one entry; pass the transaction so the entry commits with the change it describes. */
    async record(actor: Actor, event: AuditEvent, tx: DbOrTx = db) {
      await insertAudit(tx, {
        userId: actor.userId,
        agencyId: actor.agencyId,
        action: event.action,
        entityType: event.entityType ?? null,
        entityId: event.entityId === undefined ? null : String(event.entityId),
        partnershipId: event.partnershipId ?? null,
        before: plain(event.before),
        after: plain(event.after),
        details: plain(event.details),
        requestId: actor.requestId ?? null,
      });
    },
    list: (filter: AuditFilter) => listAudit(db, filter),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
