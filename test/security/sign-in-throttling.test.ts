import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.js';
import { Agent, testApp } from '../support/app.js';
import { testRuntime } from '../support/db.js';
import { buildUser } from '../support/factories.js';

async function rows<T>(query: ReturnType<typeof sql>) {
  const { database } = await testRuntime();
  return queryRows<T>(database.db, query);
}

const errorOf = (html: string) =>
  /<ul class="govuk-list govuk-error-summary__list">[\s\S]*?<a [^>]*>([^<]*)<\/a>/.exec(html)?.[1]?.trim() ?? '';

async function attempt(agent: Agent, email: string, password: string) {
  const response = await agent.post('/sign-in', { email, password });
  return { status: response.statusCode, message: errorOf(response.body), retryAfter: response.headers['retry-after'], response };
}

describe('sign-in throttling (finding: 30 wrong passwords in 1.4 s were all checked, then the right one accepted)', () => {
  it('checks only the first few of 30 quick wrong passwords, then locks the account and refuses even the right password', async () => {
    const user = await buildUser();
    const agent = new Agent(await testApp());
    await agent.get('/sign-in');
    const results = [];
    for (let i = 0; i < 30; i++) results.push(await attempt(agent, user.email, `wrong password ${i}`));

    expect(results.slice(0, 5).map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    expect(results[0]!.message).toBe('The e-mail address or password is not right');
    expect(results[5]!.status).toBe(429);
    expect(results[5]!.message).toMatch(/^There have been too many attempts to sign in\. Wait \d+ seconds?, then try again\.$/);
    expect(Number(results[5]!.retryAfter)).toBeGreaterThan(0);
    expect(results.slice(9).every((r) => r.status === 429 && /locked for now\. Try again in 15 minutes/.test(r.message))).toBe(true);

    const right = await attempt(agent, user.email, user.password);
    expect(right.status).toBe(429);
    expect(right.message).toContain('locked');
    expect(right.response.cookies.find((c) => c.name === 'saferhub_session')).toBeUndefined();
    expect(await rows(sql`select id from sessions`)).toHaveLength(0);

    const audit = await rows<{ action: string; user_id: number | null; details: { reason?: string } }>(
      sql`select action, user_id, details from audit_log where action like 'sign-in%' order by id`,
    );
    const reasons = audit.filter((a) => a.action === 'sign-in.failed').map((a) => a.details.reason);
    expect(reasons.filter((r) => r === 'wrong password')).toHaveLength(5);
    expect(reasons.filter((r) => r?.startsWith('too many attempts'))).toHaveLength(5);
    expect(reasons.filter((r) => r === 'account locked')).toHaveLength(21);
    expect(audit.filter((a) => a.action === 'sign-in.locked')).toEqual([expect.objectContaining({ user_id: user.id })]);
    expect(audit.every((a) => a.user_id === user.id)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('wrong password 1');
  });

  it('tells the owner about the lock on their next successful sign-in', async () => {
    const user = await buildUser();
    const agent = new Agent(await testApp());
    await agent.get('/sign-in');
    for (let i = 0; i < 12; i++) await attempt(agent, user.email, 'not my password');
    // Fifteen minutes pass.
    await rows(sql`update sign_in_locks set locked_until = now() - interval '1 second'`);
    await rows(sql`update sign_in_failures set occurred_at = occurred_at - interval '16 minutes'`);

    const signedIn = await agent.post('/sign-in', { email: user.email, password: user.password });
    expect(signedIn.statusCode).toBe(303);
    const home = await agent.follow(signedIn);
    expect(home.body).toMatch(
      /Your account was locked on \d{1,2} [A-Z][a-z]+ at \d{1,2}:\d{2}[ap]m after 10 attempts to sign in with a wrong password/,
    );
    expect((await agent.get('/')).body).not.toContain('Your account was locked');
  });

  it('answers exactly the same for an e-mail address that has no account, so accounts cannot be discovered', async () => {
    const user = await buildUser();
    const agent = new Agent(await testApp());
    await agent.get('/sign-in');
    const real = [];
    const none = [];
    for (let i = 0; i < 12; i++) real.push(await attempt(agent, user.email, 'guess'));
    await rows(sql`delete from sign_in_failures where key like 'client:%'`); // another client address
    for (let i = 0; i < 12; i++) none.push(await attempt(agent, 'nobody@nowhere.example', 'guess'));
    const shape = (r: { status: number; message: string }) => `${r.status} ${r.message.replace(/\d+ seconds?/, 'N seconds')}`;
    expect(none.map(shape)).toEqual(real.map(shape));
  });

  it('slows down one client address trying one password on many accounts', async () => {
    const users = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => buildUser()));
    const agent = new Agent(await testApp());
    await agent.get('/sign-in');
    const statuses = [];
    for (const [i, u] of users.entries()) {
      const response = await agent.post('/sign-in', { email: u.email, password: `Summer2024!${i}` });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses[5]).toBe(429);
  });
});
