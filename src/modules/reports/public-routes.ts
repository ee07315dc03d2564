/**
 * The public pages (permission `public`, no sign-in, no JavaScript needed): the partnerships that publish,
 * each one's plan summary and published reports to download. Nothing else is reachable signed out.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, parseInput } from '../../lib/validation.js';
import { kindParams, reportPeriod } from './inputs.js';
import { sendReport } from './routes.js';
import { reportFormats } from './schema.js';
import '../../web/types.js';

const idParams = z.object({ id: idParam });
const fileQuery = z.object({
  period: z.string().max(20).optional(),
  version: z.coerce.number().int().positive().max(100_000),
  format: z.enum(reportFormats).default('pdf'),
});

export function publicRoutes(app: FastifyInstance, _options: unknown, done: (error?: Error) => void) {
  const reports = app.services.reports;
  const open = { config: { permission: 'public' as const } };

  app.get('/public', open, async (_request, reply) => {
    const partnerships = await reports.publicIndex();
    return reply.view('reports/views/public-index.njk', { title: 'Published by community safety partnerships', partnerships });
  });

  app.get('/public/partnerships/:id', { ...open, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await reports.publicPartnership(id);
    return reply.view('reports/views/public-partnership.njk', { title: view.partnership.name, ...view });
  });

  app.get('/public/partnerships/:id/reports/:kind', { ...open, schema: { params: kindParams } }, async (request, reply) => {
    const { id, kind } = kindParams.parse(request.params);
    const q = parseInput(fileQuery, request.query);
    return sendReport(reply, await reports.publicDownload(id, kind, reportPeriod(kind, q.period), q.version, q.format));
  });
  done();
}
