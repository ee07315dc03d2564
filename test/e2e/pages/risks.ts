import type { Page } from 'playwright-core';

export interface Scores {
  /** Before mitigation, 1–5. */
  inherent?: [likelihood: number, impact: number];
  /** After mitigation, 1–5. */
  residual?: [likelihood: number, impact: number];
  assessedOn?: string;
  note?: string;
}

async function fillScores(page: Page, scores: Scores) {
  if (scores.inherent) {
    await page.getByLabel('Likelihood before mitigation').selectOption(String(scores.inherent[0]));
    await page.getByLabel('Impact before mitigation').selectOption(String(scores.inherent[1]));
  }
  if (scores.residual) {
    await page.getByLabel('Likelihood after mitigation').selectOption(String(scores.residual[0]));
    await page.getByLabel('Impact after mitigation').selectOption(String(scores.residual[1]));
  }
  if (scores.assessedOn !== undefined) await page.getByLabel('Date of this assessment').fill(scores.assessedOn);
  if (scores.note !== undefined) await page.getByLabel('Note on this assessment (optional)').fill(scores.note);
}

/** A partnership's shared risk register (/partnerships/:id/risks), with its filters. */
export class RiskRegisterPage {
  constructor(readonly page: Page) {}

  /** The titles of the risks listed. */
  titles() {
    return this.page.locator('table a').allTextContents();
  }

  async addRisk() {
    await this.page.getByRole('link', { name: 'Add a risk' }).click();
    return new RiskForm(this.page);
  }

  async heatMap() {
    await this.page.getByRole('link', { name: 'See the heat map' }).click();
    return new HeatMapPage(this.page);
  }

  async filterByBand(band: string) {
    await this.page.getByLabel('Current band').selectOption(band);
    await this.page.getByRole('button', { name: 'Apply filters' }).click();
  }
}

/** The risk heat map (/partnerships/:id/risks/heat-map). */
export class HeatMapPage {
  constructor(readonly page: Page) {}

  cell(likelihood: number, impact: number) {
    return this.page.locator(`td[data-likelihood="${likelihood}"][data-impact="${impact}"]`);
  }

  async register() {
    await this.page.getByRole('link', { name: 'Risk register', exact: true }).click();
    return new RiskRegisterPage(this.page);
  }
}

/** The add-a-risk form (/partnerships/:id/risks/new). */
export class RiskForm {
  constructor(readonly page: Page) {}

  async fill(risk: { title?: string; event?: string; owner?: string } & Scores) {
    if (risk.title !== undefined) await this.page.getByLabel('Title').fill(risk.title);
    if (risk.event !== undefined) await this.page.getByLabel('Event (optional)').fill(risk.event);
    if (risk.owner) await this.page.getByLabel('Owner agency').selectOption({ label: risk.owner });
    await fillScores(this.page, risk);
  }

  async submit() {
    await this.page.getByRole('button', { name: 'Add risk' }).click();
    return new RiskPage(this.page);
  }
}

/** A risk's page (/risks/:id): its scores and their history. */
export class RiskPage {
  constructor(readonly page: Page) {}

  /** The rows of the score history, newest first. */
  history() {
    return this.page.locator('#history ~ table, #history ~ .saferhub-table-scroll table').first().locator('tbody tr').allTextContents();
  }

  async rescore() {
    await this.page.getByRole('link', { name: 'Re-score this risk' }).click();
    return new ScoreForm(this.page);
  }
}

/** The re-score form (/risks/:id/score). */
export class ScoreForm {
  constructor(readonly page: Page) {}

  async fill(scores: Scores) {
    await fillScores(this.page, scores);
  }

  async submit() {
    await this.page.getByRole('button', { name: 'Record new scores' }).click();
    return new RiskPage(this.page);
  }
}
