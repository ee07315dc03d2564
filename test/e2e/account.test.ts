import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser, signIn } from './browser.js';

describe('your account and API tokens, in the browser', () => {
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
    await signIn(page, 'councillor@southampton.example');
  });
  afterAll(async () => close?.());

  it('creates a token, shows it once, and revokes it; every page passes axe, the error state included', async () => {
    await page.getByRole('link', { name: 'Your account', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your account');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Manage your API tokens' }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter what the token is for');
    await expectNoAxeViolations(page);

    await page.getByLabel('What is it for?').fill('Scrutiny report');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.getByLabel('Your token').inputValue();
    expect(secret).toMatch(/^shub_/);
    await expectNoAxeViolations(page);
    const api = await page.request.get('/api/v1/partnerships', { headers: { authorization: `Bearer ${secret}` } });
    expect(api.status()).toBe(200);

    await page.getByRole('link', { name: 'Back to your API tokens' }).click();
    await page.getByRole('button', { name: /Revoke/ }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('has been revoked');
    await expectNoAxeViolations(page);
    const refused = await page.request.get('/api/v1/partnerships', { headers: { authorization: `Bearer ${secret}` } });
    expect(refused.status()).toBe(401);
  });

  it('gives calendar addresses a calendar program can subscribe to', async () => {
    await page.goto('/account');
    await page.getByRole('button', { name: 'Create calendar addresses' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Calendar addresses created');
    await expectNoAxeViolations(page);
    const address = await page.getByLabel('Southampton Safe City Partnership').inputValue();
    const feed = await fetch(address);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
  });
});
