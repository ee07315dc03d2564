import type { Locator, Page } from 'playwright-core';

/** The page's one level-1 heading, as text. */
export const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

/** The GOV.UK error summary at the top of a page whose form was refused. */
export const errorSummary = (page: Page): Locator => page.locator('.govuk-error-summary');

/** The notification banner that says what the last action did. */
export const notice = (page: Page): Locator => page.locator('.govuk-notification-banner');

/** The path of the page's address, without the origin or query. */
export const pathOf = (page: Page) => new URL(page.url()).pathname;
