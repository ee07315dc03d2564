import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelope, errorResponses } from '../../web/api.js';
import { searchQuery } from './inputs.js';
import { searchKinds } from './policy.js';
import { resultJson } from './presenters.js';
import '../../web/types.js';

const resultSchema = z.object({
  kind: z.enum(searchKinds),
  title: z.string(),
  url: z.string().describe('The page of the record, relative to the service'),
  snippet: z.string().describe('HTML: the record’s text around the matched words, escaped, with the matched words in <mark>'),
});

const metaSchema = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int().describe('Matches across the kinds searched'),
  counts: z.array(z.object({ kind: z.enum(searchKinds), count: z.number().int() })).describe('Matches of each kind'),
});

/** GET /api/v1/search: the same search as the page, for programs. */
export function searchApi(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const svc = app.services.search;

  app.get(
    '/search',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['search'],
        summary: 'Search the records you may see',
        description:
          'Full-text search (English stemming) over plan actions and their updates, priorities, minutes, decisions, actions ' +
          'arising, risks, partnerships, agencies and indicators, within the partnerships the caller may see. Results come ' +
          'grouped by kind (in the order of `kind`’s values), best match first within a kind, 20 to a page.',
        querystring: searchQuery,
        response: { 200: envelope(z.array(resultSchema)).extend({ meta: metaSchema }), ...errorResponses },
      },
    },
    async (request) => {
      const answer = await svc.search(request.actor, request.query);
      return {
        data: answer.results.map(resultJson),
        meta: { page: answer.page, pageSize: answer.pageSize, total: answer.total, counts: answer.counts },
      };
    },
  );
}
