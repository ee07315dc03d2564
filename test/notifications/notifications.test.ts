import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAgent, testApp } from '../support/app.js';
import { testRuntime } from '../support/db.js';
import * as factories from '../support/factories.js';
import { startTestSmtp } from '../support/smtp.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { planWorld } from '../../src/modules/plans/test-support.js';
import { createNotificationScheduler, createOutboxWorker, notificationKinds } from '../../src/modules/notifications/index.js';
import * as repo from '../../src/modules/notifications/repository.js';

const world = async () => planWorld({ services: (await testRuntime()).services, ...factories });
const BASE = 'https://saferhub.council.example';
const FROM = 'SaferHub <saferhub@council.example>';

let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let second: Database;

beforeAll(async () => {
  smtp = await startTestSmtp();
  const { services } = await testRuntime();
  // A second pool on the same database: a second SaferHub process, as far as PostgreSQL can tell.
  second = await openDatabase({ databaseUrl: services.config.databaseUrl, dataDir: '', poolSize: 2 });
});
afterAll(async () => {
  await smtp.close();
  await second.close();
});

async function worker(db?: Database['db'], options: { backoffBaseMs?: number } = {}) {
  const nodemailer = (await import('nodemailer')).default;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  return createOutboxWorker(db ?? (await testRuntime()).database.db, { transport, from: FROM, baseUrl: BASE, ...options });
}

/** Sends whatever other tests left in the outbox, so each test counts only its own e-mails. */
async function drain() {
  await (await worker()).runOnce();
  smtp.received.length = 0;
}

const mailTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
const choices = (overrides: Record<string, string>) =>
  Object.fromEntries(notificationKinds.map((k) => [k.key, overrides[k.key] ?? 'immediate']));

describe('notifications', () => {
  it('tells the lead officers when a round opens, in SaferHub and by one e-mail even with two workers competing', async () => {
    await drain();
    const w = await world();
    const { services } = w;
    const mine = await services.notifications.list(w.contributor.actor);
    expect(mine.items.map((n) => n.title)).toEqual([
      'Progress round 2020/21 Q3 of Test Strategy is open: updates are due by 15 January 2099',
    ]);
    // Not a lead agency's officer, not a contributor, not in the partnership: not told.
    for (const other of [w.councilContributor, w.viewer, w.outsider])
      expect((await services.notifications.list(other.actor)).total).toBe(0);

    const [a, b] = [await worker(), await worker(second.db)];
    await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    await smtp.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    const mails = mailTo(w.contributor.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.from).toBe('saferhub@council.example');
    expect(mail.subject).toBe('SaferHub: Progress round 2020/21 Q3 of Test Strategy is open: updates are due by 15 January 2099');
    expect(mail.text).toContain(`${BASE}/notifications\n`);
    expect(mail.text).toContain(`${BASE}/notifications/preferences`);
    expect(mail.html).toContain(`href="${BASE}/notifications"`);
    expect(mail.text).toMatch(/^Hello Test User \d+,/);
    expect(smtp.received.filter((m) => !m.to.includes(w.contributor.email))).toHaveLength(0);
  });

  it('tells the author when their update is returned or accepted, without the comment or the narrative, and the page marks it read', async () => {
    const w = await world();
    const { services } = w;
    await drain();
    const progress = services.plans.progress;
    const v1 = await progress.submitUpdate(w.contributor.actor, w.round.id, w.action.id, {
      rag: 'amber',
      narrative: 'Confidential narrative about a named offender',
      basedOn: 0,
    } as never);
    await progress.reviewUpdate(w.coordinator.actor, v1.id, { decision: 'return', comment: 'Confidential reviewer comment' });
    await (await worker()).runOnce();
    const mails = mailTo(w.contributor.email);
    expect(mails.map((m) => m.subject)).toEqual(['SaferHub: Your update for 2020/21 Q3 on “Tackle commercial burglary” was returned']);
    for (const secret of ['Confidential', 'named offender']) {
      expect(mails[0]!.raw).not.toContain(secret);
      expect(mails[0]!.text + mails[0]!.html).not.toContain(secret);
    }

    const agent = await signedInAgent(w.contributor);
    let page = await agent.get('/notifications');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-unread-count="2"');
    expect(page.body).toContain('You have 2 unread notifications.');
    expect(page.body).toContain(`href="/rounds/${w.round.id}/actions/${w.action.id}"`);
    const [returned] = (await services.notifications.list(w.contributor.actor)).items;
    // Someone else's notification is not theirs to mark: it answers as if it did not exist.
    const outsider = await signedInAgent(w.councilContributor);
    expect((await outsider.post(`/notifications/${returned!.id}/read`)).statusCode).toBe(404);
    const read = await agent.post(`/notifications/${returned!.id}/read`);
    expect(read.statusCode).toBe(303);
    page = await agent.follow(read);
    expect(page.body).toContain('Notification marked as read');
    expect(page.body).toContain('data-unread-count="1"');
    await agent.post('/notifications/read-all');
    expect((await agent.get('/notifications')).body).toContain('You have no unread notifications.');
  });

  it('retries an e-mail the SMTP server refuses, waiting twice as long each time, and sends it once it is accepted', async () => {
    await drain();
    const w = await world();
    smtp.refuse(2);
    const retrying = await worker(undefined, { backoffBaseMs: 300 });
    const ownRow = async () => (await repo.outboxRows(w.services.database.db)).find((r) => r.userId === w.contributor.id)!;

    expect(await retrying.runOnce()).toBe(0);
    let row = await ownRow();
    expect([row.state, row.attempts, row.lastError]).toEqual(['pending', 1, 'EMESSAGE 451']);
    const firstWait = row.nextAttemptAt.getTime() - Date.now();
    expect(firstWait).toBeGreaterThan(100);
    expect(firstWait).toBeLessThanOrEqual(300);
    expect(await retrying.runOnce()).toBe(0); // not due yet: nothing is tried
    expect((await ownRow()).attempts).toBe(1);

    await new Promise((r) => setTimeout(r, 350));
    expect(await retrying.runOnce()).toBe(0);
    row = await ownRow();
    expect([row.state, row.attempts]).toEqual(['pending', 2]);
    expect(row.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(350); // 600 ms: twice the first wait

    await new Promise((r) => setTimeout(r, 650));
    expect(await retrying.runOnce()).toBe(1);
    row = await ownRow();
    expect([row.state, row.attempts, row.sentAt !== null]).toEqual(['sent', 3, true]);
    expect(mailTo(w.contributor.email)).toHaveLength(1);
  });

  it('keeps a kind set to the daily digest for one e-mail on the next working day, and tells nothing of a kind set to off', async () => {
    const w = await world();
    const { services } = w;
    const agent = await signedInAgent(w.contributor);
    const form = await agent.get('/notifications/preferences');
    expect(form.body).toContain('Choose your notifications');
    const bad = await agent.post('/notifications/preferences', { ...choices({}), 'risk-review': 'sometimes' });
    expect((await agent.follow(bad)).body).toContain('Select how to hear that: a risk review is due');
    const saved = await agent.post('/notifications/preferences', choices({ 'update-reviewed': 'digest', 'round-opened': 'off' }));
    expect((await agent.follow(saved)).body).toContain('Your choices have been saved');

    // Off: a new round tells them nothing.
    await services.plans.progress.openRound(w.coordinator.actor, w.plan.id, { periodKey: '2020/21-Q4', dueDate: '2099-04-15' });
    expect((await services.notifications.list(w.contributor.actor)).items.filter((n) => n.title.includes('Q4'))).toEqual([]);

    // Digest: in SaferHub now, no e-mail until the digest is made.
    const v1 = await services.plans.progress.submitUpdate(w.contributor.actor, w.round.id, w.action.id, {
      rag: 'green',
      narrative: 'Done',
      basedOn: 0,
    } as never);
    await services.plans.progress.reviewUpdate(w.coordinator.actor, v1.id, { decision: 'accept', comment: undefined } as never);
    expect((await services.notifications.list(w.contributor.actor)).items[0]!.title).toContain('was accepted');
    await drain();
    expect(mailTo(w.contributor.email)).toHaveLength(0);

    const db = services.database.db;
    const saturday = createNotificationScheduler(db, { now: () => new Date('2026-12-05T09:00:00Z') });
    expect((await saturday.runOnce()).digests).toBe(0);
    const wednesdayEarly = createNotificationScheduler(db, { now: () => new Date('2026-12-02T06:30:00Z') });
    expect((await wednesdayEarly.runOnce()).digests).toBe(0);
    const wednesday = createNotificationScheduler(db, { now: () => new Date('2026-12-02T09:00:00Z') });
    expect((await wednesday.runOnce()).digests).toBeGreaterThanOrEqual(1);
    await wednesday.runOnce(); // the same day again: no second digest
    await (await worker()).runOnce();
    const mails = mailTo(w.contributor.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('SaferHub: your daily summary (1 notification)');
    expect(mails[0]!.text).toContain('- Your update for 2020/21 Q3 on “Tackle commercial burglary” was accepted');
    expect(mails[0]!.text).toContain(`${BASE}/notifications`);
  });

  it('reminds the lead officers three working days before a round is due and the working day after, once each, whichever process runs', async () => {
    const w = await world();
    const { services } = w;
    const round = await services.plans.progress.openRound(w.coordinator.actor, w.plan.id, {
      periodKey: '2021/22-Q1',
      dueDate: '2026-12-31',
    });
    const reminders = async () =>
      (await services.notifications.list(w.contributor.actor)).items
        .filter((n) => n.path === `/rounds/${round.id}` && !n.title.includes('is open'))
        .map((n) => n.title);
    const at = (iso: string, db = services.database.db) => createNotificationScheduler(db, { now: () => new Date(iso) });

    await at('2026-12-23T10:00:00Z').runOnce(); // four working days before (25 and 28 December are bank holidays)
    expect(await reminders()).toEqual([]);
    await Promise.all([at('2026-12-24T10:00:00Z').runOnce(), at('2026-12-24T10:05:00Z', second.db).runOnce()]);
    await at('2026-12-29T10:00:00Z').runOnce();
    expect(await reminders()).toEqual([
      '2 progress updates for 2021/22 Q1 of Test Strategy due by 31 December 2026'.replace('2 progress updates', '1 progress update'),
    ]);
    await at('2027-01-01T10:00:00Z').runOnce(); // New Year's Day: no reminders
    expect(await reminders()).toHaveLength(1);
    await at('2027-01-04T10:00:00Z').runOnce();
    await at('2027-01-05T10:00:00Z').runOnce();
    expect(await reminders()).toEqual([
      '1 progress update for 2021/22 Q1 of Test Strategy overdue since 31 December 2026',
      '1 progress update for 2021/22 Q1 of Test Strategy due by 31 December 2026',
    ]);
    // The council contributor leads nothing here; the viewer cannot submit.
    for (const other of [w.councilContributor, w.viewer]) expect((await services.notifications.list(other.actor)).total).toBe(0);
  });

  it('tells members of papers and approved minutes, the owner agency of an action arising, and owners of what falls due', async () => {
    const { services } = await testRuntime();
    const { buildAgency, buildPartnership, buildUser, addMember } = factories;
    const partnership = await buildPartnership({ name: 'Notified Town CSP' });
    const [council, police, probation] = [
      await buildAgency({ name: 'N Council' }),
      await buildAgency({ name: 'N Police', kind: 'police' }),
      await buildAgency({ name: 'N Probation', kind: 'probation' }),
    ];
    for (const a of [council, police, probation]) await addMember(partnership, a);
    const coordinator = await buildUser({ agency: council, roles: [{ partnership, role: 'coordinator' }] });
    const officer = await buildUser({ agency: police, roles: [{ partnership, role: 'contributor' }] });
    const seated = await buildUser({ agency: probation }); // a viewer through the agency's seat
    const outsider = await buildUser({});
    const gov = services.governance;
    const titlesOf = async (u: { actor: typeof coordinator.actor }) =>
      (await services.notifications.list(u.actor)).items.map((n) => n.title).reverse();
    const meeting = (date: string) => ({
      title: 'Board',
      kind: 'board' as const,
      date,
      startTime: '10:00',
      endTime: '12:00',
      location: 'Offices',
    });

    const first = await gov.meetings.createMeeting(coordinator.actor, partnership.id, meeting('2026-07-14'));
    const item = await gov.meetings.addAgendaItem(coordinator.actor, first.id, {
      title: 'Plan',
      papers: 'Report | https://papers.example/1.pdf',
    });
    // The same papers saved again tell nobody anew.
    await gov.meetings.updateAgendaItem(coordinator.actor, first.id, item.id, item.version, {
      title: 'Plan refreshed',
      papers: 'Report | https://papers.example/1.pdf',
    });
    await gov.minutes.addAction(coordinator.actor, first.id, {
      description: 'Private detail',
      ownerAgencyId: String(police.id),
      dueOn: '2026-09-02',
    });
    const second = await gov.meetings.createMeeting(coordinator.actor, partnership.id, meeting('2026-08-11'));
    await gov.minutes.approveMinutes(
      coordinator.actor,
      first.id,
      second.id,
      (await gov.meetings.getMeeting(coordinator.actor, first.id)).meeting.version,
    );
    const risk = await gov.risks.createRisk(coordinator.actor, partnership.id, {
      title: 'Knife crime rises in the night-time economy',
      ownerAgencyId: String(police.id),
      cosponsorAgencyId: String(council.id),
      inherentLikelihood: '4',
      inherentImpact: '4',
      residualLikelihood: '4',
      residualImpact: '4',
      assessedOn: '2026-06-01',
    });
    expect(risk.nextReviewOn).toBe('2026-08-30');

    expect(await titlesOf(officer)).toEqual([
      'Papers published for Board of 14 July 2026',
      'An action arising from Board of 14 July 2026 was given to your agency, due 2 September 2026',
      'Minutes approved and published for Board of 14 July 2026',
    ]);
    expect(await titlesOf(seated)).toEqual([
      'Papers published for Board of 14 July 2026',
      'Minutes approved and published for Board of 14 July 2026',
    ]);
    expect(await titlesOf(coordinator)).toEqual([]); // their own changes
    expect(await titlesOf(outsider)).toEqual([]);

    // Friday 28 August 2026: the action is due Wednesday (Monday 31 August is a bank holiday), the review Sunday.
    await createNotificationScheduler(services.database.db, { now: () => new Date('2026-08-28T09:00:00Z') }).runOnce();
    expect((await titlesOf(officer)).slice(3)).toEqual([
      'An action arising from Board of 14 July 2026 is due 2 September 2026',
      'Risk review due by 30 August 2026: Knife crime rises in the night-time economy',
    ]);
    expect(await titlesOf(coordinator)).toEqual(['Risk review due by 30 August 2026: Knife crime rises in the night-time economy']); // co-sponsor
    expect(await titlesOf(seated)).toHaveLength(2);
  });

  it('shows the unread count in the header and lists the new pages for signed-in people only', async () => {
    const app = await testApp();
    expect((await app.inject({ method: 'GET', url: '/notifications' })).statusCode).toBe(303);
    expect((await app.inject({ method: 'GET', url: '/notifications/preferences' })).statusCode).toBe(303);
  });
});
