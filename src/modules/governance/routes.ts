import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam } from '../../lib/validation.js';
import { meetingPages } from './meetings/routes.js';
import { minutesPages } from './minutes/routes.js';
import { riskPages } from './risks/routes.js';
import '../../web/types.js';

const idParams = z.object({ id: idParam });
const css = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'views', 'governance.css'), 'utf8');

/** The stylesheet every governance page links, and the governance overview. */
function overviewPages(app: FastifyInstance) {
  app.get('/assets/governance/governance.css', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );

  app.get('/partnerships/:id/governance', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await app.services.governance.overview(request.actor, id);
    return reply.view('governance/views/overview.njk', { title: `Governance – ${view.partnership.name}`, ...view });
  });
}

/** The overview, meetings/ pages (schedule, agenda, attendance, calendars) and minutes/ pages (minutes, decisions, actions). */
export async function meetingRoutes(app: FastifyInstance) {
  await app.register(overviewPages);
  await app.register(meetingPages);
  await app.register(minutesPages);
}

/** The shared risk register's pages (risks/). */
export async function riskRoutes(app: FastifyInstance) {
  await app.register(riskPages);
}
