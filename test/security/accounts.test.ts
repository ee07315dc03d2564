import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.js';
import { ValidationError } from '../../src/lib/errors.js';
import { systemActor } from '../../src/modules/access/index.js';
import { Agent, signedInAgent, testApp } from '../support/app.js';
import { testRuntime } from '../support/db.js';
import { buildUser } from '../support/factories.js';

async function rows<T>(query: ReturnType<typeof sql>) {
  const { database } = await testRuntime();
  return queryRows<T>(database.db, query);
}

const errorsOf = (html: string) => [...html.matchAll(/<a href="#[^"]+">([^<]*)<\/a>/g)].map((m) => m[1]!.trim());
const linkOf = (html: string) => /id="reset-link" type="text" value="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');

async function apiStatus(secret: string) {
  const app = await testApp();
  return (await app.inject({ method: 'GET', url: '/api/v1/partnerships', headers: { authorization: `Bearer ${secret}` } })).statusCode;
}

async function canSignIn(email: string, password: string) {
  const agent = new Agent(await testApp());
  await agent.get('/sign-in');
  return (await agent.post('/sign-in', { email, password })).statusCode === 303;
}

describe('changing your password (finding: no password change)', () => {
  it('needs the current password and a good new one, with clear messages', async () => {
    const user = await buildUser({ email: 'robin.smith@council.example' });
    const agent = await signedInAgent(user);
    await agent.get('/account');
    const cases: [Record<string, string>, string][] = [
      [
        { currentPassword: '', newPassword: 'purple kettle harbour lamp', confirmPassword: 'purple kettle harbour lamp' },
        'Enter your current password',
      ],
      [
        { currentPassword: 'not it', newPassword: 'purple kettle harbour lamp', confirmPassword: 'purple kettle harbour lamp' },
        'Your current password is not right',
      ],
      [{ currentPassword: user.password, newPassword: 'short', confirmPassword: 'short' }, 'Password must be 12 characters or more'],
      [
        { currentPassword: user.password, newPassword: 'Password2024!', confirmPassword: 'Password2024!' },
        'Password is too easy to guess because many people use it',
      ],
      [
        { currentPassword: user.password, newPassword: 'qwertyuiop123', confirmPassword: 'qwertyuiop123' },
        'Password is too easy to guess because many people use it',
      ],
      [
        { currentPassword: user.password, newPassword: 'robin.smith keeps safe', confirmPassword: 'robin.smith keeps safe' },
        'Password must not contain your e-mail address',
      ],
      [
        { currentPassword: user.password, newPassword: 'my saferhub login', confirmPassword: 'my saferhub login' },
        'Password must not contain the word SaferHub',
      ],
      [
        { currentPassword: user.password, newPassword: 'purple kettle harbour lamp', confirmPassword: 'purple kettle harbour' },
        'The passwords do not match',
      ],
    ];
    for (const [form, message] of cases) {
      const response = await agent.post('/account/password', form);
      expect(response.statusCode).toBe(303);
      const page = await agent.follow(response);
      expect(errorsOf(page.body).join(' | '), message).toContain(message);
      expect(page.body).toMatch(/<title>Error: /);
      for (const value of Object.values(form)) if (value.length > 6) expect(page.body).not.toContain(value);
    }
    expect(await canSignIn(user.email, user.password)).toBe(true);
  });

  it('changes it, keeps this session (with a new id) and ends the others', async () => {
    const user = await buildUser();
    const elsewhere = await signedInAgent(user);
    const agent = await signedInAgent(user);
    await agent.get('/account');
    const [before] = await rows<{ n: number }>(sql`select count(*)::int as n from sessions`);
    expect(before!.n).toBe(2);
    const changed = await agent.post('/account/password', {
      currentPassword: user.password,
      newPassword: 'purple kettle harbour lamp',
      confirmPassword: 'purple kettle harbour lamp',
    });
    expect(changed.statusCode).toBe(303);
    expect(changed.cookies.find((c) => c.name === 'saferhub_session')?.value).toBeTruthy();
    const page = await agent.follow(changed);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your password has been changed');
    expect((await elsewhere.get('/account')).statusCode).toBe(303);
    expect(await canSignIn(user.email, user.password)).toBe(false);
    expect(await canSignIn(user.email, 'purple kettle harbour lamp')).toBe(true);
    const [audit] = await rows<{ user_id: number }>(sql`select user_id from audit_log where action = 'user.password-change'`);
    expect(audit!.user_id).toBe(user.id);
    expect(JSON.stringify(await rows(sql`select details from audit_log`))).not.toContain('purple kettle');
  });

  it('refuses a common password for a new account too', async () => {
    const { services } = await testRuntime();
    const agency = (await buildUser()).agency;
    const refused: unknown = await services.access
      .createUser(systemActor, { email: 'new@council.example', displayName: 'New', agencyId: agency.id, password: 'password1234' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors).toEqual([
      {
        field: 'password',
        message: 'Password is too easy to guess because many people use it. Try 3 or 4 random words, like “purple kettle harbour lamp”',
      },
    ]);
  });
});

describe('adding accounts', () => {
  it('lets an administrator add a user who then chooses their own password through a one-time link', async () => {
    const admin = await buildUser({ isAdmin: true });
    const agency = (await buildUser()).agency;
    const agent = await signedInAgent(admin);
    await agent.get('/users/new');
    const blank = await agent.post('/users', { name: '', email: 'nope', agencyId: '', isAdmin: 'no' });
    const form = await agent.follow(blank);
    expect(errorsOf(form.body)).toEqual(['Select the person’s agency']);
    const bad = await agent.post('/users', { name: '', email: 'nope', agencyId: agency.id, isAdmin: 'no' });
    expect(errorsOf((await agent.follow(bad)).body)).toEqual([
      'Enter an e-mail address in the correct format, like name@example.org',
      'Enter the person’s name',
    ]);
    const added = await agent.post('/users', { name: 'Kim Analyst', email: 'kim@council.example', agencyId: agency.id, isAdmin: 'no' });
    expect(added.statusCode).toBe(200);
    expect(added.headers['cache-control']).toBe('no-store');
    const link = new URL(linkOf(added.body)!);
    const owner = new Agent(await testApp());
    await owner.get(`${link.pathname}${link.search}`);
    const done = await owner.post('/reset-password', {
      token: link.searchParams.get('token')!,
      newPassword: 'harbour violet engine moss',
      confirmPassword: 'harbour violet engine moss',
    });
    expect(done.statusCode).toBe(200);
    expect(await canSignIn('kim@council.example', 'harbour violet engine moss')).toBe(true);
    const again = await agent.post('/users', { name: 'Kim Again', email: 'KIM@council.example', agencyId: agency.id, isAdmin: 'no' });
    expect(errorsOf((await agent.follow(again)).body)).toEqual(['A user with the e-mail KIM@council.example already exists']);
  });
});

describe('disabling accounts (finding: no account disabling)', () => {
  it('stops a disabled account’s sessions, tokens and sign-in at once, until it is enabled again', async () => {
    const admin = await buildUser({ isAdmin: true });
    const user = await buildUser();
    const { services } = await testRuntime();
    const { secret } = await services.access.createToken(systemActor, user.id, 'test');
    const userAgent = await signedInAgent(user);
    expect(await apiStatus(secret)).toBe(200);

    const adminAgent = await signedInAgent(admin);
    const list = await adminAgent.get('/users');
    expect(list.body).toContain(user.email);
    await adminAgent.get(`/users/${user.id}`);
    const disabled = await adminAgent.post(`/users/${user.id}/disable`);
    expect(disabled.statusCode).toBe(303);
    expect((await adminAgent.follow(disabled)).body).toContain('account has been disabled');

    expect((await userAgent.get('/account')).statusCode).toBe(303);
    expect(await apiStatus(secret)).toBe(401);
    expect(await canSignIn(user.email, user.password)).toBe(false);
    expect(await rows(sql`select id from sessions where user_id = ${user.id}`)).toHaveLength(0);

    await adminAgent.get(`/users/${user.id}`);
    await adminAgent.post(`/users/${user.id}/enable`);
    expect(await canSignIn(user.email, user.password)).toBe(true);
    const audit = await rows<{ action: string; user_id: number }>(
      sql`select action, user_id from audit_log where action in ('user.disable', 'user.enable') order by id`,
    );
    expect(audit).toEqual([
      { action: 'user.disable', user_id: admin.id },
      { action: 'user.enable', user_id: admin.id },
    ]);
  });

  it('is for administrators only, who cannot disable themselves', async () => {
    const admin = await buildUser({ isAdmin: true });
    const user = await buildUser();
    const agent = await signedInAgent(user);
    expect((await agent.get('/users')).statusCode).toBe(403);
    expect((await agent.post(`/users/${admin.id}/disable`)).statusCode).toBe(403);
    const adminAgent = await signedInAgent(admin);
    expect((await adminAgent.get(`/users/${admin.id}`)).body).not.toContain('Disable account');
    expect((await adminAgent.post(`/users/${admin.id}/disable`)).statusCode).toBe(403);
    expect(await canSignIn(admin.email, admin.password)).toBe(true);
  });
});

describe('password reset links (finding: no password reset)', () => {
  it('are shown once, kept only as a hash, and work once', async () => {
    const admin = await buildUser({ isAdmin: true });
    const user = await buildUser();
    const userAgent = await signedInAgent(user);
    const adminAgent = await signedInAgent(admin);
    await adminAgent.get(`/users/${user.id}`);
    const created = await adminAgent.post(`/users/${user.id}/password-reset`);
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toBe('no-store');
    const link = new URL(linkOf(created.body)!);
    const secret = link.searchParams.get('token')!;
    expect(link.pathname).toBe('/reset-password');
    const [stored] = await rows<{ token_hash: string; expires_in: number }>(
      sql`select token_hash, extract(epoch from expires_at - now()) / 60 as expires_in from password_resets`,
    );
    expect(stored!.token_hash).not.toContain(secret);
    expect(Number(stored!.expires_in)).toBeGreaterThan(59);
    expect(Number(stored!.expires_in)).toBeLessThanOrEqual(60);

    const owner = new Agent(await testApp());
    const form = await owner.get(`${link.pathname}${link.search}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Choose a new password');
    const weak = await owner.post('/reset-password', { token: secret, newPassword: 'letmein12345', confirmPassword: 'letmein12345' });
    expect(weak.statusCode).toBe(400);
    expect(errorsOf(weak.body).join()).toContain('too easy to guess');
    const done = await owner.post('/reset-password', {
      token: secret,
      newPassword: 'amber lantern violin cove',
      confirmPassword: 'amber lantern violin cove',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your password has been changed');
    expect((await userAgent.get('/account')).statusCode).toBe(303); // signed out everywhere

    const again = await owner.post('/reset-password', {
      token: secret,
      newPassword: 'another fine passphrase',
      confirmPassword: 'another fine passphrase',
    });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('This password reset link cannot be used');
    expect((await owner.get(`${link.pathname}${link.search}`)).statusCode).toBe(410);
    expect(await canSignIn(user.email, 'amber lantern violin cove')).toBe(true);
    expect(await canSignIn(user.email, 'another fine passphrase')).toBe(false);
    const actions = (await rows<{ action: string }>(sql`select action from audit_log where action like 'user.password%' order by id`)).map(
      (a) => a.action,
    );
    expect(actions).toEqual(['user.password-reset-link', 'user.password-reset']);
  });

  it('expire after an hour', async () => {
    const admin = await buildUser({ isAdmin: true });
    const user = await buildUser();
    const { services } = await testRuntime();
    const { secret } = await services.access.createPasswordReset({ ...admin.actor }, user.id);
    await rows(sql`update password_resets set expires_at = now() - interval '1 second'`);
    const owner = new Agent(await testApp());
    await owner.get('/sign-in');
    expect((await owner.get(`/reset-password?token=${secret}`)).statusCode).toBe(410);
    const late = await owner.post('/reset-password', {
      token: secret,
      newPassword: 'amber lantern violin cove',
      confirmPassword: 'amber lantern violin cove',
    });
    expect(late.statusCode).toBe(410);
    expect(await canSignIn(user.email, user.password)).toBe(true);
  });
});
