import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { AssessmentPage, errorSummary, heading, notice, signIn } from './pages/index.js';

const safeCity = 'Southampton Safe City Partnership';
const crimeRate = 'Police recorded crime (excluding fraud), rate per 1,000 population';

describe('the strategic assessment in the browser', () => {
  let coordinator: Awaited<ReturnType<typeof openBrowser>>;
  let officer: Awaited<ReturnType<typeof openBrowser>>;
  let viewer: Awaited<ReturnType<typeof openBrowser>>;
  let assessmentPath = '';

  beforeAll(async () => {
    coordinator = await openBrowser();
    officer = await openBrowser();
    viewer = await openBrowser();
    await signIn(coordinator.page, 'coordinator@southampton.example');
    await signIn(officer.page, 'officer@police.example');
    await signIn(viewer.page, 'councillor@southampton.example');
  });
  afterAll(async () => {
    await coordinator?.close();
    await officer?.close();
    await viewer?.close();
  });

  it('lets a coordinator build themes with findings, score them, agree, adopt two priorities and open the new draft plan', async () => {
    const page = coordinator.page;
    const assessment = await AssessmentPage.start(page, safeCity, { title: 'Browser test assessment 2019/20', year: '2019/20' });
    assessmentPath = assessment.path;
    // The evidence pack is built from Southampton's figures, each linked to its indicator page.
    await expect(page.getByRole('link', { name: crimeRate }).first().getAttribute('href')).resolves.toContain('area=E22000120');
    await expectNoAxeViolations(page);

    const crime = await assessment.addTheme('Overall crime', crimeRate);
    // A finding without its statement is refused, accessibly.
    await page.getByRole('button', { name: 'Add finding' }).click();
    await page.waitForLoadState('load');
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(errorSummary(page).textContent()).resolves.toContain('Enter the finding');
    await expectNoAxeViolations(page);
    await crime.addDocumentFinding('Recorded crime rose on the year before.', '+10.7%', 'Safe City annual review');
    await expect(page.locator('main').textContent()).resolves.toContain('Recorded crime rose on the year before.');
    await expectNoAxeViolations(page);
    // A finding of the draft is changed on its own page.
    await page
      .getByRole('link', { name: /Change or remove/ })
      .first()
      .click();
    await expect(heading(page)).resolves.toBe('Change the finding');
    await expectNoAxeViolations(page);
    await page.getByLabel('Finding', { exact: true }).fill('Recorded crime rose by a tenth on the year before.');
    await page.getByRole('button', { name: 'Save finding' }).click();
    await page.waitForLoadState('load');
    await expect(notice(page).textContent()).resolves.toContain('The finding has been saved');
    await expect(page.locator('main').textContent()).resolves.toContain('Recorded crime rose by a tenth on the year before.');
    await page.getByRole('link', { name: 'Score this theme' }).click();
    // The data criteria show their pre-score and rule.
    await expect(page.locator('main').textContent()).resolves.toContain('From the data: 5.');
    await expectNoAxeViolations(page);
    await page.getByLabel('Score for ‘Harm’').fill('3');
    await page.getByRole('button', { name: 'Save scores' }).click();
    await page.waitForURL(/\/assessments\/\d+/);

    await assessment.addTheme('Violence against women and girls');
    await page.goto(assessmentPath);
    await page.getByRole('link', { name: 'Score ‘Violence against women and girls’' }).click();
    await page.getByLabel('Score for ‘Harm’').fill('5');
    await page.getByLabel('Score for ‘Vulnerability of victims’').fill('5');
    await page.getByRole('button', { name: 'Save scores' }).click();
    await page.waitForURL(/\/assessments\/\d+/);
    await assessment.addTheme('Vehicle crime');
    await page.goto(assessmentPath);
    await expect(assessment.ranked()).resolves.toEqual([
      // Harm 5×3 + vulnerability 5×3; pre-scored scale 5×2 + similar areas 5×1 + harm 3×3.
      '1 Violence against women and girls 30 of 70',
      '2 Overall crime 24 of 70',
      '3 Vehicle crime 0 of 70',
    ]);
    await expectNoAxeViolations(page);

    // The pack's indicators are chosen with checkboxes grouped by source; saving builds it again.
    await page.getByRole('link', { name: 'Choose the evidence pack’s indicators' }).click();
    await expect(heading(page)).resolves.toBe('Choose the evidence pack’s indicators');
    await expect(page.getByRole('group', { name: 'Home Office recorded crime' }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await page.getByLabel('Residents who feel safe outside after dark').uncheck();
    await page.getByRole('button', { name: 'Save and build the pack' }).click();
    await page.waitForURL(/\/assessments\/\d+#evidence-pack$/);
    await expect(notice(page).textContent()).resolves.toContain('The indicators are chosen');
    await expect(page.getByRole('link', { name: 'Residents who feel safe outside after dark' }).count()).resolves.toBe(0);

    await assessment.agree();
    await expect(notice(page).textContent()).resolves.toContain('The assessment is agreed');
    await page.getByRole('link', { name: 'Adopt priorities from the ranked themes' }).click();
    await page.waitForURL(/\/adopt$/);
    await expect(heading(page)).resolves.toBe('Adopt priorities');
    await expectNoAxeViolations(page);
    await page.getByLabel(/\d\. Overall crime/).check();
    await page.getByLabel(/\d\. Violence against women and girls/).check();
    await page.getByRole('button', { name: 'Adopt priorities' }).click();
    await page.waitForLoadState('load');
    // A reason is needed for the theme left out.
    await expect(errorSummary(page).textContent()).resolves.toContain('Say why this theme was not adopted');
    await expectNoAxeViolations(page);
    await page.getByLabel(/\d\. Overall crime/).check();
    await page.getByLabel(/\d\. Violence against women and girls/).check();
    await page.getByLabel('Why ‘Vehicle crime’ was not adopted (leave blank if adopted)').fill('Falling, and led by the police alone.');
    await page.getByRole('button', { name: 'Adopt priorities' }).click();
    await page.waitForURL(/\/plans\/\d+$/);
    await expect(heading(page)).resolves.toContain('2020/21 onwards');
    await expect(page.locator('main').textContent()).resolves.toMatch(/Violence against women and girls[\s\S]*Overall crime/);
    await expectNoAxeViolations(page);

    await page.goto(`${assessmentPath}/document`);
    await expect(page.locator('main').textContent()).resolves.toContain('Falling, and led by the police alone.');
    await expectNoAxeViolations(page);
    // The document downloads as a PDF and a Word document.
    for (const [link, extension] of [
      ['PDF (A4)', '.pdf'],
      ['Word document', '.docx'],
    ]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`strategic-assessment-2019-20-agreed\\${extension}$`));
    }
  });

  it('lets a lead officer reply to a contribution request, and the coordinator sees who has replied', async () => {
    const c = coordinator.page;
    await c.goto(assessmentPath);
    await c.getByRole('link', { name: 'Ask the member agencies for their contributions' }).click();
    await c.getByLabel('Day').fill('15');
    await c.getByLabel('Month').fill('1');
    await c.getByLabel('Year').fill('2099');
    await c.getByRole('button', { name: 'Send the request' }).click();
    await c.waitForURL(/\/contribution-requests\/\d+$/);
    const requestPath = new URL(c.url()).pathname;

    const o = officer.page;
    await o.goto(requestPath);
    await expectNoAxeViolations(o);
    await o.getByLabel('Your agency’s view of the themes').fill('Knife crime in the city centre is our first concern.');
    await o.getByRole('button', { name: 'Send reply' }).click();
    await o.waitForLoadState('load');
    await expect(notice(o).textContent()).resolves.toContain('Your agency’s contribution has been sent');
    await expectNoAxeViolations(o);

    await c.goto(requestPath);
    const row = c.getByRole('row', { name: /Hampshire Constabulary/ });
    await expect(row.textContent()).resolves.toContain('Replied');
    await expect(row.textContent()).resolves.toContain('Knife crime in the city centre');
    await expect(c.getByRole('row', { name: /Probation Service/ }).textContent()).resolves.toContain('Not replied');
    await expectNoAxeViolations(c);
  });

  it('lets a viewer read the assessment but not change it', async () => {
    const v = viewer.page;
    await v.goto(assessmentPath);
    await expect(heading(v)).resolves.toBe('Browser test assessment 2019/20');
    await expect(v.getByRole('link', { name: 'Add a theme' }).count()).resolves.toBe(0);
    await expect(v.locator('main').getByRole('button').count()).resolves.toBe(0);
    await expectNoAxeViolations(v);
    const refused = await v.goto('/assessments');
    expect(refused?.status()).toBe(200);
    await expect(v.getByRole('link', { name: /Start an assessment/ }).count()).resolves.toBe(0);
    const edit = await v.goto(`${assessmentPath}/adopt`);
    expect(edit?.status()).toBe(403);
  });
});
