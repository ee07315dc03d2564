import type { Page } from 'playwright-core';

/** Your account (/account) and its API tokens page (/account/tokens). */
export class AccountPage {
  constructor(readonly page: Page) {}

  static async fromNavigation(page: Page) {
    await page.getByRole('link', { name: 'Your account', exact: true }).click();
    return new AccountPage(page);
  }

  static async open(page: Page) {
    await page.goto('/account');
    return new AccountPage(page);
  }

  async tokens() {
    await this.page.getByRole('link', { name: 'Manage your API tokens' }).click();
    return new TokensPage(this.page);
  }

  async createCalendarAddresses() {
    await this.page.getByRole('button', { name: 'Create calendar addresses' }).click();
  }
}

export class TokensPage {
  constructor(readonly page: Page) {}

  /** Creates a token; leave the purpose out to send the form empty. Returns the secret shown once, if any. */
  async create(purpose?: string) {
    if (purpose !== undefined) await this.page.getByLabel('What is it for?').fill(purpose);
    await this.page.getByRole('button', { name: 'Create token' }).click();
    return purpose === undefined ? undefined : this.page.getByLabel('Your token').inputValue();
  }

  /** Revokes the token made for `purpose` (other tokens, such as a calendar's, may be listed too). */
  async revoke(purpose: string) {
    await this.page.getByRole('button', { name: `Revoke token ${purpose}` }).click();
  }
}
