import type { Locator, Page } from 'playwright-core';

/** A plan's scorecard (/plans/:id/scorecard): a row per measure, its latest figures and RAG. */
export class ScorecardPage {
  constructor(readonly page: Page) {}

  /** The row of the measure of an indicator, by the indicator's key. */
  row(indicatorKey: string): Locator {
    return this.page.locator(`tr[data-indicator="${indicatorKey}"]`);
  }

  /** The RAG tag and its rule, in words, of a measure's latest period. */
  async rag(indicatorKey: string) {
    return (await this.row(indicatorKey).locator('td').last().innerText()).replace(/\s+/g, ' ').trim();
  }

  async change(indicatorKey: string) {
    await this.row(indicatorKey)
      .getByRole('link', { name: /^Change/ })
      .click();
    return new MeasureForm(this.page);
  }
}

/** The add-or-change-a-measure form. */
export class MeasureForm {
  constructor(readonly page: Page) {}

  async targetValue(value: string) {
    await this.page.getByRole('radio', { name: 'A value to reach', exact: true }).check();
    await this.page.getByRole('textbox', { name: 'Target value (for a value to reach)' }).fill(value);
  }

  async targetPosition(position: 'Significantly better than the benchmark' | 'In the best half of the comparator group') {
    await this.page.getByRole('radio', { name: 'A position against the benchmark or the comparator group', exact: true }).check();
    await this.page.getByRole('radio', { name: position, exact: true }).check();
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save measure' }).click();
  }
}
