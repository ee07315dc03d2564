import { z } from 'zod';
import { idParam } from '../../../lib/validation.js';

/** The audit page's filters: anything that does not parse is ignored rather than refused. */

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

export const auditQuery = z.object({
  user: idParam.optional().catch(undefined),
  agency: idParam.optional().catch(undefined),
  from: isoDay,
  to: isoDay,
  page: z.coerce.number().int().min(1).default(1).catch(1),
});
export type AuditQuery = z.output<typeof auditQuery>;

/** The filters as the audit log's query takes them: whole days (UTC), from midnight to the last millisecond. */
export const auditFilter = (q: AuditQuery, limit: number) => ({
  userId: q.user,
  agencyId: q.agency,
  from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
  to: q.to ? new Date(`${q.to}T23:59:59.999Z`) : undefined,
  limit,
  offset: (q.page - 1) * limit,
});

/** The address of another page of the audit log with the same filters. */
export function auditPageLink(q: AuditQuery, page: number) {
  const params = new URLSearchParams();
  if (q.user) params.set('user', String(q.user));
  if (q.agency) params.set('agency', String(q.agency));
  if (q.from) params.set('from', q.from);
  if (q.to) params.set('to', q.to);
  return `/audit?${new URLSearchParams([...params, ['page', String(page)]]).toString()}`;
}
