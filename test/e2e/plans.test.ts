import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import {
  ActionForm,
  MyActionsPage,
  PlanPage,
  RoundPage,
  UpdatePage,
  errorSummary,
  heading,
  notice,
  pathOf,
  signIn,
} from './pages/index.js';

const safeCity = 'Safe City Partnership Strategy 2017–2020';

describe('the quarterly progress cycle in the browser', () => {
  let coordinator: Awaited<ReturnType<typeof openBrowser>>;
  let officer: Awaited<ReturnType<typeof openBrowser>>;

  beforeAll(async () => {
    coordinator = await openBrowser();
    officer = await openBrowser();
    await signIn(coordinator.page, 'coordinator@southampton.example');
    await signIn(officer.page, 'officer@police.example');
  });
  afterAll(async () => {
    await coordinator?.close();
    await officer?.close();
  });

  it('shows the Safe City plan, its priorities, the seed 002 table and the RAG summary', async () => {
    const page = coordinator.page;
    await page.goto('/plans');
    await expectNoAxeViolations(page);
    const plan = await PlanPage.open(page, safeCity);
    const planUrl = plan.path;
    await expect(heading(page)).resolves.toBe(safeCity);
    await expectNoAxeViolations(page);
    await plan.progressTable();
    await expect(plan.progressRows.count()).resolves.toBe(22);
    await expectNoAxeViolations(page);
    await page.goto(`${planUrl}/rag`);
    await expect(page.locator('svg[role="img"]').count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await (await PlanPage.at(page, planUrl)).priority(1);
    await expectNoAxeViolations(page);
  });

  it('lets the coordinator open a round, with an accessible error when the due date is missing', async () => {
    const page = coordinator.page;
    const form = await (await PlanPage.open(page, safeCity)).openRoundForm();
    await expectNoAxeViolations(page);
    await form.choosePeriod('2020/21-Q4');
    await form.submit();
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(errorSummary(page).textContent()).resolves.toContain('Enter a real due date');
    await expectNoAxeViolations(page);
    await form.fillDueDate('15', '4', '2099');
    await form.submit();
    await page.waitForURL(/\/rounds\/\d+$/);
    await expect(new RoundPage(page).count('due')).resolves.toBe(22);
    await expectNoAxeViolations(page);
  });

  it('runs submit → return → resubmit → accept, and the round counts follow', async () => {
    // A round of its own, so that nothing depends on the test above.
    const planUrl = (await PlanPage.open(coordinator.page, safeCity)).path;
    const round = await RoundPage.openFor(coordinator.page, planUrl, '2020/21-Q2');
    const roundUrl = round.path;

    const o = officer.page;
    await MyActionsPage.open(o);
    await expectNoAxeViolations(o);
    await new MyActionsPage(o).updateLink('commercial burglary', '2020/21-Q2').click();
    await expectNoAxeViolations(o);
    const update = new UpdatePage(o);
    await update.submit();
    await expect(o.title()).resolves.toMatch(/^Error: /);
    await expectNoAxeViolations(o);
    await update.fill({ rag: 'Amber', narrative: 'Op Hawk continues; two series under investigation.' });
    await update.submit();
    await expect(notice(o).textContent()).resolves.toContain('Version 1 of the update has been submitted');
    await expectNoAxeViolations(o);
    const updateUrl = pathOf(o);

    const c = coordinator.page;
    await c.goto(roundUrl);
    await expect(round.count('submitted')).resolves.toBe(1);
    await expect(round.count('due')).resolves.toBe(21);
    await c.goto(updateUrl);
    const review = new UpdatePage(c);
    await review.returnWithComment();
    await expect(errorSummary(c).textContent()).resolves.toContain('Say what needs to change');
    await expectNoAxeViolations(c);
    await review.returnWithComment('Please add how many premises were visited.');
    await c.waitForURL((url) => url.pathname === roundUrl);
    await expect(round.count('returned')).resolves.toBe(1);
    await expect(round.count('submitted')).resolves.toBe(0);
    await expectNoAxeViolations(c);

    await o.goto(updateUrl);
    await expect(o.getByText('Please add how many premises were visited.').first().isVisible()).resolves.toBe(true);
    await update.fill({ narrative: 'Op Hawk continues; 40 premises visited and two series under investigation.', rag: 'Green' });
    await update.submit();
    await expect(notice(o).textContent()).resolves.toContain('Version 2');
    await expect(o.getByText('Version 1', { exact: true }).count()).resolves.toBe(1);

    await c.goto(updateUrl);
    await expectNoAxeViolations(c);
    await review.accept();
    await c.waitForURL((url) => url.pathname === roundUrl);
    await expect(round.count('accepted')).resolves.toBe(1);
    await expect(round.count('returned')).resolves.toBe(0);
    await expectNoAxeViolations(c);
  });

  it('shows the conflict message, with the typed text kept, when two people submit the same update at once', async () => {
    // A round of its own, so that nothing depends on the tests above.
    const planUrl = (await PlanPage.open(coordinator.page, safeCity)).path;
    await RoundPage.openFor(coordinator.page, planUrl, '2020/21-Q1');
    const second = await openBrowser();
    try {
      await signIn(second.page, 'officer@police.example');
      const first = officer.page;
      const link = (await MyActionsPage.open(first)).updateLink('Implement the Drugs Strategy', '2020/21-Q1');
      const url = (await link.getAttribute('href'))!;
      await first.goto(url);
      await second.page.goto(url);
      const mine = new UpdatePage(first);
      const theirs = new UpdatePage(second.page);
      await mine.fill({ rag: 'Green', narrative: 'Op Monument continues across the city.' });
      await theirs.fill({ rag: 'Amber', narrative: 'My own careful account of drug enforcement.' });
      await mine.submit();
      await expect(notice(first).textContent()).resolves.toContain('Version 1');
      await theirs.submit();
      await expect(errorSummary(second.page).textContent()).resolves.toContain('Someone else changed this update');
      await expect(theirs.narrative.inputValue()).resolves.toBe('My own careful account of drug enforcement.');
      await expectNoAxeViolations(second.page);
    } finally {
      await second.close();
    }
  });

  it('shows the conflict message, with the typed text kept, when two coordinators edit the same action', async () => {
    const second = await openBrowser();
    try {
      await signIn(second.page, 'coordinator@southampton.example');
      const first = coordinator.page;
      const href = (await (await PlanPage.open(first, safeCity)).actionHref(/Implement the Drugs Strategy/))!;
      await first.goto(`${href}/edit`);
      await second.page.goto(`${href}/edit`);
      await new ActionForm(first).save('Implement the Drugs Strategy (first edit).');
      await first.waitForURL((url) => url.pathname === href);
      const theirs = new ActionForm(second.page);
      await theirs.save('Implement the Drugs Strategy, my second edit.');
      await expect(theirs.conflict.textContent()).resolves.toContain('Someone else saved this action');
      await expect(theirs.text.inputValue()).resolves.toBe('Implement the Drugs Strategy, my second edit.');
      await expectNoAxeViolations(second.page);
    } finally {
      await second.close();
    }
  });
});
