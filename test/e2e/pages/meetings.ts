import type { Page } from 'playwright-core';

/** A partnership's Meetings list (/partnerships/:id/meetings). */
export class MeetingsPage {
  constructor(readonly page: Page) {}

  /** The link to one meeting, by (part of) its title. */
  link(title: string | RegExp) {
    return this.page.getByRole('link', { name: title });
  }

  async open(title: string | RegExp) {
    await this.link(title).click();
    return new MeetingPage(this.page);
  }

  async schedule() {
    await this.page.getByRole('link', { name: 'Schedule a meeting' }).click();
    return new MeetingForm(this.page);
  }
}

export interface MeetingFields {
  title?: string;
  /** The label of the kind, such as "Tactical". */
  kind?: string;
  date?: string;
  start?: string;
  end?: string;
  place?: string;
  onlineUrl?: string;
}

/** The schedule-a-meeting form (/partnerships/:id/meetings/new). */
export class MeetingForm {
  constructor(readonly page: Page) {}

  static async openNew(page: Page, partnershipUrl: string) {
    await page.goto(`${partnershipUrl}/meetings/new`);
    return new MeetingForm(page);
  }

  async fill(fields: MeetingFields) {
    const p = this.page;
    if (fields.title !== undefined) await p.getByLabel('Title').fill(fields.title);
    if (fields.kind) await p.getByLabel(fields.kind).check();
    if (fields.date !== undefined) await p.getByLabel('Date').fill(fields.date);
    if (fields.start !== undefined) await p.getByLabel('Start time').fill(fields.start);
    if (fields.end !== undefined) await p.getByLabel('End time').fill(fields.end);
    if (fields.place !== undefined) await p.getByLabel('Place').fill(fields.place);
    if (fields.onlineUrl !== undefined) await p.getByLabel('Online meeting link (optional)').fill(fields.onlineUrl);
  }

  /** Sends the form; on success the browser is on the new meeting's page. */
  async submit() {
    await this.page.getByRole('button', { name: 'Schedule meeting' }).click();
    return new MeetingPage(this.page);
  }
}

/** A meeting's page (/meetings/:id): agenda, attendance, minutes, decisions and actions. */
export class MeetingPage {
  constructor(readonly page: Page) {}

  get attendance() {
    return this.page.locator('#attendance + table, #attendance + .saferhub-table-scroll table');
  }

  get agenda() {
    return this.page.locator('#agenda').locator('..');
  }

  get actions() {
    return this.page.locator('#actions ~ table, #actions ~ .saferhub-table-scroll table').first();
  }

  get mattersArising() {
    return this.page.locator('#matters-arising + table, #matters-arising + .saferhub-table-scroll table');
  }

  get minutesItems() {
    return this.page.locator('.gov-minutes li');
  }

  async addAgendaItem(item: { title: string; presentingAgency?: string }) {
    await this.page.getByLabel('Title').fill(item.title);
    if (item.presentingAgency) await this.page.getByLabel('Presenting agency').selectOption({ label: item.presentingAgency });
    await this.page.getByRole('button', { name: 'Add agenda item' }).click();
  }

  async recordAttendance() {
    await this.page.getByRole('link', { name: 'Record attendance' }).click();
    return new AttendanceForm(this.page);
  }

  /** Opens the minutes form of the (first) agenda item that offers one. */
  async writeMinutes() {
    await this.page.getByRole('link', { name: /Write the minutes/ }).click();
    return new MinutesForm(this.page);
  }

  async recordAction(action: { description: string; owner: string; officer?: string; due?: string }) {
    await this.page.getByLabel('What is to be done').fill(action.description);
    await this.page.getByLabel('Owner agency').selectOption({ label: action.owner });
    if (action.officer !== undefined) await this.page.getByLabel('Named officer (optional)').fill(action.officer);
    if (action.due !== undefined) await this.page.getByLabel('Due date').fill(action.due);
    await this.page.getByRole('button', { name: 'Record action' }).click();
  }
}

/** The attendance form (/meetings/:id/attendance): one group of choices per member agency. */
export class AttendanceForm {
  constructor(readonly page: Page) {}

  /** Marks an agency, by the label of its choice ("Present", "Sent apologies"…). */
  async mark(agency: string, status: string) {
    await this.page.getByRole('group', { name: agency }).getByLabel(status, { exact: true }).check();
  }

  officerOf(agency: string) {
    return this.page.getByLabel(`Officer who attended or represented ${agency} (optional unless represented)`);
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save attendance' }).click();
    return new MeetingPage(this.page);
  }
}

/** The minutes form of an agenda item (/meetings/:id/agenda/:itemId/minutes). */
export class MinutesForm {
  constructor(readonly page: Page) {}

  async saveDraft(minutes: string) {
    await this.page.getByLabel('Minutes').fill(minutes);
    await this.page.getByRole('button', { name: 'Save draft minutes' }).click();
    return new MeetingPage(this.page);
  }
}
