/**
 * The page's typeface everywhere: GOV.UK Frontend sets it on its own classes only, so SaferHub's own markup
 * (the governance tree, the risk heat map) must get it from SaferHub's styles, or the browser draws it in its
 * default serif.
 */
import { describe, expect, it } from 'vitest';
import { signedInAgent, testApp } from './support/app.js';
import { buildPartnership, buildUser } from './support/factories.js';

/** The top-level rules of a stylesheet (rules inside @media and other at-rules are left out), in order. */
function topLevelRules(css: string): { selectors: string[]; body: string }[] {
  const rules: { selectors: string[]; body: string }[] = [];
  let i = 0;
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) break;
    const prelude = text.slice(i, open).trim();
    let depth = 1;
    let j = open + 1;
    while (j < text.length && depth > 0) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}') depth--;
      j++;
    }
    if (!prelude.startsWith('@')) rules.push({ selectors: prelude.split(',').map((s) => s.trim()), body: text.slice(open + 1, j - 1) });
    i = j;
  }
  return rules;
}

/** The font-family a stylesheet's top-level rules give an element matched by `selector` alone (the last one wins). */
function fontFamilyOf(css: string, selector: string): string | null {
  let found: string | null = null;
  for (const rule of topLevelRules(css)) {
    if (!rule.selectors.includes(selector)) continue;
    const family = /(?:^|;)\s*font-family\s*:\s*([^;]+)/.exec(rule.body)?.[1];
    if (family) found = family.replace(/\s+/g, '').toLowerCase();
  }
  return found;
}

describe('the page’s typeface', () => {
  it('is the body text’s for the whole page, the governance tree and the heat map, not the browser’s serif', async () => {
    const app = await testApp();
    const css = (await app.inject({ method: 'GET', url: '/assets/saferhub.css' })).body;
    const governance = (await app.inject({ method: 'GET', url: '/assets/governance/governance.css' })).body;
    const bodyText = fontFamilyOf(css, '.govuk-body');
    expect(bodyText).toBe('arial,sans-serif');
    expect(fontFamilyOf(css, '.govuk-template__body')).toBe(bodyText);
    expect(fontFamilyOf(css, '.saferhub-tree')).toBe(bodyText);
    expect(fontFamilyOf(governance, '.gov-heat')).toBe(bodyText);
  });

  it('is what the tree and the heat map are drawn with: they carry those classes, and the heat map page its stylesheet', async () => {
    const parent = await buildPartnership({ name: 'Typeface County Group' });
    const partnership = await buildPartnership({ name: 'Typeface Partnership', parentId: parent.id });
    const agent = await signedInAgent(await buildUser({ roles: [{ partnership, role: 'coordinator' }] }));
    const page = (await agent.get(`/partnerships/${partnership.id}`)).body;
    expect(page).toMatch(/<div class="saferhub-tree">\s*<ul>[\s\S]*Typeface Partnership/);
    const heat = (await agent.get(`/partnerships/${partnership.id}/risks/heat-map`)).body;
    expect(heat).toContain('<link rel="stylesheet" href="/assets/governance/governance.css">');
    expect(heat).toMatch(/<table class="gov-heat" id="heat-map">/);
  });
});
