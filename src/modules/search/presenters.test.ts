import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_END as E, HIGHLIGHT_START as S, kindsToSearch, searchKinds } from './policy.js';
import { groupByKind, presentMatch, snippetHtml, snippetPieces } from './presenters.js';

describe('search snippets', () => {
  it('marks only the words between the highlight marks and escapes everything else', () => {
    const pieces = snippetPieces(`Rates <b>rose</b> & ${S}burglaries${E} "fell" in ${S}Bitterne${E}`);
    expect(pieces).toEqual([
      { text: 'Rates <b>rose</b> & ', mark: false },
      { text: 'burglaries', mark: true },
      { text: ' "fell" in ', mark: false },
      { text: 'Bitterne', mark: true },
    ]);
    expect(snippetHtml(pieces)).toBe(
      'Rates &lt;b&gt;rose&lt;/b&gt; &amp; <mark>burglaries</mark> &quot;fell&quot; in <mark>Bitterne</mark>',
    );
  });

  it('drops a mark out of place instead of trusting it', () => {
    expect(snippetHtml(snippetPieces(`a ${E}b${S}`))).toBe('a b');
    expect(snippetHtml(snippetPieces(`${S}<img src=x onerror=alert(1)>${E}`))).toBe('<mark>&lt;img src=x onerror=alert(1)&gt;</mark>');
  });
});

describe('search results', () => {
  it('links each kind to its page and groups results by kind in a fixed order', () => {
    const row = (kind: (typeof searchKinds)[number], ref: string, parent: string | null = null) =>
      presentMatch({ kind, ref, parent, title: `${kind} ${ref}`, context: kind === 'update' ? '2021/22-Q2' : null, headline: 'x' });
    const results = [row('indicator', 'crime:burglary'), row('update', '7', '3'), row('risk', '4'), row('action', '2')];
    expect(results.map((r) => r.url)).toEqual([
      '/evidence/indicators/crime%3Aburglary',
      '/rounds/3/actions/7',
      '/risks/4',
      '/plan-actions/2',
    ]);
    expect(results[1]!.context).toBe('Update for 2021/22 Q2 (July to September 2021)');
    expect(groupByKind(results).map((g) => g.name)).toEqual(['Plan actions', 'Progress updates', 'Risks', 'Indicators']);
  });

  it('searches only agencies and indicators for someone in no partnership', () => {
    expect(kindsToSearch([])).toEqual(['agency', 'indicator']);
    expect(kindsToSearch([], 'risk')).toEqual([]);
    expect(kindsToSearch([3], 'risk')).toEqual(['risk']);
    expect(kindsToSearch('all')).toEqual(searchKinds);
  });
});
