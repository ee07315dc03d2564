import type { FastifyInstance } from 'fastify';
import { toFieldErrors } from '../../lib/validation.js';
import { presentErrors } from '../../web/forms.js';
import { kindNames, groupByKind } from './presenters.js';
import { searchLink, searchPageQuery } from './inputs.js';
import '../../web/types.js';

/** The search page: a GET form (it works without JavaScript and its address can be shared), results by kind. */
export function searchPages(app: FastifyInstance) {
  const svc = app.services.search;

  app.get('/search', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const parsed = searchPageQuery.safeParse(request.query);
    if (!parsed.success) {
      const raw = (request.query as { q?: unknown }).q;
      return reply.view('search/views/search.njk', {
        title: 'Search',
        q: typeof raw === 'string' ? raw : '',
        answer: null,
        ...presentErrors(toFieldErrors(parsed.error)),
      });
    }
    const input = parsed.data;
    const answer = await svc.search(request.actor, input);
    const pages = Math.ceil(answer.total / answer.pageSize);
    return reply.view('search/views/search.njk', {
      title: input.q ? `Search results for ‘${input.q}’` : 'Search',
      q: input.q,
      answer,
      groups: groupByKind(answer.results),
      kinds: answer.counts.map((c) => ({
        ...c,
        name: kindNames[c.kind].group,
        href: searchLink(input.q, c.kind),
        current: c.kind === input.kind,
      })),
      allHref: searchLink(input.q, undefined),
      kindName: input.kind ? kindNames[input.kind].group.toLowerCase() : null,
      first: answer.total ? (answer.page - 1) * answer.pageSize + 1 : 0,
      last: Math.min(answer.page * answer.pageSize, answer.total),
      previous: answer.page > 1 ? searchLink(input.q, input.kind, answer.page - 1) : null,
      next: answer.page < pages ? searchLink(input.q, input.kind, answer.page + 1) : null,
    });
  });
}
