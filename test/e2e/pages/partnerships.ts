import type { Page } from 'playwright-core';
import { MeetingsPage } from './meetings.js';
import { RiskRegisterPage } from './risks.js';

/** The Partnerships list at /partnerships. */
export class PartnershipsPage {
  constructor(readonly page: Page) {}

  static async open(page: Page) {
    await page.goto('/partnerships');
    return new PartnershipsPage(page);
  }

  /** The names of the partnerships listed. */
  names() {
    return this.page.locator('table a').allTextContents();
  }

  /** The link to a partnership, by its exact name. */
  link(name: string) {
    return this.page.getByRole('link', { name, exact: true }).first();
  }

  async select(name: string) {
    await this.link(name).click();
    return new PartnershipPage(this.page);
  }
}

/** A partnership's page (/partnerships/:id): members, governance structure, and links to its other pages. */
export class PartnershipPage {
  constructor(readonly page: Page) {}

  /** Opens a partnership from the Partnerships list, by its exact name. */
  static async open(page: Page, name: string) {
    return (await PartnershipsPage.open(page)).select(name);
  }

  /** The first members table. */
  get members() {
    return this.page.locator('#members ~ table, #members ~ .saferhub-table-scroll table').first();
  }

  /** The members table of one group of agencies (its caption, such as "Police"). */
  membersOf(caption: string) {
    return this.page.locator('table', { has: this.page.locator('caption', { hasText: caption }) });
  }

  /** The governance structure: parent and sub-groups. */
  get tree() {
    return this.page.locator('.saferhub-tree');
  }

  async meetings() {
    await this.page.getByRole('link', { name: 'Meetings', exact: true }).click();
    return new MeetingsPage(this.page);
  }

  async riskRegister() {
    await this.page.getByRole('link', { name: 'Shared risk register' }).click();
    return new RiskRegisterPage(this.page);
  }

  async governanceOverview() {
    await this.page.getByRole('link', { name: /Governance overview/ }).click();
  }

  async assuranceDimensions() {
    await this.page.getByRole('link', { name: 'Assurance dimensions' }).click();
  }

  async change() {
    await this.page.getByRole('link', { name: 'Change partnership details' }).click();
  }

  /** Fills and sends the add-member form; leave `agency` out to send it incomplete. */
  async addMember(member: { agency?: string; role?: string; officer?: string } = {}) {
    if (member.agency) await this.page.getByLabel('Agency', { exact: true }).selectOption({ label: member.agency });
    if (member.role) await this.page.getByLabel('Role').selectOption({ label: member.role });
    if (member.officer) await this.page.getByLabel('Named officer (optional)').fill(member.officer);
    await this.page.getByRole('button', { name: 'Add member' }).click();
  }
}

/** The new-partnership and change-partnership form. */
export class PartnershipForm {
  constructor(readonly page: Page) {}

  static async openNew(page: Page) {
    await page.goto('/partnerships/new');
    return new PartnershipForm(page);
  }

  get name() {
    return this.page.getByLabel('Name', { exact: true });
  }

  get areaCode() {
    return this.page.getByLabel('ONS area code (optional)');
  }

  async fill(fields: { name?: string; kind?: string; areaCode?: string; parent?: string; cadence?: string }) {
    if (fields.name !== undefined) await this.name.fill(fields.name);
    if (fields.kind) await this.page.getByLabel(fields.kind).check();
    if (fields.areaCode !== undefined) await this.areaCode.fill(fields.areaCode);
    if (fields.parent) await this.page.getByLabel('Parent partnership').selectOption({ label: fields.parent });
    if (fields.cadence) await this.page.getByLabel('How often it meets').selectOption({ label: fields.cadence });
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save partnership' }).click();
  }
}

/** The new-agency and change-agency form. */
export class AgencyForm {
  constructor(readonly page: Page) {}

  static async openNew(page: Page) {
    await page.goto('/agencies/new');
    return new AgencyForm(page);
  }

  get name() {
    return this.page.getByLabel('Name', { exact: true });
  }

  get shortName() {
    return this.page.getByLabel('Short name (optional)');
  }

  async fill(fields: { name?: string; shortName?: string; kind?: string; responsibleAuthority?: boolean }) {
    if (fields.name !== undefined) await this.name.fill(fields.name);
    if (fields.shortName !== undefined) await this.shortName.fill(fields.shortName);
    if (fields.kind) await this.page.getByLabel(fields.kind).check();
    if (fields.responsibleAuthority !== undefined)
      await this.page
        .getByRole('group', { name: 'Is it a responsible authority?' })
        .getByLabel(fields.responsibleAuthority ? 'Yes' : 'No')
        .check();
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save agency' }).click();
  }
}
