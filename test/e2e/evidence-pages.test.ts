import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { AreaProfilePage, EvidencePage, HotspotsPage, IndicatorPage, heading, signIn } from './pages/index.js';

const recordedCrime = /Police recorded crime \(excluding fraud\)/;

describe('evidence pages with the demo evidence', () => {
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
    await signIn(page, 'councillor@southampton.example');
  });
  afterAll(async () => close?.());

  it('lists the indicators from the Evidence item in the navigation', async () => {
    await page.goto('/');
    const evidence = await EvidencePage.fromNavigation(page);
    await expect(heading(page)).resolves.toBe('Evidence');
    await expect(evidence.indicatorLink(recordedCrime).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
  });

  it('shows Southampton against England and its comparator group, with charts that have text alternatives and tables', async () => {
    const indicator = await (await EvidencePage.open(page)).indicator(recordedCrime);
    await expect(heading(page)).resolves.toContain('Southampton, 2016/17');
    await expect(indicator.comparison.textContent()).resolves.toContain('Higher (worse)');
    const chart = indicator.charts.first();
    await expect(chart.locator('title').textContent()).resolves.toContain("Southampton's most similar");
    const firstRow = indicator.comparators.locator('tbody tr').first();
    await expect(firstRow.textContent()).resolves.toContain('Southampton (selected)');
    await expectNoAxeViolations(page);
  });

  it('shows the trend of the domestic abuse share over seven years', async () => {
    const { indicator } = await IndicatorPage.open(page, 'sa:domestic-share-of-violent-crime', 'E22000120');
    await expect(indicator.trendTable.locator('tbody tr').count()).resolves.toBe(7);
    await expect(indicator.charts.locator('desc').last().textContent()).resolves.toContain('2010/11');
    await expectNoAxeViolations(page);
  });

  it('profiles Southampton for 2016/17, and changes period without JavaScript', async () => {
    const { profile } = await AreaProfilePage.open(page, 'E22000120', '2016/17');
    await expect(profile.table.textContent()).resolves.toContain('Threats to kill');
    await expect(profile.table.textContent()).resolves.toContain('-10.8%');
    await expectNoAxeViolations(page);
    const download = await profile.download();
    expect(download.suggestedFilename()).toBe('southampton-profile-2016-17.csv');
    await profile.showPeriod('2015/16');
    await expect(heading(page)).resolves.toBe('Southampton, 2015/16');
  });

  it('draws the ward hotspot map for Southampton with a legend and a table', async () => {
    const map = await HotspotsPage.open(page, 'E06000045', 'burglary');
    await expect(heading(page)).resolves.toContain('Burglary by ward: Southampton');
    await expect(map.wardShapes.count()).resolves.toBe(16);
    await expect(map.legend.locator('li').count()).resolves.toBeGreaterThan(2);
    await expect(map.wards.locator('tbody tr').count()).resolves.toBe(16);
    await expectNoAxeViolations(page);
  });

  it('answers an unknown indicator or a malformed period with an error page', async () => {
    const missing = await IndicatorPage.open(page, 'no-such-thing');
    expect(missing.status).toBe(404);
    await expectNoAxeViolations(page);
    const bad = await AreaProfilePage.open(page, 'E22000120', '2016-17x');
    expect(bad.status).toBe(400);
    await expect(page.locator('main').textContent()).resolves.toContain('is not a period');
    await expectNoAxeViolations(page);
  });
});
