import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { AgencyForm, PartnershipForm, PartnershipPage, errorSummary, heading, notice, signIn, signOut } from './pages/index.js';

const stamp = Date.now().toString(36);

/** Adds an agency through the form and lands on its page. */
async function addAgency(page: Page, name: string) {
  const form = await AgencyForm.openNew(page);
  await form.fill({ name, kind: 'Voluntary', responsibleAuthority: false });
  await form.save();
  await expect(heading(page)).resolves.toBe(name);
}

/** Adds an operational group (with no parent) through the form and lands on its page. */
async function addPartnership(page: Page, name: string) {
  const form = await PartnershipForm.openNew(page);
  await form.fill({ name, kind: 'Operational group' });
  await form.save();
  await expect(heading(page)).resolves.toBe(name);
  return new PartnershipPage(page);
}

describe('foundation pages in a browser: agencies, partnerships, members, audit log, error pages', () => {
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
    await signIn(page, 'admin@saferhub.example');
  });
  afterAll(async () => close?.());

  it('lists agencies and shows one, accessibly', async () => {
    await page.goto('/agencies');
    await expect(heading(page)).resolves.toBe('Agencies');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Aldershot Garrison' }).click();
    await expect(heading(page)).resolves.toBe('Aldershot Garrison');
    await expect(page.getByRole('link', { name: 'Safer North Hampshire' }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
  });

  it('adds an agency, showing the errors first when the form is incomplete, then changes it', async () => {
    const name = `Test Community Trust ${stamp}`;
    const form = await AgencyForm.openNew(page);
    await expectNoAxeViolations(page);
    await form.fill({ shortName: 'TCT' });
    await form.save();
    await expect(page.title()).resolves.toMatch(/^Error: Add an agency/);
    await expect(errorSummary(page).textContent()).resolves.toContain('Enter the agency’s name');
    await expect(form.shortName.inputValue()).resolves.toBe('TCT');
    await expectNoAxeViolations(page);

    // The error summary links to the field.
    await errorSummary(page).locator('a', { hasText: 'Enter the agency’s name' }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('name');

    await form.fill({ name, kind: 'Voluntary', responsibleAuthority: false });
    await form.save();
    await expect(heading(page)).resolves.toBe(name);
    await expect(notice(page).textContent()).resolves.toContain(`${name} has been added`);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: `Change ${name}` }).click();
    await expectNoAxeViolations(page);
    await form.fill({ name: `${name} CIC` });
    await form.save();
    await expect(heading(page)).resolves.toBe(`${name} CIC`);
  });

  it('adds a partnership under the county group and a member to it, with accessible error states', async () => {
    const name = `Test Night-time Economy Group ${stamp}`;
    const form = await PartnershipForm.openNew(page);
    await expectNoAxeViolations(page);
    await form.fill({ name, areaCode: 'nonsense' });
    await form.save();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    const summary = await errorSummary(page).textContent();
    expect(summary).toContain('Select the kind of partnership');
    expect(summary).toContain('Enter an ONS area code like E22000000');
    await expect(form.name.inputValue()).resolves.toBe(name);
    await expectNoAxeViolations(page);

    await form.fill({ kind: 'Operational group', areaCode: '', parent: 'Hampshire Community Safety Strategy Group', cadence: 'Monthly' });
    await form.save();
    await expect(heading(page)).resolves.toBe(name);
    const partnership = new PartnershipPage(page);
    await expect(partnership.tree.textContent()).resolves.toContain('Hampshire Community Safety Strategy Group');

    await partnership.addMember();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(errorSummary(page).textContent()).resolves.toContain('Select an agency');
    await expectNoAxeViolations(page);

    await partnership.addMember({ agency: 'Hampshire Constabulary', role: 'Chair', officer: 'Chief Inspector, Southampton' });
    await expect(notice(page).textContent()).resolves.toContain('The member has been added');
    await expect(partnership.membersOf('Police').textContent()).resolves.toContain('Chief Inspector, Southampton');
    await expectNoAxeViolations(page);

    await partnership.change();
    await expect(heading(page)).resolves.toBe(`Change ${name}`);
    await expectNoAxeViolations(page);
  });

  it('shows the audit log with its filters', async () => {
    // Changes of its own for the log to show: an agency added and changed, a member added.
    const agency = `Audited Residents Group ${stamp}`;
    await addAgency(page, agency);
    await page.getByRole('link', { name: `Change ${agency}` }).click();
    const form = new AgencyForm(page);
    await form.fill({ name: `${agency} CIC` });
    await form.save();
    await expect(heading(page)).resolves.toBe(`${agency} CIC`);
    const partnership = await addPartnership(page, `Audited Group ${stamp}`);
    await partnership.addMember({ agency: 'Hampshire Constabulary', role: 'Chair' });
    await expect(notice(page).textContent()).resolves.toContain('The member has been added');

    await page.goto('/audit');
    await expect(heading(page)).resolves.toBe('Audit log');
    await expect(page.locator('tbody').textContent()).resolves.toContain('membership.create');
    await expectNoAxeViolations(page);
    await page.getByLabel('User').selectOption({ label: 'Alex Admin' });
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(page.url()).toMatch(/\/audit\?user=\d+/);
    await expect(page.locator('tbody').textContent()).resolves.toContain('agency.update');
    await expectNoAxeViolations(page);
  });

  it('shows the accessibility statement, data sources and a 404 page, each accessible', async () => {
    for (const [url, title] of [
      ['/accessibility', 'Accessibility statement for SaferHub'],
      ['/data-sources', 'Data sources and attribution'],
    ]) {
      await page.goto('/');
      await page.getByRole('link', { name: title === 'Data sources and attribution' ? title : 'Accessibility statement' }).click();
      expect(new URL(page.url()).pathname).toBe(url);
      await expect(heading(page)).resolves.toBe(title);
      await expectNoAxeViolations(page);
    }
    const missing = await page.goto('/no-such-page');
    expect(missing?.status()).toBe(404);
    await expect(heading(page)).resolves.toBe('Page not found');
    await expectNoAxeViolations(page);
  });

  it('refuses the audit log to a coordinator with an accessible 403 page, after signing out', async () => {
    // Its own browser: signing out must not leave the other tests' page signed out.
    const own = await openBrowser();
    try {
      await signIn(own.page, 'admin@saferhub.example');
      await signOut(own.page);
      await expect(heading(own.page)).resolves.toBe('You have signed out');
      await expectNoAxeViolations(own.page);
      await signIn(own.page, 'coordinator@southampton.example');
      const refused = await own.page.goto('/audit');
      expect(refused?.status()).toBe(403);
      await expect(heading(own.page)).resolves.toBe('You do not have permission to see this page');
      await expectNoAxeViolations(own.page);
    } finally {
      await own.close();
    }
  });
});

describe('forms without JavaScript', () => {
  it('adds an agency with JavaScript switched off', async () => {
    const plain = await openBrowser({ javaScriptEnabled: false });
    try {
      await signIn(plain.page, 'officer@rushmoor.example');
      const form = await AgencyForm.openNew(plain.page);
      await form.save();
      await expect(errorSummary(plain.page).textContent()).resolves.toContain('Enter the agency’s name');
      await form.fill({ name: `Test Residents Association ${stamp}`, kind: 'Voluntary' });
      await form.save();
      await expect(heading(plain.page)).resolves.toBe(`Test Residents Association ${stamp}`);
    } finally {
      await plain.close();
    }
  });
});
