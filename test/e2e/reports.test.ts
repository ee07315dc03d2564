import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { ReportPage, notice, signIn } from './pages/index.js';

describe('reports, in the browser', () => {
  let page: Page;
  let context: BrowserContext;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, context, close } = await openBrowser());
    await signIn(page, 'coordinator@southampton.example');
  });
  afterAll(async () => close?.());

  it('a coordinator writes the narrative, publishes, downloads each format, and the public page shows it signed out', async () => {
    const report = await ReportPage.open(page, 'Southampton Safe City Partnership', 'annual review', '2016/17');
    await expect(page.locator('main').textContent()).resolves.toContain('Draft — not for publication');
    await expectNoAxeViolations(page);

    await report.writeNarrative('Recommendations', 'That the committee notes this review.');
    await expect(notice(page).textContent()).resolves.toContain('The narrative is saved');
    await expect(page.locator('main').textContent()).resolves.toContain('That the committee notes this review.');

    // The demo published version 1; this is version 2.
    await report.publish();
    await expect(notice(page).textContent()).resolves.toContain('Version 2 is published');
    await expectNoAxeViolations(page);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-e2e-reports-'));
    const pdf = await report.download(2, 'PDF');
    expect(pdf.name).toBe('southampton-safe-city-partnership-annual-review-2016-17-v2.pdf');
    fs.writeFileSync(path.join(dir, 'v2.pdf'), pdf.bytes);
    const text = execFileSync('pdftotext', [path.join(dir, 'v2.pdf'), '-'])
      .toString()
      .replace(/\s+/g, ' ');
    expect(text).toContain('That the committee notes this review.');
    expect(text).toContain('121.5 crimes per 1,000');
    const docx = await report.download(2, 'Word');
    fs.writeFileSync(path.join(dir, 'v2.docx'), docx.bytes);
    expect(execFileSync('unzip', ['-p', path.join(dir, 'v2.docx'), 'word/document.xml']).toString()).toContain(
      'That the committee notes this review.',
    );
    const html = await report.download(2, 'HTML');

    // The downloaded HTML document, opened on its own, passes axe too.
    await page.setContent(html.bytes.toString('utf8'));
    await expect(page.locator('h1').textContent()).resolves.toBe('Annual review for scrutiny');
    await expectNoAxeViolations(page);

    // Signed out: the public list, Southampton's page and its published review.
    await context.clearCookies();
    await page.goto('/public');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Southampton Safe City Partnership' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('Reduce crime, reoffending and antisocial behaviour');
    await expect(page.getByTestId('public-report').first().textContent()).resolves.toContain('Annual review for scrutiny, 2016/17');
    await expectNoAxeViolations(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^PDF/ }).first().click()]);
    expect(download.suggestedFilename()).toBe('southampton-safe-city-partnership-annual-review-2016-17-v2.pdf');
  });
});
