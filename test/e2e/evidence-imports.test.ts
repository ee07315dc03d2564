import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { ImportForm, errorSummary, signIn } from './pages/index.js';

describe('an analyst imports a file on the upload page', () => {
  let page: Page;
  let close: () => Promise<void>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-e2e-imports-'));

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
  });
  afterAll(async () => {
    await close?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the problems of a broken file, then imports a good one, on accessible pages', async () => {
    await signIn(page, 'coordinator@southampton.example');
    const form = await ImportForm.open(page);
    await expectNoAxeViolations(page);

    // Nothing chosen: the error summary names both missing answers.
    await form.upload();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(errorSummary(page).textContent()).resolves.toContain('Select what kind of file this is');
    await expectNoAxeViolations(page);

    const broken = path.join(dir, 'broken-population.csv');
    fs.writeFileSync(broken, 'area_code,year,population\nE99999999,2017,100\nE06000045,2017,-5\n');
    await form.upload({ kind: 'population', path: broken });
    // The import runs in the background; its page refreshes itself (no JavaScript) until the result is there.
    await page.waitForURL(/\/evidence\/imports\/\d+$/);
    await page.getByRole('heading', { level: 1, name: 'broken-population.csv was not imported' }).waitFor({ timeout: 30_000 });
    await expect(page.locator('main').textContent()).resolves.toContain(
      'broken-population.csv, line 2, area_code: "E99999999" is not a known area',
    );
    await expectNoAxeViolations(page);

    const good = path.join(dir, 'e2e-population.csv');
    fs.writeFileSync(good, 'area_code,year,population\nE06000045,2031,260000\n');
    await (await ImportForm.open(page)).upload({ kind: 'population', path: good });
    await page.getByText('Import complete').waitFor({ timeout: 30_000 });
    await expect(page.locator('main').textContent()).resolves.toContain('1 populations imported for 2031.');
    await expect(page.locator('meta[http-equiv="refresh"]').count()).resolves.toBe(0);
    await expectNoAxeViolations(page);

    await page.goto('/evidence/imports');
    await expect(page.locator('main').textContent()).resolves.toContain('e2e-population.csv');
    await expectNoAxeViolations(page);
  });
});
