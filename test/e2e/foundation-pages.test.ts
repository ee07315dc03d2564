import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser, signIn } from './browser.js';

const stamp = Date.now().toString(36);
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe('foundation pages in a browser: agencies, partnerships, members, audit log, error pages', () => {
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
    await signIn(page, 'admin@saferhub.example');
  });
  afterAll(async () => close?.());

  it('lists agencies and shows one, accessibly', async () => {
    await page.goto('/agencies');
    await expect(heading(page)).resolves.toBe('Agencies');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Aldershot Garrison' }).click();
    await expect(heading(page)).resolves.toBe('Aldershot Garrison');
    await expect(page.getByRole('link', { name: 'Safer North Hampshire' }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
  });

  it('adds an agency, showing the errors first when the form is incomplete, then changes it', async () => {
    const name = `Test Community Trust ${stamp}`;
    await page.goto('/agencies/new');
    await expectNoAxeViolations(page);
    await page.getByLabel('Short name (optional)').fill('TCT');
    await page.getByRole('button', { name: 'Save agency' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: Add an agency/);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter the agency’s name');
    await expect(page.getByLabel('Short name (optional)').inputValue()).resolves.toBe('TCT');
    await expectNoAxeViolations(page);

    // The error summary links to the field.
    await page.locator('.govuk-error-summary a', { hasText: 'Enter the agency’s name' }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('name');

    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Voluntary').check();
    await page.getByRole('group', { name: 'Is it a responsible authority?' }).getByLabel('No').check();
    await page.getByRole('button', { name: 'Save agency' }).click();
    await expect(heading(page)).resolves.toBe(name);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(`${name} has been added`);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: `Change ${name}` }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Name', { exact: true }).fill(`${name} CIC`);
    await page.getByRole('button', { name: 'Save agency' }).click();
    await expect(heading(page)).resolves.toBe(`${name} CIC`);
  });

  it('adds a partnership under the county group and a member to it, with accessible error states', async () => {
    const name = `Test Night-time Economy Group ${stamp}`;
    await page.goto('/partnerships/new');
    await expectNoAxeViolations(page);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('ONS area code (optional)').fill('nonsense');
    await page.getByRole('button', { name: 'Save partnership' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    const summary = await page.locator('.govuk-error-summary').textContent();
    expect(summary).toContain('Select the kind of partnership');
    expect(summary).toContain('Enter an ONS area code like E22000000');
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe(name);
    await expectNoAxeViolations(page);

    await page.getByLabel('Operational group').check();
    await page.getByLabel('ONS area code (optional)').fill('');
    await page.getByLabel('Parent partnership').selectOption({ label: 'Hampshire Community Safety Strategy Group' });
    await page.getByLabel('How often it meets').selectOption({ label: 'Monthly' });
    await page.getByRole('button', { name: 'Save partnership' }).click();
    await expect(heading(page)).resolves.toBe(name);
    await expect(page.locator('.saferhub-tree').textContent()).resolves.toContain('Hampshire Community Safety Strategy Group');

    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Select an agency');
    await expectNoAxeViolations(page);

    await page.getByLabel('Agency', { exact: true }).selectOption({ label: 'Hampshire Constabulary' });
    await page.getByLabel('Role').selectOption({ label: 'Chair' });
    await page.getByLabel('Named officer (optional)').fill('Chief Inspector, Southampton');
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('The member has been added');
    const police = page.locator('table', { has: page.locator('caption', { hasText: 'Police' }) });
    await expect(police.textContent()).resolves.toContain('Chief Inspector, Southampton');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Change partnership details' }).click();
    await expect(heading(page)).resolves.toBe(`Change ${name}`);
    await expectNoAxeViolations(page);
  });

  it('shows the audit log with its filters', async () => {
    await page.goto('/audit');
    await expect(heading(page)).resolves.toBe('Audit log');
    await expect(page.locator('tbody').textContent()).resolves.toContain('membership.create');
    await expectNoAxeViolations(page);
    await page.getByLabel('User').selectOption({ label: 'Alex Admin' });
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(page.url()).toMatch(/\/audit\?user=\d+/);
    await expect(page.locator('tbody').textContent()).resolves.toContain('agency.update');
    await expectNoAxeViolations(page);
  });

  it('shows the accessibility statement, data sources and a 404 page, each accessible', async () => {
    for (const [url, title] of [
      ['/accessibility', 'Accessibility statement for SaferHub'],
      ['/data-sources', 'Data sources and attribution'],
    ]) {
      await page.goto('/');
      await page.getByRole('link', { name: title === 'Data sources and attribution' ? title : 'Accessibility statement' }).click();
      expect(new URL(page.url()).pathname).toBe(url);
      await expect(heading(page)).resolves.toBe(title);
      await expectNoAxeViolations(page);
    }
    const missing = await page.goto('/no-such-page');
    expect(missing?.status()).toBe(404);
    await expect(heading(page)).resolves.toBe('Page not found');
    await expectNoAxeViolations(page);
  });

  it('refuses the audit log to a coordinator with an accessible 403 page, after signing out', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: /Sign out/ }).click();
    await expect(heading(page)).resolves.toBe('You have signed out');
    await expectNoAxeViolations(page);
    await signIn(page, 'coordinator@southampton.example');
    const refused = await page.goto('/audit');
    expect(refused?.status()).toBe(403);
    await expect(heading(page)).resolves.toBe('You do not have permission to see this page');
    await expectNoAxeViolations(page);
  });
});

describe('forms without JavaScript', () => {
  it('adds an agency with JavaScript switched off', async () => {
    const plain = await openBrowser({ javaScriptEnabled: false });
    try {
      await signIn(plain.page, 'officer@rushmoor.example');
      await plain.page.goto('/agencies/new');
      await plain.page.getByRole('button', { name: 'Save agency' }).click();
      await expect(plain.page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter the agency’s name');
      await plain.page.getByLabel('Name', { exact: true }).fill(`Test Residents Association ${stamp}`);
      await plain.page.getByLabel('Voluntary').check();
      await plain.page.getByRole('button', { name: 'Save agency' }).click();
      await expect(heading(plain.page)).resolves.toBe(`Test Residents Association ${stamp}`);
    } finally {
      await plain.close();
    }
  });
});
