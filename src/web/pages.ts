import type { FastifyInstance } from 'fastify';
import { databaseAnswers } from '../db/health.js';
import './types.js';

/** Pages that belong to no module: home, accessibility statement, data sources, health check. */
export function pageRoutes(app: FastifyInstance, _options: unknown, done: () => void) {
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

  // For load balancers and monitoring: 200 when the database answers (within two seconds), else 503.
  app.get('/healthz', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const database = await databaseAnswers(app.services.database.db);
    reply.header('cache-control', 'no-store');
    return database
      ? reply.status(200).send({ status: 'ok', database: 'ok' })
      : reply.status(503).send({ status: 'unavailable', database: 'unavailable' });
  });
  done();
}
