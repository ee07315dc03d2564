import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser, signIn } from './browser.js';

/** The total row of the first counts table (by priority) on a round page. */
const count = async (page: Page, key: string) => Number(await page.locator(`[data-count="${key}"]`).first().textContent());

describe('the quarterly progress cycle in the browser', () => {
  let coordinator: Awaited<ReturnType<typeof openBrowser>>;
  let officer: Awaited<ReturnType<typeof openBrowser>>;
  let roundUrl = '';
  let planUrl = '';

  beforeAll(async () => {
    coordinator = await openBrowser();
    officer = await openBrowser();
    await signIn(coordinator.page, 'coordinator@southampton.example');
    await signIn(officer.page, 'officer@police.example');
  });
  afterAll(async () => {
    await coordinator?.close();
    await officer?.close();
  });

  it('shows the Safe City plan, its priorities, the seed 002 table and the RAG summary', async () => {
    const page = coordinator.page;
    await page.goto('/plans');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Safe City Partnership Strategy 2017–2020' }).click();
    planUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Safe City Partnership Strategy 2017–2020');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Progress update table' }).click();
    await expect(page.locator('tr[data-priority]').count()).resolves.toBe(22);
    await expectNoAxeViolations(page);
    await page.goto(`${planUrl}/rag`);
    await expect(page.locator('svg[role="img"]').count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await page.goto(planUrl);
    await page.getByRole('link', { name: /^Priority 1:/ }).click();
    await expectNoAxeViolations(page);
  });

  it('lets the coordinator open a round, with an accessible error when the due date is missing', async () => {
    const page = coordinator.page;
    await page.goto(planUrl);
    await page.getByRole('link', { name: 'Open a progress round' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Reporting period').selectOption('2020/21-Q4');
    await page.getByRole('button', { name: 'Open round' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter a real due date');
    await expectNoAxeViolations(page);
    await page.getByLabel('Day').fill('15');
    await page.getByLabel('Month').fill('4');
    await page.getByLabel('Year').fill('2099');
    await page.getByRole('button', { name: 'Open round' }).click();
    await page.waitForURL(/\/rounds\/\d+$/);
    roundUrl = new URL(page.url()).pathname;
    await expect(count(page, 'due')).resolves.toBe(22);
    await expectNoAxeViolations(page);
  });

  it('runs submit → return → resubmit → accept, and the round counts follow', async () => {
    const o = officer.page;
    await o.goto('/my-actions');
    await expectNoAxeViolations(o);
    await o
      .locator('tr', { hasText: 'commercial burglary' })
      .getByRole('link', { name: /2020\/21-Q4/ })
      .click();
    await expectNoAxeViolations(o);
    await o.getByRole('button', { name: 'Submit update' }).click();
    await expect(o.title()).resolves.toMatch(/^Error: /);
    await expectNoAxeViolations(o);
    await o.getByLabel('Amber').check();
    await o.getByLabel('Progress update').fill('Op Hawk continues; two series under investigation.');
    await o.getByRole('button', { name: 'Submit update' }).click();
    await expect(o.locator('.govuk-notification-banner').textContent()).resolves.toContain('Version 1 of the update has been submitted');
    await expectNoAxeViolations(o);
    const updateUrl = new URL(o.url()).pathname;

    const c = coordinator.page;
    await c.goto(roundUrl);
    await expect(count(c, 'submitted')).resolves.toBe(1);
    await expect(count(c, 'due')).resolves.toBe(21);
    await c.goto(updateUrl);
    await c.getByLabel('Return it to the lead agency with a comment').check();
    await c.getByRole('button', { name: 'Save decision' }).click();
    await expect(c.locator('.govuk-error-summary').textContent()).resolves.toContain('Say what needs to change');
    await expectNoAxeViolations(c);
    await c.getByLabel('Return it to the lead agency with a comment').check();
    await c.getByRole('textbox', { name: 'Comment' }).fill('Please add how many premises were visited.');
    await c.getByRole('button', { name: 'Save decision' }).click();
    await c.waitForURL((url) => url.pathname === roundUrl);
    await expect(count(c, 'returned')).resolves.toBe(1);
    await expect(count(c, 'submitted')).resolves.toBe(0);
    await expectNoAxeViolations(c);

    await o.goto(updateUrl);
    await expect(o.getByText('Please add how many premises were visited.').first().isVisible()).resolves.toBe(true);
    await o.getByLabel('Progress update').fill('Op Hawk continues; 40 premises visited and two series under investigation.');
    await o.getByLabel('Green').check();
    await o.getByRole('button', { name: 'Submit update' }).click();
    await expect(o.locator('.govuk-notification-banner').textContent()).resolves.toContain('Version 2');
    await expect(o.getByText('Version 1', { exact: true }).count()).resolves.toBe(1);

    await c.goto(updateUrl);
    await expectNoAxeViolations(c);
    await c.getByLabel('Accept the update').check();
    await c.getByRole('button', { name: 'Save decision' }).click();
    await c.waitForURL((url) => url.pathname === roundUrl);
    await expect(count(c, 'accepted')).resolves.toBe(1);
    await expect(count(c, 'returned')).resolves.toBe(0);
    await expectNoAxeViolations(c);
  });

  it('shows the conflict message, with the typed text kept, when two people submit the same update at once', async () => {
    const second = await openBrowser();
    try {
      await signIn(second.page, 'officer@police.example');
      const first = officer.page;
      await first.goto('/my-actions');
      const link = first.locator('tr', { hasText: 'Implement the Drugs Strategy' }).getByRole('link', { name: /2020\/21-Q4/ });
      const url = (await link.getAttribute('href'))!;
      await first.goto(url);
      await second.page.goto(url);
      await first.getByLabel('Green').check();
      await first.getByLabel('Progress update').fill('Op Monument continues across the city.');
      await second.page.getByLabel('Amber').check();
      await second.page.getByLabel('Progress update').fill('My own careful account of drug enforcement.');
      await first.getByRole('button', { name: 'Submit update' }).click();
      await expect(first.locator('.govuk-notification-banner').textContent()).resolves.toContain('Version 1');
      await second.page.getByRole('button', { name: 'Submit update' }).click();
      await expect(second.page.locator('.govuk-error-summary').textContent()).resolves.toContain('Someone else changed this update');
      await expect(second.page.getByLabel('Progress update').inputValue()).resolves.toBe('My own careful account of drug enforcement.');
      await expectNoAxeViolations(second.page);
    } finally {
      await second.close();
    }
  });

  it('shows the conflict message, with the typed text kept, when two coordinators edit the same action', async () => {
    const second = await openBrowser();
    try {
      await signIn(second.page, 'coordinator@southampton.example');
      const first = coordinator.page;
      await first.goto(planUrl);
      const href = (await first.getByRole('link', { name: /Implement the Drugs Strategy/ }).getAttribute('href'))!;
      await first.goto(`${href}/edit`);
      await second.page.goto(`${href}/edit`);
      await first.getByLabel('Action').fill('Implement the Drugs Strategy (first edit).');
      await first.getByRole('button', { name: 'Save action' }).click();
      await first.waitForURL((url) => url.pathname === href);
      await second.page.getByLabel('Action').fill('Implement the Drugs Strategy, my second edit.');
      await second.page.getByRole('button', { name: 'Save action' }).click();
      await expect(second.page.locator('#conflict').textContent()).resolves.toContain('Someone else saved this action');
      await expect(second.page.getByLabel('Action').inputValue()).resolves.toBe('Implement the Drugs Strategy, my second edit.');
      await expectNoAxeViolations(second.page);
    } finally {
      await second.close();
    }
  });
});
