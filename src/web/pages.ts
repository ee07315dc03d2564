import type { FastifyInstance } from 'fastify';
import './types.js';

/** Pages that belong to no module: home, accessibility statement, data sources, health check. */
export async function pageRoutes(app: FastifyInstance) {
  app.get('/', { config: { permission: 'public' } }, async (request, reply) => {
    if (!request.user) return reply.view('pages/start.njk', { title: 'SaferHub' });
    const partnerships = await app.services.partnerships.listPartnerships(request.actor);
    return reply.view('pages/home.njk', { title: 'Your partnerships', partnerships });
  });

  app.get('/accessibility', { config: { permission: 'public' } }, async (_request, reply) =>
    reply.view('pages/accessibility.njk', { title: 'Accessibility statement for SaferHub' }),
  );

  app.get('/data-sources', { config: { permission: 'public' } }, async (_request, reply) =>
    reply.view('pages/data-sources.njk', { title: 'Data sources and attribution' }),
  );

  app.get('/healthz', { config: { permission: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
}
