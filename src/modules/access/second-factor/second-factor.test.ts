import { sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../../app.js';
import { queryRows } from '../../../db/database.js';
import { createServices } from '../../../services.js';
import type { SecondFactorMode } from '../policy.js';
import { Agent } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import { buildPartnership, buildUser } from '../../../../test/support/factories.js';
import { checkTotp, groupedSecret, newRecoveryCodes } from './totp.js';

const apps = new Map<SecondFactorMode, Promise<App>>();
/** The app with SECOND_FACTOR set as given, on the worker's test database. */
function appWith(mode: SecondFactorMode) {
  let app = apps.get(mode);
  if (!app) {
    app = (async () => {
      const { database, services } = await testRuntime();
      const built = await buildApp({
        services: createServices(database, { ...services.config, secondFactor: mode }),
        cookieSecret: 'test-cookie-secret-that-is-long-enough-for-signing',
      });
      await built.ready();
      return built;
    })();
    apps.set(mode, app);
  }
  return app;
}

async function rows<T>(query: ReturnType<typeof sql>) {
  const { database } = await testRuntime();
  return queryRows<T>(database.db, query);
}

const secretOn = (html: string) => /id="setup-key"[^>]*>([^<]+)</.exec(html)![1]!.replace(/\s/g, '');
const codesOn = (html: string) => [...html.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]!);
/** A code from the step `steps` away from now (a new step gives a code that was never used). */
const codeAt = (secret: string, steps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

async function passwordStep(agent: Agent, user: { email: string; password: string }, returnTo?: string) {
  await agent.get('/sign-in');
  return agent.post('/sign-in', { email: user.email, password: user.password, ...(returnTo ? { returnTo } : {}) });
}

describe('TOTP codes and recovery codes', () => {
  it('accepts the current code once and within a step either side, and makes distinct recovery codes', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const now = Date.now();
    const code = await generate({ secret, epoch: Math.floor(now / 1000) });
    const step = await checkTotp(secret, code, null, now);
    expect(step).toBe(Math.floor(now / 30_000));
    expect(await checkTotp(secret, code, step, now)).toBeNull(); // the same code again
    expect(await checkTotp(secret, code, null, now + 30_000)).not.toBeNull();
    expect(await checkTotp(secret, code, null, now + 95_000)).toBeNull();
    expect(await checkTotp(secret, '12345', null, now)).toBeNull();
    expect(groupedSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  });
});

describe('setting up a second factor and signing in with it', () => {
  it('sets up from the account page, then signs in only after the code, refusing a reused code, and with a recovery code once', async () => {
    const user = await buildUser();
    const agent = new Agent(await appWith('off'));
    await agent.signIn(user.email, user.password);
    const setUp = await agent.get('/account/second-factor/set-up');
    expect(setUp.body).toContain('otpauth://totp/SaferHub:');
    const secret = secretOn(setUp.body);
    expect(setUp.body).toContain(groupedSecret(secret));
    const wrong = await agent.post('/account/second-factor/set-up', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The code is not right');
    // The code of the step before now, kept: worked out again later it would be a newer step's once 30 s pass.
    const setUpCode = await codeAt(secret, -1);
    const confirmed = await agent.post('/account/second-factor/set-up', { code: setUpCode });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.headers['cache-control']).toContain('no-store');
    const recovery = codesOn(confirmed.body);
    expect(recovery).toHaveLength(10);
    const stored = await rows<{ code_hash: string }>(sql`select code_hash from recovery_codes where user_id = ${user.id}`);
    expect(stored).toHaveLength(10);
    for (const r of stored) expect(r.code_hash).toMatch(/^\$argon2id\$/);
    expect((await agent.get('/account/second-factor')).body).toContain('Turned on');

    // Signing in again: the password alone opens nothing.
    const browser = new Agent(await appWith('off'));
    const first = await passwordStep(browser, user, '/partnerships');
    expect(first.headers.location).toBe('/sign-in/second-factor?returnTo=%2Fpartnerships');
    expect((await browser.get('/partnerships')).headers.location).toMatch(/^\/sign-in/);
    expect((await browser.get('/account')).statusCode).toBe(303);
    expect((await browser.get('/sign-in')).headers.location).toBe('/sign-in/second-factor');
    const page = await browser.get('/sign-in/second-factor?returnTo=%2Fpartnerships');
    expect(page.body).toContain('Enter the code from your authenticator app');
    const bad = await browser.post('/sign-in/second-factor', { code: '000000', returnTo: '/partnerships' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The code is not right');
    // The code used to confirm the set-up (the step before now) cannot be used again.
    const reused = await browser.post('/sign-in/second-factor', { code: setUpCode, returnTo: '/partnerships' });
    expect(reused.statusCode).toBe(400);
    const ok = await browser.post('/sign-in/second-factor', { code: await codeAt(secret, 0), returnTo: '/partnerships' });
    expect(ok.headers.location).toBe('/partnerships');
    expect((await browser.get('/partnerships')).statusCode).toBe(200);

    // A recovery code signs in once.
    const third = new Agent(await appWith('off'));
    await passwordStep(third, user);
    await third.get('/sign-in/second-factor');
    const withRecovery = await third.post('/sign-in/second-factor', { code: recovery[0]!.toUpperCase() });
    expect(withRecovery.headers.location).toBe('/');
    expect((await third.get('/')).body).toContain('You have 9 left');
    const fourth = new Agent(await appWith('off'));
    await passwordStep(fourth, user);
    await fourth.get('/sign-in/second-factor');
    expect((await fourth.post('/sign-in/second-factor', { code: recovery[0]! })).statusCode).toBe(400);

    const audit = await rows<{ action: string; details: Record<string, unknown> | null }>(
      sql`select action, details from audit_log where entity_id = ${String(user.id)} order by id`,
    );
    const actions = audit.map((a) => a.action);
    expect(actions).toContain('second-factor.enabled');
    expect(actions.filter((a) => a === 'sign-in.second-factor-failed').length).toBe(3);
    expect(audit.filter((a) => a.action === 'sign-in').map((a) => a.details)).toEqual([
      { method: 'password' },
      { secondFactor: 'authenticator' },
      { secondFactor: 'recovery code' },
    ]);
  });

  it('throttles codes like passwords: after five wrong codes even the right one must wait', async () => {
    const user = await buildUser();
    const agent = new Agent(await appWith('off'));
    await agent.signIn(user.email, user.password);
    const secret = secretOn((await agent.get('/account/second-factor/set-up')).body);
    await agent.post('/account/second-factor/set-up', { code: await codeAt(secret) });
    const browser = new Agent(await appWith('off'));
    await passwordStep(browser, user);
    await browser.get('/sign-in/second-factor');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await browser.post('/sign-in/second-factor', { code: '000000' })).statusCode);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses[6]).toBe(429);
    // Even the right code is not checked while the delay lasts.
    const refused = await browser.post('/sign-in/second-factor', { code: await codeAt(secret, 1) });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('too many attempts');
    expect((await browser.get('/partnerships')).statusCode).toBe(303);
  });

  it('takes an administrator or coordinator to set-up right after the password when SECOND_FACTOR=privileged, and nowhere else', async () => {
    const p = await buildPartnership();
    const coordinator = await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] });
    const viewer = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    const app = await appWith('privileged');
    const plain = new Agent(app);
    expect((await passwordStep(plain, viewer)).headers.location).toBe('/');

    const agent = new Agent(app);
    expect((await passwordStep(agent, coordinator)).headers.location).toBe('/sign-in/second-factor/set-up');
    for (const url of ['/partnerships', `/partnerships/${p.id}`, '/account', '/users', '/sign-in/second-factor']) {
      const response = await agent.get(url);
      expect(response.statusCode, url).toBe(303);
    }
    expect((await agent.get('/')).body).not.toContain('Sign out');
    await agent.get('/sign-in/second-factor/set-up'); // a form with a CSRF token of this session
    const posted = await agent.post(`/partnerships/${p.id}/members`, { agencyId: coordinator.agency.id, role: 'member' });
    expect(posted.statusCode).toBe(401);
    expect(await rows(sql`select 1 from memberships`)).toHaveLength(0);
    const page = await agent.get('/sign-in/second-factor/set-up');
    expect(page.body).toContain('you must also sign in with a code');
    const secret = secretOn(page.body);
    const done = await agent.post('/sign-in/second-factor/set-up', { code: await codeAt(secret) });
    expect(codesOn(done.body)).toHaveLength(10);
    expect((await agent.get(`/partnerships/${p.id}`)).statusCode).toBe(200);
    // Required: it cannot be turned off.
    const manage = await agent.get('/account/second-factor');
    expect(manage.body).toContain('you cannot turn it off');
    expect((await agent.post('/account/second-factor/disable', { code: await codeAt(secret, 1) })).statusCode).toBe(403);
  });

  it('lets an administrator reset another user’s second factor, audited, and the owner turn theirs off with a code', async () => {
    const admin = await buildUser({ isAdmin: true });
    const user = await buildUser();
    const owner = new Agent(await appWith('off'));
    await owner.signIn(user.email, user.password);
    let secret = secretOn((await owner.get('/account/second-factor/set-up')).body);
    await owner.post('/account/second-factor/set-up', { code: await codeAt(secret) });
    await owner.get('/account/second-factor');
    const off = await owner.post('/account/second-factor/disable', { code: await codeAt(secret, 1) });
    expect(off.headers.location).toBe('/account/second-factor');
    expect((await owner.follow(off)).body).toContain('Not set up');

    secret = secretOn((await owner.get('/account/second-factor/set-up')).body);
    await owner.post('/account/second-factor/set-up', { code: await codeAt(secret) });
    const adminAgent = new Agent(await appWith('off'));
    await passwordStep(adminAgent, admin);
    const page = await adminAgent.get(`/users/${user.id}`);
    expect(page.body).toContain('Reset second factor');
    const reset = await adminAgent.post(`/users/${user.id}/second-factor/reset`);
    expect((await adminAgent.follow(reset)).body).toContain('second factor has been removed');
    expect((await owner.get('/account')).statusCode).toBe(303); // signed out
    expect((await passwordStep(new Agent(await appWith('off')), user)).headers.location).toBe('/');
    const [entry] = await rows<{ user_id: number }>(sql`select user_id from audit_log where action = 'second-factor.reset'`);
    expect(entry!.user_id).toBe(admin.id);
    const disabled = await rows(sql`select id from audit_log where action = 'second-factor.disabled'`);
    expect(disabled).toHaveLength(1);
  });
});

describe('resetting a second factor at the command line', () => {
  it('removes it by e-mail for `saferhub users reset-second-factor`, audited, and names an unknown address', async () => {
    const user = await buildUser();
    await rows(sql`insert into second_factors (user_id, secret, confirmed_at) values (${user.id}, 'JBSWY3DPEHPK3PXP', now())`);
    const { services } = await testRuntime();
    const { systemActor } = await import('../actor.js');
    const { displayName } = await services.access.resetSecondFactorByEmail(systemActor, ` ${user.email.toUpperCase()} `);
    expect(displayName).toMatch(/^Test User/);
    expect(await rows(sql`select 1 from second_factors where user_id = ${user.id}`)).toHaveLength(0);
    expect(await rows(sql`select 1 from audit_log where action = 'second-factor.reset' and entity_id = ${String(user.id)}`)).toHaveLength(
      1,
    );
    await expect(services.access.resetSecondFactorByEmail(systemActor, 'nobody@nowhere.example')).rejects.toThrow('User not found');
  });
});
