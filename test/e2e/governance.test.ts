import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser, signIn } from './browser.js';

const xss = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';

async function noScriptRan(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
}

describe('governance: meetings, minutes, actions and the shared risk register', () => {
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
    await signIn(page, 'officer@rushmoor.example');
  });
  afterAll(async () => close?.());

  it('shows the demo scrutiny meeting with who reported and who sent no one, and the attendance panel', async () => {
    await page.goto('/partnerships');
    await page.getByRole('link', { name: 'Safer North Hampshire', exact: true }).first().click();
    await page.getByRole('link', { name: 'Meetings', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Meetings');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: /Overview and scrutiny/ }).click();
    const attendance = await page.locator('#attendance + table').textContent();
    expect(attendance).toMatch(/Probation Service\s*Absent/);
    expect(attendance).toMatch(/Rushmoor Borough Council\s*Present/);
    await expect(page.getByText('its update was deferred to the next meeting').count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    await page.goto('/partnerships');
    await page.getByRole('link', { name: 'Safer North Hampshire', exact: true }).first().click();
    await page.getByRole('link', { name: /Governance overview/ }).click();
    const panel = await page.locator('#attendance ~ table').first().textContent();
    expect(panel).toMatch(/Probation Service\s*0 of 1\s*0%/);
    await expectNoAxeViolations(page);
  });

  it('lets a coordinator schedule a meeting, record attendance, minutes and an action the next meeting carries forward', async () => {
    await page.goto('/partnerships');
    await page.getByRole('link', { name: 'Safer North Hampshire', exact: true }).first().click();
    const partnershipUrl = page.url();
    await page.getByRole('link', { name: 'Meetings', exact: true }).click();
    await page.getByRole('link', { name: 'Schedule a meeting' }).click();
    await page.getByRole('button', { name: 'Schedule meeting' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expectNoAxeViolations(page);

    await page.getByLabel('Title').fill('Tactical group, January');
    await page.getByLabel('Tactical').check();
    await page.getByLabel('Date').fill('2030-01-15');
    await page.getByLabel('Start time').fill('10:00');
    await page.getByLabel('End time').fill('11:30');
    await page.getByLabel('Place').fill('Rushmoor council offices');
    await page.getByRole('button', { name: 'Schedule meeting' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Tactical group, January');
    const firstUrl = page.url();

    await page.getByLabel('Title').fill(`Youth ASB ${xss}`);
    await page.getByLabel('Presenting agency').selectOption({ label: 'Rushmoor Borough Council' });
    await page.getByRole('button', { name: 'Add agenda item' }).click();
    await expect(page.locator('#agenda').locator('..').getByText(`Youth ASB ${xss}`).count()).resolves.toBeGreaterThan(0);
    await noScriptRan(page);

    await page.getByRole('link', { name: 'Record attendance' }).click();
    await page.getByRole('group', { name: 'Rushmoor Borough Council' }).getByLabel('Present', { exact: true }).check();
    await page.getByRole('group', { name: 'Probation Service' }).getByLabel('Sent apologies').check();
    await page.getByRole('group', { name: 'Hart District Council' }).getByLabel('Represented by another named officer').check();
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: /); // Hart needs the officer's name
    await expectNoAxeViolations(page);
    await page
      .getByLabel('Officer who attended or represented Hart District Council (optional unless represented)')
      .fill('Community safety manager');
    await page.getByRole('button', { name: 'Save attendance' }).click();
    expect(await page.locator('#attendance + table').textContent()).toMatch(
      /Hart District Council\s*Represented by another officer\s*Community safety manager/,
    );

    await page.getByRole('link', { name: /Write the minutes/ }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Minutes').fill(`Car meets in parks discussed.\n\n- more patrols\n- ${xss}`);
    await page.getByRole('button', { name: 'Save draft minutes' }).click();
    await expect(page.locator('.gov-minutes li').allTextContents()).resolves.toEqual(['more patrols', xss]);
    await noScriptRan(page);

    await page.getByLabel('What is to be done').fill('Map car meet locations with the police');
    await page.getByLabel('Owner agency').selectOption({ label: 'Rushmoor Borough Council' });
    await page.getByLabel('Named officer (optional)').fill('ASB officer');
    await page.getByLabel('Due date').fill('2030-02-01');
    await page.getByRole('button', { name: 'Record action' }).click();
    await expect(page.locator('#actions ~ table').first().textContent()).resolves.toContain('Map car meet locations with the police');
    await expectNoAxeViolations(page);

    await page.goto(partnershipUrl + '/meetings/new');
    await page.getByLabel('Title').fill('Tactical group, February');
    await page.getByLabel('Tactical').check();
    await page.getByLabel('Date').fill('2030-02-12');
    await page.getByLabel('Start time').fill('10:00');
    await page.getByLabel('End time').fill('11:30');
    await page.getByLabel('Online meeting link (optional)').fill('https://meet.example.org/tactical');
    await page.getByRole('button', { name: 'Schedule meeting' }).click();
    const matters = await page.locator('#matters-arising + table').textContent();
    expect(matters).toContain('Map car meet locations with the police');
    expect(matters).toContain('Tactical group, January');
    await expect(page.getByRole('button', { name: 'Record that this meeting approved them' }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    const ics = await page.request.get(firstUrl + '/calendar.ics');
    expect(ics.headers()['content-type']).toContain('text/calendar');
    expect(await ics.text()).toContain('DTSTART:20300115T100000Z');
  });

  it('scores a risk, re-scores it, and shows its history and its place on the heat map', async () => {
    await page.goto('/partnerships');
    await page.getByRole('link', { name: 'Safer North Hampshire', exact: true }).first().click();
    await page.getByRole('link', { name: 'Shared risk register' }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Add a risk' }).click();
    await page.getByRole('button', { name: 'Add risk' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expectNoAxeViolations(page);

    const title = `Car meets escalate ${xss}`;
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Event (optional)').fill('Large car meets move into residential streets');
    await page.getByLabel('Owner agency').selectOption({ label: 'Rushmoor Borough Council' });
    await page.getByLabel('Likelihood before mitigation').selectOption('4');
    await page.getByLabel('Impact before mitigation').selectOption('4');
    await page.getByLabel('Likelihood after mitigation').selectOption('4');
    await page.getByLabel('Impact after mitigation').selectOption('3');
    await page.getByLabel('Date of this assessment').fill('2026-01-10');
    await page.getByRole('button', { name: 'Add risk' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
    await noScriptRan(page);
    const riskUrl = page.url();

    await page.getByRole('link', { name: 'Re-score this risk' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Likelihood after mitigation').selectOption('2');
    await page.getByLabel('Impact after mitigation').selectOption('3');
    await page.getByLabel('Date of this assessment').fill('2026-04-20');
    await page.getByLabel('Note on this assessment (optional)').fill('Dispersal orders in place');
    await page.getByRole('button', { name: 'Record new scores' }).click();
    const history = await page.locator('#history ~ table').first().locator('tbody tr').allTextContents();
    expect(history).toHaveLength(2);
    expect(history[0]).toMatch(/2026\/27-Q1[\s\S]*2 × 3 = Low 6/);
    expect(history[1]).toMatch(/2025\/26-Q4[\s\S]*4 × 3 = Medium 12/);
    await expectNoAxeViolations(page);

    expect(riskUrl).toMatch(/\/risks\/\d+$/);
    await page.goto('/partnerships');
    await page.getByRole('link', { name: 'Safer North Hampshire', exact: true }).first().click();
    await page.getByRole('link', { name: 'Shared risk register' }).click();
    await page.getByRole('link', { name: 'See the heat map' }).click();
    const cell = page.locator('td[data-likelihood="2"][data-impact="3"]');
    await expect(cell.textContent()).resolves.toContain(title);
    await expect(cell.textContent()).resolves.toContain('Low 6');
    await noScriptRan(page);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Risk register', exact: true }).click();
    await page.getByLabel('Current band').selectOption('low');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.locator('table a').allTextContents()).resolves.toContain(title);
    await expectNoAxeViolations(page);
  });

  it('answers 404 for another partnership’s meeting and shows an accessible error page', async () => {
    await page.goto('/partnerships');
    await page.goto('/meetings/999999');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Page not found');
    await expectNoAxeViolations(page);
    const other = await openBrowser();
    try {
      await signIn(other.page, 'analyst@hants.example');
      await other.page.goto('/partnerships');
      await other.page.getByRole('link', { name: 'Hampshire Community Safety Strategy Group' }).first().click();
      await other.page.getByRole('link', { name: 'Shared risk register' }).click();
      await expect(other.page.getByText('County lines re-establish quickly after enforcement').count()).resolves.toBeGreaterThan(0);
      await expectNoAxeViolations(other.page);
      await other.page.getByRole('link', { name: 'Risk heat map' }).click();
      await expectNoAxeViolations(other.page);
      await other.page.getByRole('link', { name: 'Meetings', exact: true }).click();
      await other.page.getByRole('link', { name: 'Quarterly meeting' }).click();
      await expect(
        other.page.getByText('Priority 2 agreed: intimidation, violence and abuse of women and girls.').count(),
      ).resolves.toBeGreaterThan(0);
      await expectNoAxeViolations(other.page);
      // the county council holds no seat in Safer North Hampshire: its scrutiny meeting is not found
      await page.goto('/partnerships');
      await page.getByRole('link', { name: 'Safer North Hampshire', exact: true }).first().click();
      await page.getByRole('link', { name: 'Meetings', exact: true }).click();
      const href = await page.getByRole('link', { name: /Overview and scrutiny/ }).getAttribute('href');
      const refused = await other.page.goto(href!);
      expect(refused?.status()).toBe(404);
      expect(await other.page.content()).not.toContain('garrison');
      await expectNoAxeViolations(other.page);
    } finally {
      await other.close();
    }
  });
});
