import { z } from 'zod';
import { MAX_QUERY_LENGTH, searchKinds } from './policy.js';

/** What to search for: the words (`q`), optionally one kind of record, and the page. */
export const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .max(MAX_QUERY_LENGTH, `Search words must be ${MAX_QUERY_LENGTH} characters or fewer`)
    .default('')
    .describe('The words to look for; phrases in "double quotes", -word to leave a word out'),
  kind: z.enum(searchKinds).optional().describe('Only records of this kind'),
  page: z.coerce.number().int().min(1).max(10_000).default(1).describe('The page of results, 20 to a page'),
});
export type SearchQuery = z.output<typeof searchQuery>;

/** The page's own reading of its address: a kind or page that does not parse is ignored, not refused. */
export const searchPageQuery = searchQuery.extend({
  kind: searchQuery.shape.kind.catch(undefined),
  page: searchQuery.shape.page.catch(1),
});

/** The address of the search page for these words, kind and page. */
export function searchLink(q: string, kind: string | undefined, page = 1) {
  const params = new URLSearchParams({ q });
  if (kind) params.set('kind', kind);
  if (page > 1) params.set('page', String(page));
  return `/search?${params.toString()}`;
}
