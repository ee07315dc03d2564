import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../browser.js';

/** The sign-in form at /sign-in. */
export class SignInPage {
  constructor(readonly page: Page) {}

  static async open(page: Page) {
    await page.goto('/sign-in');
    return new SignInPage(page);
  }

  async submit(email: string, password: string) {
    await this.page.getByLabel('E-mail address').fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
}

/** Signs in through the form (the page must be signed out) and waits to land past it. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await (await SignInPage.open(page)).submit(email, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** Signs out with the header's button, from the start page. */
export async function signOut(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: /Sign out/ }).click();
}
