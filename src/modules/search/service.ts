/**
 * Search: finds the records the caller may see that match their words, a page at a time, grouped by kind.
 * Visibility is the access policy's (`visiblePartnershipIds`), the same one every page applies.
 */
import type { Db } from '../../db/database.js';
import type { Actor, Policy } from '../access/index.js';
import { kindsToSearch, PAGE_SIZE, searchKinds, type SearchKind } from './policy.js';
import { presentMatch, type SearchResult } from './presenters.js';
import { countByKind, searchPage } from './repository.js';
import type { SearchQuery } from './inputs.js';

export interface SearchAnswer {
  query: string;
  kind: SearchKind | undefined;
  page: number;
  pageSize: number;
  /** Matches across the kinds searched (only the chosen kind when one is). */
  total: number;
  /** Matches of each kind, whichever kind is chosen, for the page's list of kinds. */
  counts: { kind: SearchKind; count: number }[];
  results: SearchResult[];
}

export function createSearchService(db: Db, policy: Policy) {
  return {
    async search(actor: Actor, input: SearchQuery): Promise<SearchAnswer> {
      const empty: SearchAnswer = {
        query: input.q,
        kind: input.kind,
        page: input.page,
        pageSize: PAGE_SIZE,
        total: 0,
        counts: [],
        results: [],
      };
      if (!input.q) return empty;
      const visible = await policy.visiblePartnershipIds(actor);
      const counted = await countByKind(db, input.q, kindsToSearch(visible), visible);
      const counts = searchKinds.filter((k) => counted.has(k)).map((kind) => ({ kind, count: counted.get(kind)! }));
      const kinds = kindsToSearch(visible, input.kind);
      const total = kinds.reduce((sum, k) => sum + (counted.get(k) ?? 0), 0);
      if (total === 0) return { ...empty, counts };
      const rows = await searchPage(db, input.q, kinds, visible, PAGE_SIZE, (input.page - 1) * PAGE_SIZE);
      return { ...empty, total, counts, results: rows.map(presentMatch) };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
