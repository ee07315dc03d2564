/** The ward hotspot map page (its CSV download is with the other downloads, in exports/routes.ts). */
import type { FastifyInstance } from 'fastify';
import { parsePageQuery } from '../inputs.js';
import { pageHelpers } from '../presenters.js';
import '../../../web/types.js';

export function mapRoutes(app: FastifyInstance) {
  const svc = app.services.evidenceReports;

  app.get('/evidence/hotspots', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const page = await svc.hotspotMap(request.actor, parsePageQuery(request.query));
    return reply.view('evidence/maps/views/hotspot.njk', {
      title: `Ward hotspots: ${page.crimeName}, ${page.area.name}`,
      ...page,
      ...pageHelpers,
    });
  });
}
