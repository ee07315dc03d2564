/**
 * The search module's public surface: full-text search over the records of the other modules (reading
 * their tables through their schema.ts, in repository.ts only), within what the caller may see.
 *
 * policy.ts: what is found and by whom; presenters.ts: titles, links and highlighted snippets;
 * repository.ts: the SQL (its documents match the GIN indexes of migration 0700_search.sql);
 * service.ts: one search; routes.ts: the /search page; api.ts: GET /api/v1/search.
 */
import type { FastifyInstance } from 'fastify';
import { searchApi } from './api.js';
import { searchPages } from './routes.js';

export { createSearchService, type SearchService } from './service.js';
export { searchKinds, type SearchKind } from './policy.js';

type Done = (error?: Error) => void;

/** The search page. */
export function searchRoutes(app: FastifyInstance, _options: unknown, done: Done) {
  searchPages(app);
  done();
}

/** The search API, under /api/v1. */
export function searchApiRoutes(app: FastifyInstance, _options: unknown, done: Done) {
  searchApi(app);
  done();
}
