/** The evidence pages and their downloads, by resource: the catalogue, the ward map and the CSV downloads. */
import type { FastifyInstance } from 'fastify';
import { catalogueRoutes } from './catalogue/routes.js';
import { downloadRoutes } from './exports/routes.js';
import { mapRoutes } from './maps/routes.js';

export function evidenceRoutes(app: FastifyInstance, _options: unknown, done: (error?: Error) => void) {
  catalogueRoutes(app);
  mapRoutes(app);
  downloadRoutes(app);
  done();
}
