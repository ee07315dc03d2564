import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { signIn } from './pages/sign-in.js';

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const errorSummary = (page: Page) => page.locator('.govuk-error-summary').textContent();
const banner = (page: Page) => page.locator('.govuk-notification-banner').textContent();

describe('accounts in the browser: adding, choosing and changing a password, disabling, reset links', () => {
  let admin: Page;
  let owner: Page;
  const closers: (() => Promise<void>)[] = [];
  const email = `e2e-${Date.now()}@council.example`;
  let password = 'meadow copper lantern fog';

  beforeAll(async () => {
    for (const which of ['admin', 'owner'] as const) {
      const browser = await openBrowser();
      closers.push(browser.close);
      if (which === 'admin') admin = browser.page;
      else owner = browser.page;
    }
    await signIn(admin, 'admin@saferhub.example');
  });
  afterAll(async () => {
    for (const close of closers) await close();
  });

  /** The admin adds the account; returns the one-time link shown once. */
  async function addUser() {
    await admin.getByRole('link', { name: 'Users', exact: true }).click();
    await expect(heading(admin)).resolves.toBe('Users');
    await expectNoAxeViolations(admin);
    await admin.getByRole('button', { name: 'Add a user' }).click();
    await expectNoAxeViolations(admin);
    await admin.getByRole('button', { name: 'Add user' }).click();
    await expect(errorSummary(admin)).resolves.toContain('Select the person’s agency');
    await expectNoAxeViolations(admin);
    await admin.getByLabel('Name', { exact: true }).fill('Eddie Example');
    await admin.getByLabel('E-mail address').fill(email);
    await admin.getByLabel('Agency').selectOption({ label: 'Southampton City Council' });
    await admin.getByRole('button', { name: 'Add user' }).click();
    await expect(heading(admin)).resolves.toContain('User added');
    await expectNoAxeViolations(admin);
    return admin.getByLabel('Link to choose a password').inputValue();
  }

  async function choosePassword(link: string, newPassword: string) {
    await owner.goto(link);
    await owner.getByLabel('New password', { exact: true }).fill(newPassword);
    await owner.getByLabel('Type the new password again').fill(newPassword);
    await owner.getByRole('button', { name: 'Change password' }).click();
  }

  it('adds a user, who chooses a password through the link (a common one is refused) and signs in', async () => {
    const link = await addUser();
    await owner.goto(link);
    await expect(heading(owner)).resolves.toBe('Choose a new password');
    await expectNoAxeViolations(owner);
    await choosePassword(link, 'Password2024!');
    await expect(errorSummary(owner)).resolves.toContain('Password is too easy to guess');
    await expectNoAxeViolations(owner);
    await choosePassword(link, password);
    await expect(heading(owner)).resolves.toBe('Your password has been changed');
    await expectNoAxeViolations(owner);
    await signIn(owner, email, password);
  });

  it('changes the password on the account page, with accessible errors', async () => {
    await owner.goto('/account');
    await expectNoAxeViolations(owner);
    await owner.getByLabel('Current password').fill('not my password');
    await owner.getByLabel('New password', { exact: true }).fill('river spoon orchard kite');
    await owner.getByLabel('Type the new password again').fill('river spoon orchard kite');
    await owner.getByRole('button', { name: 'Change password' }).click();
    await expect(errorSummary(owner)).resolves.toContain('Your current password is not right');
    await expectNoAxeViolations(owner);
    await owner.locator('.govuk-error-summary a', { hasText: 'Your current password is not right' }).click();
    await expect(owner.evaluate(() => document.activeElement?.id)).resolves.toBe('currentPassword');

    await owner.getByLabel('Current password').fill(password);
    await owner.getByLabel('New password', { exact: true }).fill('river spoon orchard kite');
    await owner.getByLabel('Type the new password again').fill('river spoon orchard kite');
    await owner.getByRole('button', { name: 'Change password' }).click();
    await expect(banner(owner)).resolves.toContain('Your password has been changed');
    await expectNoAxeViolations(owner);
    password = 'river spoon orchard kite';
  });

  it('lets the administrator disable the account (the owner is signed out at once) and enable it again', async () => {
    await admin.goto('/users');
    await admin.getByRole('link', { name: 'Eddie Example' }).click();
    await expectNoAxeViolations(admin);
    await admin.getByRole('button', { name: 'Disable account' }).click();
    await expect(banner(admin)).resolves.toContain('account has been disabled');
    await expectNoAxeViolations(admin);

    await owner.goto('/account');
    expect(owner.url()).toContain('/sign-in');
    await owner.getByLabel('E-mail address').fill(email);
    await owner.getByLabel('Password', { exact: true }).fill(password);
    await owner.getByRole('button', { name: 'Sign in' }).click();
    await expect(errorSummary(owner)).resolves.toContain('The e-mail address or password is not right');

    await admin.getByRole('button', { name: 'Enable account' }).click();
    await expect(banner(admin)).resolves.toContain('account has been enabled');
    await signIn(owner, email, password);
  });

  it('issues a one-time reset link, which works once', async () => {
    await admin.getByRole('button', { name: 'Create a password reset link' }).click();
    await expect(heading(admin)).resolves.toContain('Password reset link created');
    await expectNoAxeViolations(admin);
    const link = await admin.getByLabel('Password reset link').inputValue();

    await choosePassword(link, 'lighthouse pebble walnut drum');
    await expect(heading(owner)).resolves.toBe('Your password has been changed');
    await owner.goto(link);
    await expect(heading(owner)).resolves.toBe('This password reset link cannot be used');
    await expectNoAxeViolations(owner);
    await signIn(owner, email, 'lighthouse pebble walnut drum');
  });
});
