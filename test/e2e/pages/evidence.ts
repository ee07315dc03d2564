import type { Page } from 'playwright-core';

/** The Evidence list (/evidence): the indicators, reached from the service navigation. */
export class EvidencePage {
  constructor(readonly page: Page) {}

  /** Opens it with the navigation's Evidence item, as a user would. */
  static async fromNavigation(page: Page) {
    await page.getByRole('link', { name: 'Evidence', exact: true }).first().click();
    return new EvidencePage(page);
  }

  static async open(page: Page) {
    await page.goto('/evidence');
    return new EvidencePage(page);
  }

  indicatorLink(name: string | RegExp) {
    return this.page.getByRole('link', { name });
  }

  async indicator(name: string | RegExp) {
    await this.indicatorLink(name).click();
    return new IndicatorPage(this.page);
  }
}

/** An indicator for one area (/evidence/indicators/:key?area=…): comparison, charts, comparators and trend. */
export class IndicatorPage {
  constructor(readonly page: Page) {}

  /** Opens an indicator by its key (such as `sa:domestic-share-of-violent-crime`) for an area code; returns the response too. */
  static async open(page: Page, key: string, area?: string) {
    const response = await page.goto(`/evidence/indicators/${encodeURIComponent(key)}${area ? `?area=${area}` : ''}`);
    return { indicator: new IndicatorPage(page), status: response?.status() };
  }

  get comparison() {
    return this.page.getByTestId('comparison');
  }

  get comparators() {
    return this.page.getByTestId('comparators');
  }

  get trendTable() {
    return this.page.getByTestId('trend-table');
  }

  /** The charts: SVG images with a title and a description. */
  get charts() {
    return this.page.locator('svg[role="img"]');
  }
}

/** An area's profile (/evidence/areas/:code?period=…), with its CSV download and period picker. */
export class AreaProfilePage {
  constructor(readonly page: Page) {}

  static async open(page: Page, code: string, period?: string) {
    const response = await page.goto(`/evidence/areas/${code}${period ? `?period=${period}` : ''}`);
    return { profile: new AreaProfilePage(page), status: response?.status() };
  }

  get table() {
    return this.page.getByTestId('profile');
  }

  /** Downloads the table as CSV and returns the download. */
  async download() {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('link', { name: 'Download this table (CSV)' }).click(),
    ]);
    return download;
  }

  /** Changes period with the form (no JavaScript needed). */
  async showPeriod(period: string) {
    await this.page.getByLabel('Period').selectOption(period);
    await this.page.getByRole('button', { name: 'Show' }).click();
  }
}

/** The ward hotspot map (/evidence/hotspots?area=…&crime=…). */
export class HotspotsPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, area: string, crime: string) {
    await page.goto(`/evidence/hotspots?area=${area}&crime=${crime}`);
    return new HotspotsPage(page);
  }

  get wardShapes() {
    return this.page.locator('.saferhub-map svg > path');
  }

  get legend() {
    return this.page.getByTestId('legend');
  }

  get wards() {
    return this.page.getByTestId('wards');
  }
}

/** The evidence upload form (/evidence/imports/new). */
export class ImportForm {
  constructor(readonly page: Page) {}

  static async open(page: Page) {
    await page.goto('/evidence/imports/new');
    return new ImportForm(page);
  }

  /** Chooses the kind (its value, such as `population`) and file, then sends; leave both out to send it empty. */
  async upload(file?: { kind: string; path: string }) {
    if (file) {
      await this.page.locator(`input[name="kind"][value="${file.kind}"]`).check();
      await this.page.locator('input[type="file"]').setInputFiles(file.path);
    }
    await this.page.getByRole('button', { name: 'Upload and import' }).click();
  }
}
