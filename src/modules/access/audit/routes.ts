import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csvLine } from '../../../lib/csv.js';
import { envelope, errorResponses } from '../../../web/api.js';
import { auditChannels } from '../actor.js';
import { auditCsvCells, auditCsvHeader, auditEntryJson, auditRow } from '../presenters.js';
import { auditApiFilter, auditApiQuery, auditCsvLink, auditFilter, auditPageLink, auditQuery } from './inputs.js';
import '../../../web/types.js';

const PAGE_SIZE = 50;

const channelNames: Record<string, string> = {
  page: 'Page',
  api: 'API',
  cli: 'Command line',
  download: 'Download',
  report: 'Report',
};

const auditEntrySchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actor: z.object({ id: z.number().int(), name: z.string().nullable() }).nullable(),
  agency: z.string().nullable(),
  action: z.string(),
  entity: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  partnershipId: z.number().int().nullable(),
  channel: z.string().nullable(),
  clientAddress: z.string().nullable(),
  requestId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  details: z.unknown(),
});

/**
 * The audit log for administrators: the page (filtered by person, agency, record, channel and date, a page at
 * a time), the same filters as a CSV download (itself logged as a disclosure), and `GET /api/v1/audit`.
 */
export function auditPages(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { access, audit, partnerships } = app.services;

  app.get('/audit', { config: { permission: 'admin' } }, async (request, reply) => {
    const q = auditQuery.parse(request.query);
    const { rows, hasMore } = await audit.list(auditFilter(q, PAGE_SIZE));
    const [users, agencies] = await Promise.all([access.listUsers(), partnerships.listAgencies()]);
    return reply.view('access/audit/views/audit.njk', {
      title: 'Audit log',
      rows: rows.map((r) => ({ ...auditRow(r), channelName: r.channel ? (channelNames[r.channel] ?? r.channel) : '' })),
      users,
      agencies,
      channels: auditChannels.map((c) => ({ value: c, text: channelNames[c] ?? c })),
      filter: q,
      csvLink: auditCsvLink(q),
      pageNumber: q.page,
      previous: q.page > 1 ? auditPageLink(q, q.page - 1) : null,
      next: hasMore ? auditPageLink(q, q.page + 1) : null,
    });
  });

  app.get('/audit.csv', { config: { permission: 'admin', disclosureLogged: true } }, async (request, reply) => {
    const q = auditQuery.parse(request.query);
    const { limit: _limit, offset: _offset, ...filter } = auditFilter(q, 1);
    // The export is a disclosure of the log itself: logged, with its filters, before a line is sent.
    await audit.disclosed(request.actor, {
      action: 'audit.export',
      entityType: 'audit_log',
      details: {
        filter: {
          user: q.user ?? null,
          agency: q.agency ?? null,
          entity: q.entity ?? null,
          channel: q.channel ?? null,
          from: q.from ?? null,
          to: q.to ?? null,
        },
      },
    });
    async function* lines() {
      yield `${csvLine(auditCsvHeader)}\r\n`;
      for await (const row of audit.each(filter)) yield `${csvLine(auditCsvCells(row))}\r\n`;
    }
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-log-${day}.csv"`)
      .send(Readable.from(lines()));
  });

  app.get(
    '/api/v1/audit',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log (administrators): by person, record, channel and time, newest first',
        querystring: auditApiQuery,
        response: { 200: envelope(z.array(auditEntrySchema)).extend({ hasMore: z.boolean() }), ...errorResponses },
      },
    },
    async (request) => {
      const filter = auditApiFilter(request.query);
      const { rows, hasMore } = await audit.list(filter);
      return { data: rows.map(auditEntryJson), hasMore };
    },
  );
}
