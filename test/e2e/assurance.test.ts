import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openBrowser } from './browser.js';
import { DimensionsPage, PartnershipPage, PlanPage, errorSummary, notice, signIn } from './pages/index.js';

describe('the assurance assessment, in the browser', () => {
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ page, close } = await openBrowser());
    await signIn(page, 'analyst@hants.example');
  });
  afterAll(async () => close?.());

  it('shows a county priority’s six-dimension grid from seed 001, and records a new period’s ratings', async () => {
    const plan = await PlanPage.open(page, 'Hampshire County Agreement for Community Safety 2019–21');
    const priority = await plan.priority(1);
    const grid = priority.assuranceGrid;
    await expect(grid.textContent()).resolves.toContain('County co-ordination');
    await expect(grid.textContent()).resolves.toContain('2019/20');
    await expectNoAxeViolations(page);

    const form = await priority.assess(0);
    await expectNoAxeViolations(page);
    await form.rate('County co-ordination', 'Established', 'Exploitation group meets monthly with all five CCGs represented.');
    await form.save();
    await expect(notice(page).textContent()).resolves.toContain('The assessment has been saved');
    await expect(grid.textContent()).resolves.toContain('Exploitation group meets monthly');
    await expectNoAxeViolations(page);
  });

  it('lets the coordinator keep the partnership’s list of dimensions, with an error when the name is missing', async () => {
    await (await PartnershipPage.open(page, 'Hampshire Community Safety Strategy Group')).assuranceDimensions();
    const dimensions = new DimensionsPage(page);
    await expect(dimensions.list.textContent()).resolves.toContain('Alignment of resources');
    await expectNoAxeViolations(page);
    await dimensions.add();
    await expect(errorSummary(page).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await dimensions.add('Community engagement');
    await expect(dimensions.list.textContent()).resolves.toContain('Community engagement');
  });
});
