import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { MeetingForm, PartnershipPage, heading, signIn } from './pages/index.js';

const xss = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';

async function noScriptRan(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
}

const northHampshire = 'Safer North Hampshire';

describe('governance: meetings, minutes, actions and the shared risk register', () => {
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
    await signIn(page, 'officer@rushmoor.example');
  });
  afterAll(async () => close?.());

  it('shows the demo scrutiny meeting with who reported and who sent no one, and the attendance panel', async () => {
    const meetings = await (await PartnershipPage.open(page, northHampshire)).meetings();
    await expect(heading(page)).resolves.toBe('Meetings');
    await expectNoAxeViolations(page);
    const meeting = await meetings.open(/Overview and scrutiny/);
    const attendance = await meeting.attendance.textContent();
    expect(attendance).toMatch(/Probation Service\s*Absent/);
    expect(attendance).toMatch(/Rushmoor Borough Council\s*Present/);
    await expect(page.getByText('its update was deferred to the next meeting').count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    await (await PartnershipPage.open(page, northHampshire)).governanceOverview();
    const panel = await page.locator('#attendance ~ table, #attendance ~ .saferhub-table-scroll table').first().textContent();
    expect(panel).toMatch(/Probation Service\s*0 of 1\s*0%/);
    await expectNoAxeViolations(page);
  });

  it('lets a coordinator schedule a meeting, record attendance, minutes and an action the next meeting carries forward', async () => {
    const partnership = await PartnershipPage.open(page, northHampshire);
    const partnershipUrl = page.url();
    const form = await (await partnership.meetings()).schedule();
    await form.submit();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expectNoAxeViolations(page);

    await form.fill({
      title: 'Tactical group, January',
      kind: 'Tactical',
      date: '2030-01-15',
      start: '10:00',
      end: '11:30',
      place: 'Rushmoor council offices',
    });
    const meeting = await form.submit();
    await expect(heading(page)).resolves.toBe('Tactical group, January');
    const firstUrl = page.url();

    await meeting.addAgendaItem({ title: `Youth ASB ${xss}`, presentingAgency: 'Rushmoor Borough Council' });
    await expect(meeting.agenda.getByText(`Youth ASB ${xss}`).count()).resolves.toBeGreaterThan(0);
    await noScriptRan(page);

    const attendance = await meeting.recordAttendance();
    await attendance.mark('Rushmoor Borough Council', 'Present');
    await attendance.mark('Probation Service', 'Sent apologies');
    await attendance.mark('Hart District Council', 'Represented by another named officer');
    await attendance.save();
    await expect(page.title()).resolves.toMatch(/^Error: /); // Hart needs the officer's name
    await expectNoAxeViolations(page);
    await attendance.officerOf('Hart District Council').fill('Community safety manager');
    await attendance.save();
    expect(await meeting.attendance.textContent()).toMatch(
      /Hart District Council\s*Represented by another officer\s*Community safety manager/,
    );

    const minutes = await meeting.writeMinutes();
    await expectNoAxeViolations(page);
    await minutes.saveDraft(`Car meets in parks discussed.\n\n- more patrols\n- ${xss}`);
    await expect(meeting.minutesItems.allTextContents()).resolves.toEqual(['more patrols', xss]);
    await noScriptRan(page);

    await meeting.recordAction({
      description: 'Map car meet locations with the police',
      owner: 'Rushmoor Borough Council',
      officer: 'ASB officer',
      due: '2030-02-01',
    });
    await expect(meeting.actions.textContent()).resolves.toContain('Map car meet locations with the police');
    await expectNoAxeViolations(page);

    const next = await MeetingForm.openNew(page, partnershipUrl);
    await next.fill({
      title: 'Tactical group, February',
      kind: 'Tactical',
      date: '2030-02-12',
      start: '10:00',
      end: '11:30',
      onlineUrl: 'https://meet.example.org/tactical',
    });
    const february = await next.submit();
    const matters = await february.mattersArising.textContent();
    expect(matters).toContain('Map car meet locations with the police');
    expect(matters).toContain('Tactical group, January');
    await expect(page.getByRole('button', { name: 'Record that this meeting approved them' }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    const ics = await page.request.get(firstUrl + '/calendar.ics');
    expect(ics.headers()['content-type']).toContain('text/calendar');
    expect(await ics.text()).toContain('DTSTART:20300115T100000Z');
  });

  it('scores a risk, re-scores it, and shows its history and its place on the heat map', async () => {
    const register = await (await PartnershipPage.open(page, northHampshire)).riskRegister();
    await expectNoAxeViolations(page);
    const form = await register.addRisk();
    await form.submit();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expectNoAxeViolations(page);

    const title = `Car meets escalate ${xss}`;
    await form.fill({
      title,
      event: 'Large car meets move into residential streets',
      owner: 'Rushmoor Borough Council',
      inherent: [4, 4],
      residual: [4, 3],
      assessedOn: '2026-01-10',
    });
    const risk = await form.submit();
    await expect(heading(page)).resolves.toBe(title);
    await noScriptRan(page);
    const riskUrl = page.url();

    const score = await risk.rescore();
    await expectNoAxeViolations(page);
    await score.fill({ residual: [2, 3], assessedOn: '2026-04-20', note: 'Dispersal orders in place' });
    await score.submit();
    const history = await risk.history();
    expect(history).toHaveLength(2);
    expect(history[0]).toMatch(/2026\/27-Q1[\s\S]*2 × 3 = Low 6/);
    expect(history[1]).toMatch(/2025\/26-Q4[\s\S]*4 × 3 = Medium 12/);
    await expectNoAxeViolations(page);

    expect(riskUrl).toMatch(/\/risks\/\d+$/);
    const heatMap = await (await (await PartnershipPage.open(page, northHampshire)).riskRegister()).heatMap();
    const cell = heatMap.cell(2, 3);
    await expect(cell.textContent()).resolves.toContain(title);
    await expect(cell.textContent()).resolves.toContain('Low 6');
    await noScriptRan(page);
    await expectNoAxeViolations(page);

    const filtered = await heatMap.register();
    await filtered.filterByBand('low');
    await expect(filtered.titles()).resolves.toContain(title);
    await expectNoAxeViolations(page);
  });

  it('answers 404 for another partnership’s meeting and shows an accessible error page', async () => {
    await page.goto('/partnerships');
    await page.goto('/meetings/999999');
    await expect(heading(page)).resolves.toBe('Page not found');
    await expectNoAxeViolations(page);
    const other = await openBrowser();
    try {
      await signIn(other.page, 'analyst@hants.example');
      await (await PartnershipPage.open(other.page, 'Hampshire Community Safety Strategy Group')).riskRegister();
      await expect(other.page.getByText('County lines re-establish quickly after enforcement').count()).resolves.toBeGreaterThan(0);
      await expectNoAxeViolations(other.page);
      await other.page.getByRole('link', { name: 'Risk heat map' }).click();
      await expectNoAxeViolations(other.page);
      const meetings = await new PartnershipPage(other.page).meetings();
      await meetings.open('Quarterly meeting');
      await expect(
        other.page.getByText('Priority 2 agreed: intimidation, violence and abuse of women and girls.').count(),
      ).resolves.toBeGreaterThan(0);
      await expectNoAxeViolations(other.page);
      // the county council holds no seat in Safer North Hampshire: its scrutiny meeting is not found
      const ours = await (await PartnershipPage.open(page, northHampshire)).meetings();
      const href = await ours.link(/Overview and scrutiny/).getAttribute('href');
      const refused = await other.page.goto(href!);
      expect(refused?.status()).toBe(404);
      expect(await other.page.content()).not.toContain('garrison');
      await expectNoAxeViolations(other.page);
    } finally {
      await other.close();
    }
  });
});
