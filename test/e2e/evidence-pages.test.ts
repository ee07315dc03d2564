import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser, signIn } from './browser.js';

describe('evidence pages with the demo evidence', () => {
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
    await signIn(page, 'councillor@southampton.example');
  });
  afterAll(async () => close?.());

  it('lists the indicators from the Evidence item in the navigation', async () => {
    await page.getByRole('link', { name: 'Evidence', exact: true }).first().click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Evidence');
    await expect(page.getByRole('link', { name: /Police recorded crime \(excluding fraud\)/ }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
  });

  it('shows Southampton against England and its comparator group, with charts that have text alternatives and tables', async () => {
    await page.getByRole('link', { name: /Police recorded crime \(excluding fraud\)/ }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Southampton, 2016/17');
    await expect(page.getByTestId('comparison').textContent()).resolves.toContain('Higher (worse)');
    const chart = page.locator('svg[role="img"]').first();
    await expect(chart.locator('title').textContent()).resolves.toContain("Southampton's most similar");
    const firstRow = page.getByTestId('comparators').locator('tbody tr').first();
    await expect(firstRow.textContent()).resolves.toContain('Southampton (selected)');
    await expectNoAxeViolations(page);
  });

  it('shows the trend of the domestic abuse share over seven years', async () => {
    await page.goto('/evidence/indicators/sa%3Adomestic-share-of-violent-crime?area=E22000120');
    await expect(page.getByTestId('trend-table').locator('tbody tr').count()).resolves.toBe(7);
    await expect(page.locator('svg[role="img"] desc').last().textContent()).resolves.toContain('2010/11');
    await expectNoAxeViolations(page);
  });

  it('profiles Southampton for 2016/17, and changes period without JavaScript', async () => {
    await page.goto('/evidence/areas/E22000120?period=2016/17');
    await expect(page.getByTestId('profile').textContent()).resolves.toContain('Threats to kill');
    await expect(page.getByTestId('profile').textContent()).resolves.toContain('-10.8%');
    await expectNoAxeViolations(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download this table (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('southampton-profile-2016-17.csv');
    await page.getByLabel('Period').selectOption('2015/16');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Southampton, 2015/16');
  });

  it('draws the ward hotspot map for Southampton with a legend and a table', async () => {
    await page.goto('/evidence/hotspots?area=E06000045&crime=burglary');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Burglary by ward: Southampton');
    await expect(page.locator('.saferhub-map svg > path').count()).resolves.toBe(16);
    await expect(page.getByTestId('legend').locator('li').count()).resolves.toBeGreaterThan(2);
    await expect(page.getByTestId('wards').locator('tbody tr').count()).resolves.toBe(16);
    await expectNoAxeViolations(page);
  });

  it('answers an unknown indicator or a malformed period with an error page', async () => {
    const missing = await page.goto('/evidence/indicators/no-such-thing');
    expect(missing?.status()).toBe(404);
    await expectNoAxeViolations(page);
    const bad = await page.goto('/evidence/areas/E22000120?period=2016-17x');
    expect(bad?.status()).toBe(400);
    await expect(page.locator('main').textContent()).resolves.toContain('is not a period');
    await expectNoAxeViolations(page);
  });
});
