/**
 * The catalogue's pages: the indicator list, how the figures are worked out, an indicator's page and an area's
 * profile (see docs/evidence.md).
 */
import type { FastifyInstance } from 'fastify';
import { codeParams, keyParams, parsePageQuery } from '../inputs.js';
import { pageHelpers } from '../presenters.js';
import '../../../web/types.js';

/** Public statistics, readable by any signed-in user; which figures they see is the service's (policy.ts). */
export function catalogueRoutes(app: FastifyInstance) {
  const svc = app.services.evidenceReports;

  app.get('/evidence', { config: { permission: 'signed-in' } }, async (_request, reply) =>
    reply.view('evidence/catalogue/views/evidence.njk', { title: 'Evidence', ...(await svc.overview()) }),
  );

  app.get('/evidence/methods', { config: { permission: 'signed-in' } }, async (_request, reply) =>
    reply.view('evidence/catalogue/views/methods.njk', { title: 'How the figures are worked out', ...svc.methods() }),
  );

  app.get('/evidence/indicators/:key', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const { key } = keyParams.parse(request.params);
    const page = await svc.indicatorPage(request.actor, key, parsePageQuery(request.query));
    return reply.view('evidence/catalogue/views/indicator.njk', {
      title: `${page.indicator.name}: ${page.area.name}`,
      ...page,
      ...pageHelpers,
    });
  });

  app.get('/evidence/areas/:code', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const { code } = codeParams.parse(request.params);
    const page = await svc.areaProfile(request.actor, code, parsePageQuery(request.query));
    return reply.view('evidence/catalogue/views/area.njk', {
      title: `${page.area.name}: area profile, ${page.period}`,
      ...page,
      ...pageHelpers,
    });
  });
}
