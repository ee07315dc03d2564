import fs from 'node:fs';
import type { Page } from 'playwright-core';

/** A partnership's report page: the draft, its downloads, its versions, the narrative and publishing. */
export class ReportPage {
  constructor(readonly page: Page) {}

  /** Opens a partnership's reports from the partnerships list, then one kind of report for a period. */
  static async open(page: Page, partnership: string, kind: 'annual review' | 'assurance report' | 'progress update', period: string) {
    await page.goto('/partnerships');
    await page.getByRole('link', { name: partnership, exact: true }).click();
    await page.goto(`${new URL(page.url()).pathname}/reports`);
    await page
      .getByLabel('Period')
      .and(
        page.locator(
          `[id="period-${{ 'annual review': 'annual-review', 'assurance report': 'assurance', 'progress update': 'progress-table' }[kind]}"]`,
        ),
      )
      .fill(period);
    await page.getByRole('button', { name: `Open the ${kind}` }).click();
    return new ReportPage(page);
  }

  async writeNarrative(section: string, text: string) {
    await this.page.getByLabel(section, { exact: true }).fill(text);
    await this.page.getByRole('button', { name: `Save ${section.toLowerCase()}` }).click();
  }

  async publish() {
    await this.page.getByRole('button', { name: /^Publish version \d+$/ }).click();
  }

  /** Downloads a version's file from the versions table; answers its name and bytes. */
  async download(version: number, format: 'PDF' | 'Word' | 'HTML') {
    const row = this.page.locator(`[data-testid="version-${version}"]`);
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      row.getByRole('link', { name: new RegExp(`^${format}`) }).click(),
    ]);
    const file = await download.path();
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
  }
}
