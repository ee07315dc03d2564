/**
 * The main pages on a phone 375 px wide: none may scroll sideways (a wide table scrolls inside its own
 * focusable, labelled region instead), with a screenshot of each in a temporary folder; the plan-wide
 * assurance grid of seed 001; and the progress table printed to PDF, starting on page 1.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { signIn } from './pages/sign-in.js';

const PHONE = { width: 375, height: 812 };

/** The address of the first link in <main> named `name`, opened from `from`. */
async function linkFrom(page: Page, from: string, name: string | RegExp) {
  await page.goto(from);
  const href = await page
    .locator('main')
    .getByRole('link', { name, exact: typeof name === 'string' })
    .first()
    .getAttribute('href');
  if (!href) throw new Error(`No link ${String(name)} on ${from}`);
  return href;
}

describe('phones and printing', () => {
  let page: Page;
  let close: () => Promise<void>;
  const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-375-'));

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
    await page.setViewportSize(PHONE);
    await signIn(page, 'admin@saferhub.example');
  });
  afterAll(async () => close?.());

  it('fits every main page into 375 px, wide tables scrolling inside their own labelled region', async () => {
    const cityPlan = await linkFrom(page, '/plans', 'Safe City Partnership Strategy 2017–2020');
    const countyPlan = await linkFrom(page, '/plans', 'Hampshire County Agreement for Community Safety 2019–21');
    const round = await linkFrom(page, cityPlan, /^2020\/21-Q3$/);
    const county = await linkFrom(page, '/partnerships', 'Hampshire Community Safety Strategy Group');
    const risk = await linkFrom(page, `${county}/risks`, /County lines/);
    const pages = {
      'round dashboard': round,
      'RAG summary': `${cityPlan}/rag`,
      'progress table': `${cityPlan}/progress-table`,
      plan: cityPlan,
      'assurance grid': `${countyPlan}/assurance`,
      'governance tree': `${county}/governance`,
      partnership: county,
      'risk register': `${county}/risks`,
      'heat map': `${county}/risks/heat-map`,
      risk,
      meetings: `${county}/meetings`,
      evidence: '/evidence',
      'area profile': '/evidence/areas/E06000045',
      'indicator (scorecard-like comparison)': '/evidence/indicators/police-uk%3Aall-crime%3Arate?area=E06000045',
      'hotspot map': '/evidence/hotspots?area=E06000045',
      imports: '/evidence/imports',
      agencies: '/agencies',
      partnerships: '/partnerships',
      plans: '/plans',
      'my actions': '/my-actions',
      search: '/search?q=burglary',
      'audit log': '/audit',
    };
    const overflowing: string[] = [];
    for (const [name, url] of Object.entries(pages)) {
      const response = await page.goto(url);
      expect(response?.status(), `${name} (${url})`).toBe(200);
      const { scrollWidth, regions } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        regions: [...document.querySelectorAll('.saferhub-table-scroll')].map((r) => ({
          tabindex: r.getAttribute('tabindex'),
          role: r.getAttribute('role'),
          label: r.getAttribute('aria-label') ?? '',
        })),
      }));
      await page.screenshot({ path: path.join(shots, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
      if (scrollWidth > PHONE.width) overflowing.push(`${name} (${url}): ${scrollWidth} px`);
      for (const r of regions)
        expect(r, `${name}: a scrolling table region`).toMatchObject({
          tabindex: '0',
          role: 'region',
          label: expect.stringMatching(/\S/) as string,
        });
    }
    expect(overflowing, `pages wider than the phone; screenshots in ${shots}`).toEqual([]);
    expect(fs.readdirSync(shots)).toHaveLength(Object.keys(pages).length);
  });

  it('shows seed 001’s grid, seven priorities by six dimensions, on one page that passes axe at 375 px', async () => {
    await page.goto(await linkFrom(page, '/plans', 'Hampshire County Agreement for Community Safety 2019–21'));
    await page.getByRole('link', { name: 'Assurance assessment of every priority on one page' }).click();
    const grid = page.getByTestId('plan-assurance-grid');
    await expect(grid.locator('thead th').allTextContents()).resolves.toEqual([
      'Priority',
      'County co-ordination',
      'Driving front-line delivery',
      'Understanding of risk and vulnerability',
      'Reporting and recording',
      'Alignment of resources',
      'Local links',
    ]);
    await expect(grid.locator('tbody tr').count()).resolves.toBe(7);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Assurance assessment, 2019/20');
    // The region scrolls by keyboard.
    await page.getByRole('region', { name: 'Assurance grid: priorities by dimension' }).focus();
    await page.keyboard.press('ArrowRight');
    await expectNoAxeViolations(page);
  });

  it('prints the progress table from page 1, with rows on the first page', async () => {
    const cityPlan = await linkFrom(page, '/plans', 'Safe City Partnership Strategy 2017–2020');
    await page.goto(`${cityPlan}/progress-table`);
    const firstAction = ((await page.locator('.saferhub-progress-table tbody tr td').first().textContent()) ?? '').trim();
    await page.emulateMedia({ media: 'print' });
    const pdf = path.join(shots, 'progress-table.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    const firstPage = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-']).toString().replace(/\s+/g, ' ');
    expect(firstPage).toContain('Lead agency');
    expect(firstPage).toContain(firstAction.replace(/\s+/g, ' ').slice(0, 40));
    // The header row is repeated on the next page.
    const secondPage = execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-']).toString().replace(/\s+/g, ' ');
    expect(secondPage).toMatch(/^\s*Priority /);
    for (const column of ['Action', 'Lead agency']) expect(secondPage).toContain(column);
  });
});
