import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { AccountPage, errorSummary, heading, notice, signIn } from './pages/index.js';

describe('your account and API tokens, in the browser', () => {
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
    await signIn(page, 'councillor@southampton.example');
  });
  afterAll(async () => close?.());

  it('creates a token, shows it once, and revokes it; every page passes axe, the error state included', async () => {
    await page.goto('/');
    const account = await AccountPage.fromNavigation(page);
    await expect(heading(page)).resolves.toBe('Your account');
    await expectNoAxeViolations(page);

    const tokens = await account.tokens();
    await expectNoAxeViolations(page);
    await tokens.create();
    await expect(errorSummary(page).textContent()).resolves.toContain('Enter what the token is for');
    await expectNoAxeViolations(page);

    const secret = await tokens.create('Scrutiny report');
    expect(secret).toMatch(/^shub_/);
    await expectNoAxeViolations(page);
    const api = await page.request.get('/api/v1/partnerships', { headers: { authorization: `Bearer ${secret}` } });
    expect(api.status()).toBe(200);

    await page.getByRole('link', { name: 'Back to your API tokens' }).click();
    // By name: the calendar test's token may be listed too.
    await tokens.revoke('Scrutiny report');
    await expect(notice(page).textContent()).resolves.toContain('has been revoked');
    await expectNoAxeViolations(page);
    const refused = await page.request.get('/api/v1/partnerships', { headers: { authorization: `Bearer ${secret}` } });
    expect(refused.status()).toBe(401);
  });

  it('gives calendar addresses a calendar program can subscribe to', async () => {
    await (await AccountPage.open(page)).createCalendarAddresses();
    await expect(heading(page)).resolves.toContain('Calendar addresses created');
    await expectNoAxeViolations(page);
    const address = await page.getByLabel('Southampton Safe City Partnership').inputValue();
    const feed = await fetch(address);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
  });
});
