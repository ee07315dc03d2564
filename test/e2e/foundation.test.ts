import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { PartnershipsPage, SignInPage, errorSummary, heading, signIn } from './pages/index.js';

describe('signing in and browsing the demo partnerships', () => {
  // Each test starts signed out in a browser of its own.
  let page: Page;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ page, close } = await openBrowser());
  });
  afterEach(async () => close?.());

  it('shows the start page and an accessible sign-in form, with errors when the password is wrong', async () => {
    await page.goto('/');
    await expect(heading(page)).resolves.toBe('SaferHub');
    await expectNoAxeViolations(page);
    const form = await SignInPage.open(page);
    await expectNoAxeViolations(page);
    await form.submit('coordinator@southampton.example', 'not the password');
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(errorSummary(page).textContent()).resolves.toContain('The e-mail address or password is not right');
    await expectNoAxeViolations(page);
  });

  it('lets a Southampton coordinator browse Safe City and the county group, but not Safer North Hampshire', async () => {
    await signIn(page, 'coordinator@southampton.example');
    await expect(heading(page)).resolves.toBe('Your partnerships');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Southampton Safe City Partnership' }).first().click();
    await expect(heading(page)).resolves.toBe('Southampton Safe City Partnership');
    await expect(page.locator('#members ~ table, #members ~ .saferhub-table-scroll table').first().textContent()).resolves.toBeTruthy();
    await expect(page.getByText('Southampton Clinical Commissioning Group').count()).resolves.toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    const list = await PartnershipsPage.open(page);
    await expectNoAxeViolations(page);
    const names = await list.names();
    expect(names).toContain('Hampshire Community Safety Strategy Group');
    expect(names).not.toContain('Safer North Hampshire');

    const county = await list.select('Hampshire Community Safety Strategy Group');
    const tree = await county.tree.textContent();
    expect(tree).toContain('Hampshire Domestic Abuse Forum');
    expect(tree).toContain('Safer North Hampshire');
    await expectNoAxeViolations(page);
  });

  it('answers 404 for another agency’s partnership, as a page and through the API', async () => {
    await signIn(page, 'coordinator@southampton.example');
    const other = await openBrowser();
    try {
      await signIn(other.page, 'officer@rushmoor.example');
      const href = await (await PartnershipsPage.open(other.page)).link('Safer North Hampshire').getAttribute('href');
      expect(href).toMatch(/^\/partnerships\/\d+$/);

      const refused = await page.goto(href!);
      expect(refused?.status()).toBe(404);
      await expect(heading(page)).resolves.toBe('Page not found');
      expect(await page.content()).not.toContain('Aldershot Garrison');
      await expectNoAxeViolations(page);

      const api = await page.request.get(`/api/v1${href}`);
      expect(api.status()).toBe(404);
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
    } finally {
      await other.close();
    }
  });

  it('works without JavaScript: sign in and open a partnership', async () => {
    const plain = await openBrowser({ javaScriptEnabled: false });
    try {
      await signIn(plain.page, 'officer@rushmoor.example');
      await plain.page.getByRole('link', { name: 'Safer North Hampshire' }).first().click();
      await expect(plain.page.getByText('Aldershot Garrison').count()).resolves.toBeGreaterThan(0);
    } finally {
      await plain.close();
    }
  });
});
