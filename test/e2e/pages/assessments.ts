import type { Page } from 'playwright-core';
import { pathOf } from './common.js';

/** A strategic assessment's page (/assessments/:id) and the pages it leads to. */
export class AssessmentPage {
  constructor(readonly page: Page) {}

  /** Starts an assessment for a partnership from the Strategic assessments page. */
  static async start(page: Page, partnership: string, values: { title: string; year: string }) {
    await page.goto('/assessments');
    await page.getByRole('link', { name: `Start an assessment for ${partnership}` }).click();
    await page.getByLabel('Title').fill(values.title);
    await page.getByLabel('Financial year').fill(values.year);
    await page.getByRole('button', { name: 'Save assessment' }).click();
    await page.waitForURL(/\/assessments\/\d+$/);
    return new AssessmentPage(page);
  }

  static async at(page: Page, path: string) {
    await page.goto(path);
    return new AssessmentPage(page);
  }

  get path() {
    return pathOf(this.page);
  }

  /** Adds a theme (optionally pre-scored from an indicator of the pack); lands on the theme's page. */
  async addTheme(title: string, indicator?: string) {
    await this.page.goto(`${this.path}/themes/new`);
    await this.page.getByLabel('Title').fill(title);
    if (indicator) await this.page.getByLabel('Indicator that pre-scores the data criteria (optional)').selectOption({ label: indicator });
    await this.page.getByRole('button', { name: 'Add theme' }).click();
    await this.page.waitForURL(/\/assessment-themes\/\d+$/);
    return new ThemePage(this.page);
  }

  async agree() {
    await this.page.getByRole('button', { name: 'Agree the assessment' }).click();
    await this.page.waitForLoadState('load');
  }

  /** The matrix's rows in ranked order: "rank theme total". */
  async ranked() {
    const rows = this.page.locator('#matrix + p + table tbody tr');
    return rows.evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td, th')].map((c) => (c.textContent ?? '').trim());
        return `${cells[0]} ${cells[1]} ${cells[cells.length - 1]}`;
      }),
    );
  }
}

/** A theme's page: its findings and the add-a-finding form. */
export class ThemePage {
  constructor(readonly page: Page) {}

  async addDocumentFinding(statement: string, figure: string, document: string) {
    const p = this.page;
    await p.getByLabel('Finding', { exact: true }).fill(statement);
    await p.getByLabel('Figure as the source gives it (optional)').fill(figure);
    await p.getByLabel('A named document').check();
    await p.getByLabel('Document’s name').fill(document);
    await p.getByRole('button', { name: 'Add finding' }).click();
    await p.waitForLoadState('load');
  }

  async score(scores: Record<string, string>) {
    await this.page.getByRole('link', { name: 'Score this theme' }).click();
    for (const [label, value] of Object.entries(scores)) await this.page.getByLabel(`Score for ‘${label}’`).fill(value);
    await this.page.getByRole('button', { name: 'Save scores' }).click();
    await this.page.waitForURL(/\/assessments\/\d+/);
  }
}
