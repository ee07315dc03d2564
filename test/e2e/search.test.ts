/**
 * Search in a real browser on the demo: the header's search box, results grouped by kind with the words
 * marked, a kind chosen, and a search that must not reveal a record of a partnership the user cannot see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { signIn, signOut } from './pages/sign-in.js';

/** Searches with the search box in the page's header. */
async function searchFromHeader(page: Page, words: string) {
  await page.getByRole('searchbox', { name: 'Search SaferHub' }).fill(words);
  await page.getByRole('search', { name: 'SaferHub' }).getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/\/search\?q=/);
}

describe('search, in the browser', () => {
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
  });
  afterAll(async () => close?.());

  it('finds a Safer North Hampshire meeting’s records from the header box, grouped by kind', async () => {
    await signIn(page, 'officer@rushmoor.example');
    await page.goto('/partnerships');
    await searchFromHeader(page, 'garrison');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Search');
    await expect(page.getByRole('heading', { name: 'Agencies', level: 2 }).count()).resolves.toBe(1);
    await expect(page.locator('#result-count').textContent()).resolves.toMatch(/Showing 1 to \d+ of \d+ results for ‘garrison’/);
    await expect(page.getByRole('heading', { name: 'Actions arising', level: 2 }).count()).resolves.toBe(1);
    await expect(page.locator('.saferhub-search-result mark').first().textContent()).resolves.toMatch(/^garrison/i);
    await expectNoAxeViolations(page);

    // One kind at a time, then back to the record itself.
    await page
      .getByRole('navigation', { name: 'Kinds of result' })
      .getByRole('link', { name: /^Actions arising/ })
      .click();
    await expect(page.locator('#result-count').textContent()).resolves.toMatch(/of \d+ actions arising for ‘garrison’/);
    await page.locator('.saferhub-search-result a').first().click();
    await page.waitForURL(/\/actions\/\d+$/);
    await expect(page.locator('main').textContent()).resolves.toMatch(/garrison/i);
  });

  it('does not reveal that record to someone outside Safer North Hampshire, and explains a query that is too long', async () => {
    await signOut(page);
    await signIn(page, 'coordinator@southampton.example');
    await searchFromHeader(page, 'garrison');
    // Only the agency of that name, which everyone may see: nothing of the meeting.
    const headings = await page.locator('main h2.govuk-heading-m').allTextContents();
    expect(headings).toEqual(['Agencies']);
    await expect(page.locator('main').textContent()).resolves.not.toMatch(/Actions arising|Minutes|Decisions|Overview and scrutiny/);
    await expectNoAxeViolations(page);

    await page.goto(`/search?q=${'burglary '.repeat(30)}`);
    await expect(page.title()).resolves.toMatch(/^Error: Search/);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Search words must be 200 characters or fewer');
    await expectNoAxeViolations(page);
  });

  it('works without JavaScript', async () => {
    const plain = await openBrowser({ javaScriptEnabled: false });
    try {
      await signIn(plain.page, 'officer@rushmoor.example');
      await searchFromHeader(plain.page, 'garrisons');
      await expect(plain.page.locator('#result-count').textContent()).resolves.toMatch(/results for ‘garrisons’/);
      await expect(plain.page.getByRole('heading', { name: 'Actions arising', level: 2 }).count()).resolves.toBe(1);
    } finally {
      await plain.close();
    }
  });
});
