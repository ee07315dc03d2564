import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';
import './types.js';

/** Whether the database answers a trivial query within the time allowed. */
async function databaseAnswers(db: Db, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = queryRows<{ ok: number }>(db, sql`select 1 as ok`).then(
    (rows) => Number(rows[0]?.ok) === 1,
    () => false,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

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

  // For load balancers and monitoring: 200 when the database answers (within two seconds), else 503.
  app.get('/healthz', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const database = await databaseAnswers(app.services.database.db);
    reply.header('cache-control', 'no-store');
    return database
      ? reply.status(200).send({ status: 'ok', database: 'ok' })
      : reply.status(503).send({ status: 'unavailable', database: 'unavailable' });
  });
}
