/**
 * Search's rules, pure (no database): what can be found, by whom, and how a query is shaped.
 *
 * Search shows only what the pages would: records bound to a partnership (plans and their actions,
 * updates and priorities; meetings' minutes, decisions and actions arising; risks; the partnerships
 * themselves) are found only within the partnerships the access policy lets the caller see (any role
 * reads them all); agencies and indicators are reference data that every signed-in person reads.
 */

/** The kinds of record search finds, in the order results are grouped. */
export const searchKinds = [
  'action',
  'update',
  'priority',
  'minutes',
  'decision',
  'arising',
  'risk',
  'partnership',
  'agency',
  'indicator',
] as const;
export type SearchKind = (typeof searchKinds)[number];

/** Kinds every signed-in person may find, whatever their partnerships. */
export const referenceKinds: readonly SearchKind[] = ['agency', 'indicator'];

/**
 * The kinds worth searching for someone who sees `visible` partnerships: with none, only reference data.
 * `kind` narrows the search to one kind.
 */
export const kindsToSearch = (visible: number[] | 'all', kind?: SearchKind): readonly SearchKind[] => {
  const open = visible === 'all' || visible.length > 0 ? searchKinds : referenceKinds;
  return kind ? open.filter((k) => k === kind) : open;
};

/** Results on one page of search. */
export const PAGE_SIZE = 20;

/** The longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 200;

/**
 * The marks ts_headline puts around matched words: private-use characters, which presenters.ts turns into
 * `<mark>` after escaping everything else (a mark in a record's own text is dropped, never trusted).
 */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_END = '\uE001';
