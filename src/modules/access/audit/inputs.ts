import { z } from 'zod';
import { idParam } from '../../../lib/validation.js';
import { auditChannels } from '../actor.js';
import type { AuditFilter } from './repository.js';

/** The audit page's filters: anything that does not parse is ignored rather than refused. */

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/** A record: its type alone (`risk`), or its type and id (`risk:12`, `partnership:3`). */
const ENTITY = /^([a-z][a-z_]{0,39})(?::([A-Za-z0-9_.-]{1,40}))?$/;

const entityText = z.string().trim().regex(ENTITY).optional().catch(undefined);

export const auditQuery = z.object({
  user: idParam.optional().catch(undefined),
  agency: idParam.optional().catch(undefined),
  entity: entityText,
  channel: z.enum(auditChannels).optional().catch(undefined),
  from: isoDay,
  to: isoDay,
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type AuditQuery = z.output<typeof auditQuery>;

export function parseEntity(text: string | undefined): AuditFilter['entity'] {
  const m = text ? ENTITY.exec(text) : null;
  return m ? { type: m[1]!, id: m[2] } : undefined;
}

/** The filters as the audit log's query takes them: whole days (UTC), from midnight to the last millisecond. */
export const auditFilter = (q: AuditQuery, limit: number): AuditFilter => ({
  userId: q.user,
  agencyId: q.agency,
  entity: parseEntity(q.entity),
  channel: q.channel,
  from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
  to: q.to ? new Date(`${q.to}T23:59:59.999Z`) : undefined,
  limit,
  offset: (q.page - 1) * limit,
});

/** The filters as query parameters (no page). */
export function auditParams(q: AuditQuery) {
  const params = new URLSearchParams();
  if (q.user) params.set('user', String(q.user));
  if (q.agency) params.set('agency', String(q.agency));
  if (q.entity) params.set('entity', q.entity);
  if (q.channel) params.set('channel', q.channel);
  if (q.from) params.set('from', q.from);
  if (q.to) params.set('to', q.to);
  return params;
}

/** The address of another page of the audit log with the same filters. */
export const auditPageLink = (q: AuditQuery, page: number) =>
  `/audit?${new URLSearchParams([...auditParams(q), ['page', String(page)]]).toString()}`;

/** The CSV of every entry matching the same filters. */
export const auditCsvLink = (q: AuditQuery) => {
  const params = auditParams(q).toString();
  return params ? `/audit.csv?${params}` : '/audit.csv';
};

/** `GET /api/v1/audit`: refused with a 400 naming the parameter when it does not parse. */
export const auditApiQuery = z.object({
  actor: idParam.optional().describe('Only entries by this user (id)'),
  entity: z
    .string()
    .trim()
    .regex(ENTITY, 'must be a record type, or type:id, like risk:12 or partnership:3')
    .optional()
    .describe('Only entries about this record: type, or type:id (partnership:3 also finds everything within partnership 3)'),
  channel: z.enum(auditChannels).optional().describe('Only entries made through this channel'),
  since: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('Only entries at or after this time (ISO 8601)'),
  until: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('Only entries before this time (ISO 8601)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type AuditApiQuery = z.output<typeof auditApiQuery>;

/** A date alone counts as midnight UTC. */
const instant = (text: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);

export const auditApiFilter = (q: AuditApiQuery): AuditFilter => ({
  userId: q.actor,
  entity: parseEntity(q.entity),
  channel: q.channel,
  from: q.since ? instant(q.since) : undefined,
  to: q.until ? new Date(instant(q.until).getTime() - 1) : undefined,
  limit: q.limit,
  offset: q.offset,
});
