import type { Page } from 'playwright-core';
import { pathOf } from './common.js';

/** A plan's page (/plans/:id): its priorities and actions, and links to its rounds and reports. */
export class PlanPage {
  constructor(readonly page: Page) {}

  /** Opens a plan from the Plans list, by its title. */
  static async open(page: Page, title: string) {
    await page.goto('/plans');
    await page.getByRole('link', { name: title }).click();
    return new PlanPage(page);
  }

  /** Opens a plan by its address. */
  static async at(page: Page, path: string) {
    await page.goto(path);
    return new PlanPage(page);
  }

  get path() {
    return pathOf(this.page);
  }

  /** Opens priority `n` (its link reads "Priority n: …"). */
  async priority(n: number) {
    await this.page.getByRole('link', { name: new RegExp(`^Priority ${n}:`) }).click();
    return new PriorityPage(this.page);
  }

  async progressTable() {
    await this.page.getByRole('link', { name: 'Progress update table' }).click();
  }

  /** The rows of the progress update table, one per action. */
  get progressRows() {
    return this.page.locator('tr[data-priority]');
  }

  /** The address of an action of the plan, by (part of) its text. */
  actionHref(text: string | RegExp) {
    return this.page.getByRole('link', { name: text }).getAttribute('href');
  }

  async openRoundForm() {
    await this.page.getByRole('link', { name: 'Open a progress round' }).click();
    return new RoundForm(this.page);
  }
}

/** The open-a-progress-round form (/plans/:id/rounds/new). */
export class RoundForm {
  constructor(readonly page: Page) {}

  async choosePeriod(period: string) {
    await this.page.getByLabel('Reporting period').selectOption(period);
  }

  async fillDueDate(day: string, month: string, year: string) {
    await this.page.getByLabel('Day').fill(day);
    await this.page.getByLabel('Month').fill(month);
    await this.page.getByLabel('Year').fill(year);
  }

  async submit() {
    await this.page.getByRole('button', { name: 'Open round' }).click();
  }

  /** Opens a round for `period`, due on 15 April 2099, and waits for the round's page. */
  async open(period: string) {
    await this.choosePeriod(period);
    await this.fillDueDate('15', '4', '2099');
    await this.submit();
    await this.page.waitForURL(/\/rounds\/\d+$/);
    return new RoundPage(this.page);
  }
}

/** A progress round's dashboard (/rounds/:id): the counts of updates by state. */
export class RoundPage {
  constructor(readonly page: Page) {}

  /** Opens a round of a plan for `period` (due in 2099) and returns its dashboard. */
  static async openFor(page: Page, planPath: string, period: string) {
    const plan = await PlanPage.at(page, planPath);
    return (await plan.openRoundForm()).open(period);
  }

  get path() {
    return pathOf(this.page);
  }

  /** The total row of the first counts table (by priority) for one state: due, submitted, returned, accepted… */
  async count(key: string) {
    return Number(await this.page.locator(`[data-count="${key}"]`).first().textContent());
  }
}

/** The officer's list of actions their agency leads (/my-actions). */
export class MyActionsPage {
  constructor(readonly page: Page) {}

  static async open(page: Page) {
    await page.goto('/my-actions');
    return new MyActionsPage(page);
  }

  /** The link to the update of the action whose row mentions `actionText`, for one period. */
  updateLink(actionText: string, period: string) {
    return this.page.locator('tr', { hasText: actionText }).getByRole('link', { name: new RegExp(period.replace('/', '\\/')) });
  }
}

/** The update of one action in a round (/rounds/:id/actions/:actionId): the officer's form and the coordinator's review. */
export class UpdatePage {
  constructor(readonly page: Page) {}

  /** Fills the officer's update: a RAG rating by its label ("Amber") and the narrative. */
  async fill(update: { rag?: string; narrative?: string }) {
    if (update.rag) await this.page.getByLabel(update.rag).check();
    if (update.narrative !== undefined) await this.page.getByLabel('Progress update').fill(update.narrative);
  }

  get narrative() {
    return this.page.getByLabel('Progress update');
  }

  async submit() {
    await this.page.getByRole('button', { name: 'Submit update' }).click();
  }

  /** The coordinator's decision: return it with a comment (send no comment to see the error) … */
  async returnWithComment(comment?: string) {
    await this.page.getByLabel('Return it to the lead agency with a comment').check();
    if (comment !== undefined) await this.page.getByRole('textbox', { name: 'Comment' }).fill(comment);
    await this.page.getByRole('button', { name: 'Save decision' }).click();
  }

  /** … or accept it. */
  async accept() {
    await this.page.getByLabel('Accept the update').check();
    await this.page.getByRole('button', { name: 'Save decision' }).click();
  }
}

/** The change-an-action form (/plan-actions/:id/edit). */
export class ActionForm {
  constructor(readonly page: Page) {}

  get text() {
    return this.page.getByLabel('Action');
  }

  get conflict() {
    return this.page.locator('#conflict');
  }

  async save(text: string) {
    await this.text.fill(text);
    await this.page.getByRole('button', { name: 'Save action' }).click();
  }
}

/** A priority's page (/priorities/:id), with its assurance grid. */
export class PriorityPage {
  constructor(readonly page: Page) {}

  get assuranceGrid() {
    return this.page.getByRole('region', { name: 'Assurance ratings by period' });
  }

  /** Chooses the period (by its index in the list) and opens the assessment form. */
  async assess(periodIndex = 0) {
    await this.page.getByLabel('Assess for period').selectOption({ index: periodIndex });
    await this.page.getByRole('button', { name: 'Record an assessment' }).click();
    return new AssessmentForm(this.page);
  }
}

/** The assurance assessment form (/priorities/:id/assessment). */
export class AssessmentForm {
  constructor(readonly page: Page) {}

  async rate(dimension: string, rating: string, narrative?: string) {
    await this.page.getByRole('group', { name: dimension }).getByLabel(rating).check();
    if (narrative !== undefined) await this.page.getByLabel(`Narrative for ${dimension.toLowerCase()} (optional)`).fill(narrative);
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save assessment' }).click();
    return new PriorityPage(this.page);
  }
}

/** A partnership's list of assurance dimensions (/partnerships/:id/assurance-dimensions). */
export class DimensionsPage {
  constructor(readonly page: Page) {}

  get list() {
    return this.page.locator('main ol.govuk-list');
  }

  /** Adds a dimension; leave the name out to send the form empty. */
  async add(name?: string) {
    if (name !== undefined) await this.page.getByLabel('Add a dimension').fill(name);
    await this.page.getByRole('button', { name: 'Add dimension' }).click();
  }
}
