import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../lib/errors.js';
import { downloadName } from '../../lib/csv.js';
import { areaProfileCsv, hotspotCsv } from './downloads.js';
import { displayNumber } from './figures.js';
import { formatChange } from './statistics/index.js';
import '../../web/types.js';

const q = z.object({
  area: z.string().max(20).optional(),
  period: z.string().max(20).optional(),
  benchmark: z.string().max(20).optional(),
  view: z.enum(['published', 'analyst']).optional(),
  crime: z.string().max(60).optional(),
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
});
const keyParams = z.object({ key: z.string().min(1).max(120) });
const codeParams = z.object({ code: z.string().min(1).max(20) });

function parseQuery(query: unknown) {
  const parsed = q.safeParse(query);
  if (!parsed.success)
    throw new ValidationError(
      parsed.error.issues.map((i) => ({
        field: String(i.path[0] ?? 'query'),
        message: `Check the ${String(i.path[0] ?? 'query')} in the address`,
      })),
    );
  return parsed.data;
}

const helpers = { num: displayNumber, change: formatChange };

const csv = (reply: FastifyReply, name: string, body: string) =>
  reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${downloadName(name)}"`)
    .send(body);

/** Evidence pages: public statistics, readable by any signed-in user (see docs/evidence.md). */
export async function evidenceRoutes(app: FastifyInstance) {
  const svc = app.services.evidenceReports;

  app.get('/evidence', { config: { permission: 'signed-in' } }, async (_request, reply) =>
    reply.view('evidence/views/evidence.njk', { title: 'Evidence', ...(await svc.overview()) }),
  );

  app.get('/evidence/indicators/:key', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const { key } = keyParams.parse(request.params);
    const page = await svc.indicatorPage(request.actor, key, parseQuery(request.query));
    return reply.view('evidence/views/indicator.njk', { title: `${page.indicator.name}: ${page.area.name}`, ...page, ...helpers });
  });

  app.get('/evidence/areas/:code', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const { code } = codeParams.parse(request.params);
    const page = await svc.areaProfile(request.actor, code, parseQuery(request.query));
    return reply.view('evidence/views/area.njk', { title: `${page.area.name}: area profile, ${page.period}`, ...page, ...helpers });
  });

  app.get('/evidence/areas/:code/profile.csv', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const { code } = codeParams.parse(request.params);
    const page = await svc.areaProfile(request.actor, code, parseQuery(request.query));
    return csv(reply, `${page.area.name}-profile-${page.period}`, areaProfileCsv(page));
  });

  app.get('/evidence/hotspots.csv', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const page = await svc.hotspotMap(request.actor, parseQuery(request.query));
    return csv(reply, `${page.area.name}-${page.crime}-${page.from}-${page.to}`, hotspotCsv(page));
  });

  app.get('/evidence/hotspots', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const page = await svc.hotspotMap(request.actor, parseQuery(request.query));
    return reply.view('evidence/views/hotspot.njk', { title: `Ward hotspots: ${page.crimeName}, ${page.area.name}`, ...page, ...helpers });
  });
}
