import type { FastifyInstance } from 'fastify';
import { auditRow } from '../presenters.js';
import { auditFilter, auditPageLink, auditQuery } from './inputs.js';
import '../../../web/types.js';

const PAGE_SIZE = 50;

/** The audit log page, for administrators: who did what, filtered by user, agency and date. */
export function auditPages(app: FastifyInstance) {
  const { access, audit, partnerships } = app.services;

  app.get('/audit', { config: { permission: 'admin' } }, async (request, reply) => {
    const q = auditQuery.parse(request.query);
    const { rows, hasMore } = await audit.list(auditFilter(q, PAGE_SIZE));
    const [users, agencies] = await Promise.all([access.listUsers(), partnerships.listAgencies()]);
    return reply.view('access/audit/views/audit.njk', {
      title: 'Audit log',
      rows: rows.map(auditRow),
      users,
      agencies,
      filter: q,
      previous: q.page > 1 ? auditPageLink(q, q.page - 1) : null,
      next: hasMore ? auditPageLink(q, q.page + 1) : null,
    });
  });
}
