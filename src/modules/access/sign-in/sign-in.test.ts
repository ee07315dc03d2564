import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../app.js';
import { queryRows } from '../../../db/database.js';
import { createServices } from '../../../services.js';
import { Agent, signedInAgent, testApp } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import { buildAgency, buildPartnership, buildUser } from '../../../../test/support/factories.js';

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1]?.trim() ?? '';

async function rows<T>(query: ReturnType<typeof sql>) {
  const { database } = await testRuntime();
  return queryRows<T>(database.db, query);
}

const sessionCookie = (response: { cookies: { name: string; value: string }[] }) =>
  response.cookies.find((c) => c.name === 'saferhub_session')?.value;

describe('signing in and out', () => {
  it('signs in with e-mail and password, keeps only an argon2id hash, and stores the session in the database', async () => {
    const user = await buildUser();
    const agent = new Agent(await testApp());
    const response = await agent.signIn(user.email.toUpperCase(), user.password);
    expect(response.headers.location).toBe('/');
    const home = await agent.get('/');
    expect(home.body).toContain('Your partnerships');
    expect(home.body).toContain('Sign out');

    const [stored] = await rows<{ password_hash: string }>(sql`select password_hash from users where id = ${user.id}`);
    expect(stored!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored!.password_hash).not.toContain(user.password);

    const token = sessionCookie(response)!;
    const sessions = await rows<{ id: string; user_id: number }>(sql`select id, user_id from sessions`);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.user_id).toBe(user.id);
    expect(sessions[0]!.id).not.toBe(token); // only a hash of the cookie is kept
  });

  it('refuses a wrong password or an unknown account with the same message, and audits both', async () => {
    const user = await buildUser();
    const agent = new Agent(await testApp());
    await agent.get('/sign-in');
    for (const [email, password] of [
      [user.email, 'not the password'],
      ['nobody@nowhere.example', 'whatever it is'],
    ]) {
      const refused = await agent.post('/sign-in', { email: email!, password: password! });
      expect(refused.statusCode).toBe(400);
      expect(titleOf(refused.body)).toMatch(/^Error: Sign in/);
      expect(refused.body).toContain('The e-mail address or password is not right');
      expect(refused.body).toContain(`value="${email}"`);
      expect(refused.body).not.toContain(password);
    }
    const empty = await agent.post('/sign-in', { email: '', password: '' });
    expect(empty.body).toContain('Enter your e-mail address');
    expect(empty.body).toContain('Enter your password');

    const audit = await rows<{ action: string; user_id: number | null; details: { reason: string } }>(
      sql`select action, user_id, details from audit_log order by id`,
    );
    expect(audit.filter((a) => a.action === 'sign-in.failed')).toEqual([
      expect.objectContaining({ user_id: user.id, details: { reason: 'wrong password' } }),
      expect.objectContaining({ user_id: null, details: { reason: 'unknown or disabled account' } }),
    ]);
    expect(await rows(sql`select id from sessions`)).toHaveLength(0);
  });

  it('never sends the user to another site after signing in', async () => {
    const user = await buildUser();
    const agent = new Agent(await testApp());
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', { email: user.email, password: user.password, returnTo: '//evil.example/' });
    expect(response.headers.location).toBe('/');
  });

  it('serves a session opened by one app process from another on the same database', async () => {
    const user = await buildUser();
    const first = new Agent(await testApp());
    const token = sessionCookie(await first.signIn(user.email, user.password))!;

    const { database, services } = await testRuntime();
    const second = await buildApp({
      services: createServices(database, services.config),
      cookieSecret: 'another-process-with-its-own-secret-0123',
    });
    try {
      const home = await second.inject({ method: 'GET', url: '/', headers: { cookie: `saferhub_session=${token}` } });
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('Your partnerships');
      expect(home.body).toContain(user.agency.name);
    } finally {
      await second.close();
    }
  });

  it('ends the session on sign-out, so the old cookie no longer works', async () => {
    const user = await buildUser();
    const agent = new Agent(await testApp());
    const token = sessionCookie(await agent.signIn(user.email, user.password))!;
    await agent.get('/');
    const out = await agent.post('/sign-out');
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('You have signed out');
    expect(await rows(sql`select id from sessions`)).toHaveLength(0);

    const app = await testApp();
    const replay = await app.inject({ method: 'GET', url: '/partnerships', headers: { cookie: `saferhub_session=${token}` } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/sign-in?returnTo=%2Fpartnerships');
    const [audit] = await rows<{ user_id: number }>(sql`select user_id from audit_log where action = 'sign-out'`);
    expect(audit!.user_id).toBe(user.id);
  });

  it('ends a session left idle past its expiry, and extends one that is in use', async () => {
    const user = await buildUser();
    const agent = new Agent(await testApp());
    await agent.signIn(user.email, user.password);

    // In use: seen ten minutes ago, the expiry moves forward to 30 minutes (SESSION_IDLE_MINUTES) from now.
    await rows(sql`update sessions set last_seen_at = now() - interval '10 minutes', expires_at = now() + interval '20 minutes'`);
    expect((await agent.get('/partnerships')).statusCode).toBe(200);
    const [extended] = await rows<{ minutes: number }>(sql`select extract(epoch from expires_at - now()) / 60 as minutes from sessions`);
    expect(Number(extended!.minutes)).toBeGreaterThan(29.5);
    expect(Number(extended!.minutes)).toBeLessThanOrEqual(30);

    // Idle past expiry: the session is gone and the user must sign in again.
    await rows(sql`update sessions set expires_at = now() - interval '1 second'`);
    const expired = await agent.get('/partnerships');
    expect(expired.statusCode).toBe(303);
    expect(String(expired.headers.location)).toMatch(/^\/sign-in/);
    expect(await rows(sql`select id from sessions`)).toHaveLength(0);
  });

  it('does not accept a session of a disabled account', async () => {
    const user = await buildUser();
    const agent = await signedInAgent(user);
    await rows(sql`update users set disabled_at = now() where id = ${user.id}`);
    expect((await agent.get('/partnerships')).statusCode).toBe(303);
  });
});

describe('CSRF protection', () => {
  it('refuses a form post without a valid token with a 403 page that says what to do', async () => {
    const p = await buildPartnership();
    const agency = await buildAgency();
    const agent = await signedInAgent(await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] }));
    await agent.get(`/partnerships/${p.id}`);
    for (const token of ['', 'forged-token']) {
      const refused = await agent.post(`/partnerships/${p.id}/members`, { _csrf: token, agencyId: agency.id, role: 'member' });
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toMatch(/^text\/html/);
      expect(refused.body).toContain('This form has expired or was not sent from SaferHub');
      expect(titleOf(refused.body)).toMatch(/permission/);
    }
    expect(await rows(sql`select id from memberships`)).toHaveLength(0);
  });

  it('refuses a sign-in posted from elsewhere (no CSRF cookie)', async () => {
    const user = await buildUser();
    const app = await testApp();
    const response = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: user.email, password: user.password, _csrf: 'x' }).toString(),
    });
    expect(response.statusCode).toBe(403);
    expect(sessionCookie(response)).toBeUndefined();
  });

  it('puts a CSRF token in every form on a page', async () => {
    const p = await buildPartnership();
    const agent = await signedInAgent(await buildUser({ isAdmin: true, roles: [{ partnership: p, role: 'coordinator' }] }));
    for (const url of [`/partnerships/${p.id}`, '/partnerships/new', '/agencies/new', `/partnerships/${p.id}/edit`]) {
      const html = (await agent.get(url)).body;
      const forms = [...html.matchAll(/<form method="post"[\s\S]*?<\/form>/g)].map((m) => m[0]);
      expect(forms.length, url).toBeGreaterThan(0);
      for (const form of forms) expect(form, url).toMatch(/name="_csrf" value="[^"]+"/);
    }
  });
});
