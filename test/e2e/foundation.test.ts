import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser, signIn } from './browser.js';

describe('signing in and browsing the demo partnerships', () => {
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
  });
  afterAll(async () => close?.());

  it('shows the start page and an accessible sign-in form, with errors when the password is wrong', async () => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('SaferHub');
    await expectNoAxeViolations(page);
    await page.goto('/sign-in');
    await expectNoAxeViolations(page);
    await page.getByLabel('E-mail address').fill('coordinator@southampton.example');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('The e-mail address or password is not right');
    await expectNoAxeViolations(page);
  });

  it('lets a Southampton coordinator browse Safe City and the county group, but not Safer North Hampshire', async () => {
    await signIn(page, 'coordinator@southampton.example');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your partnerships');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Southampton Safe City Partnership' }).first().click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Southampton Safe City Partnership');
    await expect(page.locator('#members ~ table').first().textContent()).resolves.toBeTruthy();
    await expect(page.getByText('Southampton Clinical Commissioning Group').count()).resolves.toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    await page.goto('/partnerships');
    await expectNoAxeViolations(page);
    const names = await page.locator('table a').allTextContents();
    expect(names).toContain('Hampshire Community Safety Strategy Group');
    expect(names).not.toContain('Safer North Hampshire');

    await page.getByRole('link', { name: 'Hampshire Community Safety Strategy Group' }).click();
    const tree = await page.locator('.saferhub-tree').textContent();
    expect(tree).toContain('Hampshire Domestic Abuse Forum');
    expect(tree).toContain('Safer North Hampshire');
    await expectNoAxeViolations(page);
  });

  it('answers 404 for another agency’s partnership, as a page and through the API', async () => {
    const other = await openBrowser();
    try {
      await signIn(other.page, 'officer@rushmoor.example');
      await other.page.goto('/partnerships');
      const href = await other.page.getByRole('link', { name: 'Safer North Hampshire', exact: true }).getAttribute('href');
      expect(href).toMatch(/^\/partnerships\/\d+$/);

      const refused = await page.goto(href!);
      expect(refused?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Page not found');
      expect(await page.content()).not.toContain('Aldershot Garrison');
      await expectNoAxeViolations(page);

      const api = await page.request.get(`/api/v1${href}`);
      expect(api.status()).toBe(404);
      expect((await api.json()).error.code).toBe('not_found');
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
