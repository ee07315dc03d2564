/**
 * What a new user tripped over on a fresh clone (issue 13), in a real browser on the demo: the ward hotspot
 * map from the bundled police.uk months, times in GOV.UK's 12-hour style, the area profile's default period
 * and links, and the page's typeface in the governance tree and the heat map.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { signIn } from './pages/sign-in.js';

/** The computed font-family of the first element matching `selector`, and of a GOV.UK body paragraph. */
async function fontsOf(page: Page, selector: string) {
  return page.evaluate((s) => {
    const element = document.querySelector(s);
    const reference = document.querySelector('.govuk-body');
    return {
      element: element ? getComputedStyle(element).fontFamily : null,
      body: reference ? getComputedStyle(reference).fontFamily : null,
    };
  }, selector);
}

describe('rough edges of a fresh clone', () => {
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
    await signIn(page, 'officer@rushmoor.example');
  });
  afterAll(async () => close?.());

  it('draws the Southampton ward hotspot map from the police.uk months bundled in the repository', async () => {
    const response = await page.goto('/evidence/hotspots?area=E06000045');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('February 2017 to September 2017');
    await expect(page.getByTestId('wards').locator('tbody tr').count()).resolves.toBe(16);
  });

  it('shows the demo scrutiny meeting from 7pm to 9pm, not "7:00pm to 21:00"', async () => {
    await page.goto('/partnerships');
    await page.getByRole('link', { name: 'Safer North Hampshire', exact: true }).first().click();
    await page.getByRole('link', { name: 'Meetings', exact: true }).click();
    await page.getByRole('link', { name: /Overview and scrutiny/ }).click();
    await expect(page.locator('main').textContent()).resolves.toMatch(/\d{1,2} [A-Z][a-z]+ \d{4} at 7pm to 9pm \(UK time\)/);
  });

  it('opens an area profile on its fullest period, with links up and down the geography', async () => {
    await page.goto('/evidence/areas/E06000045');
    const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    expect(heading).toMatch(/^Southampton, 2017-09$/);
    const related = page.getByTestId('related-areas');
    await related.getByRole('link', { name: 'Hampshire' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Hampshire, /);
    await expectNoAxeViolations(page);
  });

  it('explains how the figures are worked out on a page of the service, linked from the indicator pages', async () => {
    await page.goto('/evidence/indicators/police-uk%3Aall-crime%3Arate?area=E06000045');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('per 1,000 residents');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'how the figures are worked out' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('How the figures are worked out');
    await expectNoAxeViolations(page);
  });

  it('writes the governance tree and the heat map in the page’s typeface, not a serif', async () => {
    await page.goto('/partnerships');
    await page.getByRole('link', { name: 'Safer North Hampshire', exact: true }).first().click();
    const tree = await fontsOf(page, '.saferhub-tree li');
    expect(tree.element).toBe(tree.body);
    expect(tree.element).toMatch(/^arial/i);
    await page.goto(`${page.url().replace(/\/$/, '')}/risks/heat-map`);
    const heat = await fontsOf(page, '.gov-heat th');
    expect(heat.element).toBe(heat.body);
    const cell = await fontsOf(page, '.gov-heat td');
    expect(cell.element).toBe(heat.body);
  });
});
