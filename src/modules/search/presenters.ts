/**
 * What search shows: a match becomes a kind, a title, a link and a snippet. The snippet is the record's own
 * text with the query's words marked; it is split into plain pieces so that pages print every piece
 * escaped (Nunjucks' autoescape, `<mark>` around matched words), and the API gets it as HTML in which
 * everything is escaped except the `<mark>` elements.
 */
import { escapeXml } from '../../web/svg.js';
import { isPeriodKey, parsePeriod } from '../../lib/periods.js';
import { HIGHLIGHT_END, HIGHLIGHT_START, searchKinds, type SearchKind } from './policy.js';
import type { MatchRow } from './repository.js';

/** Each kind's name for one record and for its group of results. */
export const kindNames: Record<SearchKind, { one: string; group: string }> = {
  action: { one: 'Plan action', group: 'Plan actions' },
  update: { one: 'Progress update', group: 'Progress updates' },
  priority: { one: 'Priority', group: 'Priorities' },
  minutes: { one: 'Minutes', group: 'Minutes' },
  decision: { one: 'Decision', group: 'Decisions' },
  arising: { one: 'Action arising', group: 'Actions arising' },
  risk: { one: 'Risk', group: 'Risks' },
  partnership: { one: 'Partnership', group: 'Partnerships' },
  agency: { one: 'Agency', group: 'Agencies' },
  indicator: { one: 'Indicator', group: 'Indicators' },
};

/** A piece of a snippet: text, marked when it matched the query. */
export interface SnippetPiece {
  text: string;
  mark: boolean;
}

export interface SearchResult {
  kind: SearchKind;
  title: string;
  url: string;
  /** Where the record sits (its plan, meeting, partnership…), or null. */
  context: string | null;
  pieces: SnippetPiece[];
}

const TITLE_LENGTH = 140;
const shorten = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > TITLE_LENGTH ? `${one.slice(0, TITLE_LENGTH - 1).trimEnd()}…` : one;
};

/**
 * Splits ts_headline's answer at its marks. Text between a start and an end mark is marked; a mark out of
 * place (for example one typed into a record) is dropped and never changes what is escaped.
 */
export function snippetPieces(headline: string): SnippetPiece[] {
  const pieces: SnippetPiece[] = [];
  let mark = false;
  let text = '';
  const flush = () => {
    if (text) pieces.push({ text, mark });
    text = '';
  };
  for (const ch of headline.replace(/\s+/g, ' ').trim()) {
    if (ch === HIGHLIGHT_START || ch === HIGHLIGHT_END) {
      flush();
      mark = ch === HIGHLIGHT_START;
    } else text += ch;
  }
  flush();
  return pieces;
}

/** The snippet as HTML for the API: every piece escaped, matched words in `<mark>`. */
export const snippetHtml = (pieces: readonly SnippetPiece[]) =>
  pieces.map((p) => (p.mark ? `<mark>${escapeXml(p.text)}</mark>` : escapeXml(p.text))).join('');

function urlOf(row: MatchRow): string {
  const id = encodeURIComponent(row.ref);
  switch (row.kind) {
    case 'action':
      return `/plan-actions/${id}`;
    case 'update':
      return `/rounds/${encodeURIComponent(row.parent ?? '')}/actions/${id}`;
    case 'priority':
      return `/priorities/${id}`;
    case 'minutes':
    case 'decision':
      return `/meetings/${id}`;
    case 'arising':
      return `/actions/${id}`;
    case 'risk':
      return `/risks/${id}`;
    case 'partnership':
      return `/partnerships/${id}`;
    case 'agency':
      return `/agencies/${id}`;
    case 'indicator':
      return `/evidence/indicators/${id}`;
  }
}

function contextOf(row: MatchRow): string | null {
  if (!row.context) return null;
  if (row.kind === 'update') return `Update for ${isPeriodKey(row.context) ? parsePeriod(row.context).label : row.context}`;
  return row.context;
}

export const presentMatch = (row: MatchRow): SearchResult => ({
  kind: row.kind,
  title: shorten(row.title),
  url: urlOf(row),
  context: contextOf(row),
  pieces: snippetPieces(row.headline),
});

/** The API's view of a result: `{ kind, title, url, snippet }`, the snippet as escaped HTML with `<mark>`. */
export const resultJson = (r: SearchResult) => ({ kind: r.kind, title: r.title, url: r.url, snippet: snippetHtml(r.pieces) });

/** Results in groups of one kind each, in `searchKinds` order (the order the repository returns them). */
export function groupByKind(results: readonly SearchResult[]) {
  return searchKinds
    .map((kind) => ({ kind, name: kindNames[kind].group, results: results.filter((r) => r.kind === kind) }))
    .filter((g) => g.results.length > 0);
}
