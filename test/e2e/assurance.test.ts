import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser, signIn } from './browser.js';

describe('the assurance assessment, in the browser', () => {
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
    await signIn(page, 'analyst@hants.example');
  });
  afterAll(async () => close?.());

  it('shows a county priority’s six-dimension grid from seed 001, and records a new period’s ratings', async () => {
    await page.goto('/plans');
    await page.getByRole('link', { name: 'Hampshire County Agreement for Community Safety 2019–21' }).click();
    await page.getByRole('link', { name: /^Priority 1:/ }).click();
    const grid = page.getByRole('region', { name: 'Assurance ratings by period' });
    await expect(grid.textContent()).resolves.toContain('County co-ordination');
    await expect(grid.textContent()).resolves.toContain('2019/20');
    await expectNoAxeViolations(page);

    await page.getByLabel('Assess for period').selectOption({ index: 0 });
    await page.getByRole('button', { name: 'Record an assessment' }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('group', { name: 'County co-ordination' }).getByLabel('Established').check();
    await page
      .getByLabel('Narrative for county co-ordination (optional)')
      .fill('Exploitation group meets monthly with all five CCGs represented.');
    await page.getByRole('button', { name: 'Save assessment' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('The assessment has been saved');
    await expect(grid.textContent()).resolves.toContain('Exploitation group meets monthly');
    await expectNoAxeViolations(page);
  });

  it('lets the coordinator keep the partnership’s list of dimensions, with an error when the name is missing', async () => {
    await page.goto('/partnerships');
    await page.getByRole('link', { name: 'Hampshire Community Safety Strategy Group' }).click();
    await page.getByRole('link', { name: 'Assurance dimensions' }).click();
    await expect(page.locator('main ol.govuk-list').textContent()).resolves.toContain('Alignment of resources');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Add dimension' }).click();
    await expect(page.locator('.govuk-error-summary').count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await page.getByLabel('Add a dimension').fill('Community engagement');
    await page.getByRole('button', { name: 'Add dimension' }).click();
    await expect(page.locator('main ol.govuk-list').textContent()).resolves.toContain('Community engagement');
  });
});
