import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestSmtp } from '../support/smtp.js';
import { baseUrl, expectNoAxeViolations, openBrowser } from './browser.js';
import { formToken } from './forms.js';
import { MeetingForm, PartnershipPage, heading, signIn } from './pages/index.js';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/**
 * A second SaferHub process on the e2e server's embedded database, with SMTP_URL pointing at the test's SMTP
 * server: it sends the outbox's e-mails (the first process has no SMTP settings and sends none).
 */
async function startMailingSaferHub(smtpUrl: string) {
  const port = await freePort();
  const dataDir = inject('dataDir');
  const logFile = path.join(dataDir, 'mailing-server.log');
  const log = fs.openSync(logFile, 'w');
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SAFERHUB_DATA_DIR: dataDir,
      DATABASE_URL: '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      SAFERHUB_DEMO: 'false',
      SMTP_URL: smtpUrl,
      MAIL_FROM: 'SaferHub <saferhub@council.example>',
      PUBLIC_URL: url,
    },
    stdio: ['ignore', log, log],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The second SaferHub exited:\n${fs.readFileSync(logFile, 'utf8')}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('The second SaferHub did not start within 120 seconds');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    log: () => fs.readFileSync(logFile, 'utf8'),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}

describe('notifications: from a change to an e-mail to the page', () => {
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let mailing: Awaited<ReturnType<typeof startMailingSaferHub>>;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    mailing = await startMailingSaferHub(smtp.url);
  });
  afterAll(async () => {
    await mailing?.stop();
    await smtp?.close();
  });

  it('says at start whether e-mail is sent', () => {
    expect(mailing.log()).toContain(
      `Notifications: in SaferHub and by e-mail through 127.0.0.1:${smtp.port}, with links to ${mailing.url}`,
    );
    expect(fs.readFileSync(path.join(inject('dataDir'), 'server.log'), 'utf8')).toContain(
      'Notifications: in SaferHub only (SMTP_URL and MAIL_FROM are not set, so no e-mail is sent)',
    );
  });

  it('e-mails the owner agency’s officer of a new action arising; the link leads, through sign-in, to the notifications page', async () => {
    const coordinator = await openBrowser();
    try {
      await signIn(coordinator.page, 'officer@rushmoor.example');
      await PartnershipPage.open(coordinator.page, 'Safer North Hampshire');
      const form = await MeetingForm.openNew(coordinator.page, coordinator.page.url());
      await form.fill({
        title: 'Notifications tactical group',
        kind: 'Tactical',
        date: '2031-03-11',
        start: '10:00',
        end: '11:00',
        place: 'Council offices',
      });
      const meeting = await form.submit();
      await meeting.recordAction({
        description: 'Private detail: follow up the named address',
        owner: 'Hampshire Constabulary',
        due: '2031-04-01',
      });
    } finally {
      await coordinator.close();
    }

    const deadline = Date.now() + 30_000;
    let mail = smtp.received.find((m) => m.to.includes('officer@police.example') && m.subject.includes('Notifications tactical group'));
    while (!mail && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      mail = smtp.received.find((m) => m.to.includes('officer@police.example') && m.subject.includes('Notifications tactical group'));
    }
    expect(mail, 'an e-mail to officer@police.example').toBeDefined();
    expect(mail!.subject).toBe(
      'SaferHub: An action arising from Notifications tactical group of 11 March 2031 was given to your agency, due 1 April 2031',
    );
    expect(mail!.raw).not.toContain('Private detail');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/notifications)\n/.exec(mail!.text)?.[1];
    expect(link).toBe(`${mailing.url}/notifications`);

    const officer = await openBrowser();
    try {
      const { page } = officer;
      page.setDefaultTimeout(15_000);
      await page.goto(link!);
      await expect(heading(page)).resolves.toBe('Sign in to SaferHub');
      await page.getByLabel('E-mail address').fill('officer@police.example');
      await page.getByLabel('Password', { exact: true }).fill('saferhub-demo-2026');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${mailing.url}/notifications`);
      await expect(heading(page)).resolves.toBe('Notifications');
      const item = page.locator('.saferhub-notification', { hasText: 'Notifications tactical group' });
      await expect(item.count()).resolves.toBe(1);
      const unread = Number(await page.locator('[data-unread-count]').getAttribute('data-unread-count'));
      expect(unread).toBeGreaterThan(0);
      await expect(
        page
          .locator('header')
          .getByRole('link', { name: `Notifications ${unread} unread` })
          .count(),
      ).resolves.toBe(1);
      await expectNoAxeViolations(page);

      await item.getByRole('button', { name: /Mark as read/ }).click();
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Notification marked as read');
      await expect(item.getAttribute('data-unread')).resolves.toBe('false');
      expect(Number(await page.locator('[data-unread-count]').getAttribute('data-unread-count'))).toBe(unread - 1);
      await expectNoAxeViolations(page);

      await item.getByRole('link', { name: /Notifications tactical group/ }).click();
      await expect(page.locator('h1').textContent()).resolves.toBeTruthy();
      expect(new URL(page.url()).pathname).toMatch(/^\/actions\/\d+$/);
    } finally {
      await officer.close();
    }
  });

  it('lets a person choose per kind, without JavaScript, with the page and its error state accessible', async () => {
    // Without JavaScript: the form is plain HTML and saves.
    const noScript = await openBrowser({ javaScriptEnabled: false });
    try {
      const { page } = noScript;
      page.setDefaultTimeout(15_000);
      await signIn(page, 'officer@police.example');
      await page.goto('/notifications/preferences');
      await expect(heading(page)).resolves.toBe('Choose your notifications');
      await page.getByRole('group', { name: 'Meeting papers or minutes are published' }).getByLabel('Off: do not tell me').check();
      await page.getByRole('group', { name: 'A risk review is due' }).getByLabel('In SaferHub, and by e-mail in one daily summary').check();
      await page.getByRole('button', { name: 'Save your choices' }).click();
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Your choices have been saved');
      await expect(
        page.getByRole('group', { name: 'Meeting papers or minutes are published' }).getByLabel('Off: do not tell me').isChecked(),
      ).resolves.toBe(true);
    } finally {
      await noScript.close();
    }

    // axe runs in the page, so with JavaScript: the page, and the page naming a missing choice (as from a tampered form).
    const { page, close } = await openBrowser();
    page.setDefaultTimeout(15_000);
    try {
      await signIn(page, 'officer@police.example');
      await page.goto('/notifications/preferences');
      await expectNoAxeViolations(page);
      const token = await formToken(page.request, '/notifications/preferences');
      await page.request.post(`${baseUrl()}/notifications/preferences`, {
        form: { _csrf: token, 'round-opened': 'immediate' },
        maxRedirects: 0,
      });
      await page.goto('/notifications/preferences');
      await expect(page.title()).resolves.toMatch(/^Error: /);
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Select how to hear that: a risk review is due');
      await expectNoAxeViolations(page);
    } finally {
      await close();
    }
  });
});
