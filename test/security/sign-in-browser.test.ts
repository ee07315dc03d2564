/**
 * The second factor and single sign-on, end to end in Chromium: SaferHub listening on loopback (this
 * worker's test database, SECOND_FACTOR=privileged, single sign-on to a real oidc-provider started here),
 * a coordinator made to set up an authenticator app right after their password, then asked for its code at
 * their next sign-in, and a person signed in through the provider's own pages. Every page of the second
 * step passes axe, its error state included.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { queryRows } from '../../src/db/database.js';
import { createServices } from '../../src/services.js';
import { axeViolations } from '../e2e/browser.js';
import { testRuntime } from '../support/db.js';
import { buildPartnership, buildUser } from '../support/factories.js';
import { startTestProvider, TEST_CLIENT, type TestProvider } from '../support/oidc.js';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

let app: App;
let provider: TestProvider;
let context: BrowserContext;
let page: Page;
let profile: string;
let base: string;

beforeAll(async () => {
  base = `http://127.0.0.1:${await freePort()}`;
  provider = await startTestProvider([`${base}/sign-in/sso/callback`]);
  const { database, services } = await testRuntime();
  const config = {
    ...services.config,
    publicUrl: base,
    secondFactor: 'privileged' as const,
    oidc: {
      issuer: provider.issuer,
      clientId: TEST_CLIENT.id,
      clientSecret: TEST_CLIENT.secret,
      buttonLabel: 'Sign in with Hampshire County Council',
      allowHttp: true,
    },
  };
  app = await buildApp({ services: createServices(database, config), cookieSecret: 'test-cookie-secret-that-is-long-enough-for-signing' });
  await app.listen({ port: Number(new URL(base).port), host: '127.0.0.1' });
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  // Nothing leaves the machine (the provider's development pages ask for a web font).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    return url.startsWith(base) || url.startsWith(provider.issuer) ? route.continue() : route.abort();
  });
  page = context.pages()[0] ?? (await context.newPage());
}, 120_000);

afterAll(async () => {
  await context?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  await app?.close();
  await provider?.close();
});

async function expectAccessible() {
  expect(await axeViolations(page), `axe violations on ${page.url()}`).toEqual([]);
}

async function signInWithPassword(email: string, password: string) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function signOut() {
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: /Sign out/ }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'You have signed out' }).count()).toBe(1);
}

describe('signing in with a second factor and with single sign-on, in the browser', () => {
  it('sets up an authenticator for a coordinator, asks for its code next time, and signs someone in through the provider', async () => {
    const p = await buildPartnership({ name: 'Browser Partnership' });
    const coordinator = await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] });
    const viewer = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });

    // 1. The coordinator's password is right; they must set up a second factor before anything else.
    await signInWithPassword(coordinator.email, coordinator.password);
    await page.waitForURL(`${base}/sign-in/second-factor/set-up`);
    await expectAccessible();
    await page.goto(`${base}/partnerships/${p.id}`);
    // Anything else sends them back to the set-up (and brings them to the page afterwards).
    expect(new URL(page.url()).pathname).toBe('/sign-in/second-factor/set-up');
    const secret = (await page.locator('#setup-key').innerText()).replace(/\s/g, '');
    expect(await page.getByLabel('Setup address').inputValue()).toContain(`secret=${secret}`);
    await page.getByLabel('Code from the app').fill('123');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    await expectAccessible();
    await page.getByLabel('Code from the app').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    await expectAccessible();
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/partnerships/${p.id}`);
    await page.getByRole('heading', { name: 'Browser Partnership' }).waitFor();
    await signOut();

    // 2. Next time the password alone is not enough: the code from the app is asked for, once.
    await signInWithPassword(coordinator.email, coordinator.password);
    await page.waitForURL(`${base}/sign-in/second-factor`);
    await page.getByLabel('Code').fill('000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    await expect.poll(() => page.getByText('The code is not right').count()).toBeGreaterThan(0);
    await expectAccessible();
    await page.getByLabel('Code').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/account/second-factor`);
    await page.getByText('you cannot turn it off').waitFor();
    await expectAccessible();
    await signOut();

    // 3. Single sign-on: the button, the provider's own sign-in and consent pages, and back signed in.
    await page.goto(`${base}/sign-in?returnTo=${encodeURIComponent(`/partnerships/${p.id}`)}`);
    await page.getByRole('button', { name: 'Sign in with Hampshire County Council' }).click();
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    await page.locator('input[name="login"]').fill(viewer.email);
    await page.locator('input[name="password"]').fill('anything: the provider checks its own');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/partnerships/${p.id}`);
    await page.getByRole('heading', { name: 'Browser Partnership' }).waitFor();
    expect(await page.getByRole('button', { name: /Sign out/ }).count()).toBe(1);

    // The account's second-factor pages as someone without one (the sweep's demo accounts see them too).
    await page.goto(`${base}/account/second-factor`);
    await page.getByText('Not set up').first().waitFor();
    await expectAccessible();
    await page.getByRole('link', { name: 'Set up an authenticator app' }).click();
    await page.locator('#setup-key').waitFor();
    expect(await page.getByRole('button', { name: 'Cancel and sign in as someone else' }).count()).toBe(0);
    await expectAccessible();

    const { database } = await testRuntime();
    const signIns = await queryRows<{ user_id: number; details: unknown }>(
      database.db,
      sql`select user_id, details from audit_log where action = 'sign-in' order by id`,
    );
    expect(signIns).toEqual([
      { user_id: coordinator.id, details: { secondFactor: 'set up' } },
      { user_id: coordinator.id, details: { secondFactor: 'authenticator' } },
      { user_id: viewer.id, details: { method: 'single sign-on' } },
    ]);
  }, 240_000);
});
