import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { PlanPage, ScorecardPage, errorSummary, heading, signIn } from './pages/index.js';

const safeCity = 'Safe City Partnership Strategy 2017–2020';
const rate = 'ho:recorded-crime-excluding-fraud-rate';

describe('the scorecard in the browser', () => {
  let coordinator: Awaited<ReturnType<typeof openBrowser>>;

  beforeAll(async () => {
    coordinator = await openBrowser();
    await signIn(coordinator.page, 'coordinator@southampton.example');
  });
  afterAll(async () => {
    await coordinator?.close();
  });

  it('lets the coordinator change a target and see the RAG follow it', async () => {
    const page = coordinator.page;
    await PlanPage.open(page, safeCity);
    await page.getByRole('link', { name: 'Scorecard', exact: true }).click();
    await expect(heading(page)).resolves.toBe(`${safeCity} scorecard`);
    const scorecard = new ScorecardPage(page);
    await expect(scorecard.row(rate).textContent()).resolves.toContain('Highest of 15');
    await expect(scorecard.rag(rate)).resolves.toMatch(/^Red Red: significantly worse than England \(73\.4\)/);
    await expect(scorecard.row(rate).locator('svg.saferhub-sparkline').count()).resolves.toBe(0); // one period: no line to draw
    await expect(scorecard.row('sa:robbery').locator('svg.saferhub-sparkline').count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    // A value target with no value: an accessible error naming the field.
    const form = await scorecard.change(rate);
    await expectNoAxeViolations(page);
    await form.targetValue('');
    await form.save();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(errorSummary(page).textContent()).resolves.toContain('Enter the target value, like 70.5');
    await expectNoAxeViolations(page);

    await form.targetValue('130');
    await form.save();
    await expect(scorecard.rag(rate)).resolves.toBe('Green Green: 121.5 has reached the target of 130.0 or lower');
    await expectNoAxeViolations(page);

    // Back to the demo's target, so other tests see the demo as loaded.
    const again = await scorecard.change(rate);
    await again.targetPosition('Significantly better than the benchmark');
    await again.save();
    await expect(scorecard.rag(rate)).resolves.toMatch(/^Red /);
  });
});
