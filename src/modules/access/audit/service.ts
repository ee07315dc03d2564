import type { Db, DbOrTx } from '../../../db/database.js';
import type { Actor, AuditChannel } from '../actor.js';
import { insertAudit, insertUnlessRecent, listAudit, type AuditFilter, type AuditRow } from './repository.js';

export interface AuditEvent {
  action: string;
  entityType?: string | undefined;
  entityId?: string | number | undefined;
  partnershipId?: number | null | undefined;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

/** A person reading the same record through the same channel again within this many seconds is logged once. */
export const CONSULTATION_WINDOW_SECONDS = 60;

/** JSON-safe copy: dates to ISO strings, secrets never included by callers. */
const plain = (value: unknown): unknown => (value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown));

export interface Disclosure {
  action?: 'record.download' | 'record.export' | 'audit.export' | undefined;
  entityType?: string | null | undefined;
  entityId?: string | null | undefined;
  partnershipId?: number | null | undefined;
  details?: unknown;
}

export interface AuditOptions {
  /** The channel of entries whose actor came from no request: 'cli' in the saferhub command. */
  defaultChannel?: AuditChannel | null | undefined;
}

/**
 * The audit log. Every change is written to it in the same transaction as the change; every consultation
 * (a record read on a page or through the API) and disclosure (a download or export) as it happens, with the
 * channel and the client's address the actor's request carries.
 */
export function createAuditService(db: Db, options: AuditOptions = {}) {
  const originOf = (actor: Actor) => ({
    channel: actor.origin?.channel ?? options.defaultChannel ?? null,
    clientAddress: actor.origin?.address ?? null,
  });

  /** The record a read names: the route's (for example `risk` 12), else what the record check was told. */
  const recordRead = (actor: Actor, what: string, partnershipId: number | null) => {
    const record = actor.origin?.record;
    if (record) return { entityType: record.type, entityId: record.id };
    return { entityType: what, entityId: what === 'partnership' && partnershipId !== null ? String(partnershipId) : null };
  };

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
        ...originOf(actor),
      });
    },

    /**
     * A consultation: the actor's request reads a record of `partnershipId` (called by the record check when
     * it lets a read through). Only reads by a person on a page or through the API are logged here, and once
     * a minute per person, record and channel; downloads are logged whole by `disclosed`.
     */
    async consulted(actor: Actor, partnershipId: number | null, what: string) {
      const origin = actor.origin;
      if (!origin?.reading || actor.userId === null || (origin.channel !== 'page' && origin.channel !== 'api')) return;
      await insertUnlessRecent(
        db,
        {
          userId: actor.userId,
          agencyId: actor.agencyId,
          action: 'record.view',
          ...recordRead(actor, what, partnershipId),
          partnershipId,
          details: origin.path ? { path: origin.path } : null,
          requestId: actor.requestId ?? null,
          ...originOf(actor),
        },
        CONSULTATION_WINDOW_SECONDS,
      );
    },

    /**
     * A disclosure: a download, feed or report given to the actor (`record.download`), or an export made at
     * the command line (`record.export`). Every one is logged, however often.
     */
    async disclosed(actor: Actor, event: Disclosure) {
      await insertAudit(db, {
        userId: actor.userId,
        agencyId: actor.agencyId,
        action: event.action ?? 'record.download',
        entityType: event.entityType ?? null,
        entityId: event.entityId ?? null,
        partnershipId: event.partnershipId ?? null,
        details: plain(event.details),
        requestId: actor.requestId ?? null,
        ...originOf(actor),
      });
    },

    list: (filter: AuditFilter) => listAudit(db, filter),

    /** Every entry matching the filter, newest first, a page at a time (for the CSV export). */
    async *each(filter: Omit<AuditFilter, 'limit' | 'offset' | 'beforeId'>, pageSize = 1000): AsyncGenerator<AuditRow> {
      let beforeId: number | undefined;
      for (;;) {
        const { rows, hasMore } = await listAudit(db, { ...filter, beforeId, limit: pageSize, offset: 0 });
        yield* rows;
        if (!hasMore || rows.length === 0) return;
        beforeId = rows[rows.length - 1]!.id;
      }
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
