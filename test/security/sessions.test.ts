import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { queryRows } from '../../src/db/database.js';
import { createServices } from '../../src/services.js';
import { Agent, csrfFrom, signedInAgent, testApp } from '../support/app.js';
import { testRuntime } from '../support/db.js';
import { buildPartnership, buildUser } from '../support/factories.js';

async function rows<T>(query: ReturnType<typeof sql>) {
  const { database } = await testRuntime();
  return queryRows<T>(database.db, query);
}

const sessionIds = async () => (await rows<{ id: string }>(sql`select id from sessions order by id`)).map((r) => r.id);

describe('sessions (finding: sessions slid forever, 8 hours idle and no absolute limit)', () => {
  it('ends a session idle for more than 30 minutes, even before its stored expiry', async () => {
    const agent = await signedInAgent(await buildUser());
    await rows(sql`update sessions set last_seen_at = now() - interval '29 minutes'`);
    expect((await agent.get('/partnerships')).statusCode).toBe(200);
    await rows(sql`update sessions set last_seen_at = now() - interval '31 minutes', expires_at = now() + interval '1 hour'`);
    const stale = await agent.get('/partnerships');
    expect(stale.statusCode).toBe(303);
    expect(String(stale.headers.location)).toMatch(/^\/sign-in/);
    expect(await sessionIds()).toEqual([]);
  });

  it('ends a session 12 hours after signing in, however busy', async () => {
    const agent = await signedInAgent(await buildUser());
    await rows(sql`update sessions set created_at = now() - interval '11 hours 50 minutes', last_seen_at = now() - interval '10 minutes'`);
    expect((await agent.get('/partnerships')).statusCode).toBe(200);
    const [row] = await rows<{ minutes: number }>(sql`select extract(epoch from expires_at - now()) / 60 as minutes from sessions`);
    expect(Number(row!.minutes)).toBeLessThanOrEqual(10); // extended only up to the absolute limit
    await rows(sql`update sessions set created_at = now() - interval '12 hours 1 minute', last_seen_at = now()`);
    expect((await agent.get('/partnerships')).statusCode).toBe(303);
    expect(await sessionIds()).toEqual([]);
  });

  it('takes its limits from SESSION_IDLE_MINUTES and SESSION_MAX_HOURS', () => {
    const config = loadConfig({ SESSION_IDLE_MINUTES: '15', SESSION_MAX_HOURS: '8' });
    expect([config.sessionIdleMinutes, config.sessionMaxHours]).toEqual([15, 8]);
    expect([loadConfig({}).sessionIdleMinutes, loadConfig({}).sessionMaxHours]).toEqual([30, 12]);
  });

  it('gives a new session id at each sign-in and ends the one the browser had', async () => {
    const user = await buildUser();
    const agent = await signedInAgent(user);
    const [first] = await sessionIds();
    await agent.post('/sign-in', { email: user.email, password: user.password });
    const after = await sessionIds();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(first);
  });

  it('renews the session id when the user’s privileges change', async () => {
    const p = await buildPartnership();
    const user = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    const agent = await signedInAgent(user);
    const [before] = await sessionIds();
    const { services } = await testRuntime();
    await services.access.setRole(user.actor, user.id, p.id, 'coordinator');
    const page = await agent.get('/partnerships');
    expect(page.statusCode).toBe(200);
    expect(page.cookies.find((c) => c.name === 'saferhub_session')?.value).toBeTruthy();
    const [after] = await sessionIds();
    expect(after).not.toBe(before);
    expect((await agent.get('/account')).statusCode).toBe(200); // the new cookie works
  });

  it('binds the CSRF token to the session: a token from before signing in is refused after it', async () => {
    const user = await buildUser();
    const agent = new Agent(await testApp());
    const anonymousToken = csrfFrom((await agent.get('/sign-in')).body);
    await agent.signIn(user.email, user.password);
    const refused = await agent.post('/account/tokens', { name: 'x', _csrf: anonymousToken });
    expect(refused.statusCode).toBe(403);
    await agent.get('/account/tokens');
    expect((await agent.post('/account/tokens', { name: 'x' })).statusCode).toBe(200);
  });

  it('sends no-store on signed-in pages and the API', async () => {
    const user = await buildUser();
    const agent = await signedInAgent(user);
    for (const url of ['/', '/partnerships', '/account']) expect((await agent.get(url)).headers['cache-control'], url).toBe('no-store');
    const app = await testApp();
    expect((await app.inject({ method: 'GET', url: '/api/v1/partnerships' })).headers['cache-control']).toBe('no-store');
  });

  it('uses __Host- cookie names when cookies are secure', async () => {
    const { database, services } = await testRuntime();
    const config = { ...services.config, cookieSecure: true };
    const app = await buildApp({ services: createServices(database, config), cookieSecret: 'a-secret-that-is-long-enough-for-signing-0' });
    try {
      const user = await buildUser();
      const page = await app.inject({ method: 'GET', url: '/sign-in' });
      const csrf = page.cookies.find((c) => c.name === '__Host-saferhub_csrf');
      expect(csrf).toMatchObject({ secure: true, path: '/', httpOnly: true });
      expect(csrf!.domain).toBeUndefined();
      const signedIn = await app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `__Host-saferhub_csrf=${csrf!.value}` },
        payload: new URLSearchParams({ _csrf: csrfFrom(page.body), email: user.email, password: user.password }).toString(),
      });
      expect(signedIn.statusCode).toBe(303);
      expect(signedIn.cookies.find((c) => c.name === '__Host-saferhub_session')).toMatchObject({ secure: true, path: '/', httpOnly: true });
    } finally {
      await app.close();
    }
  });
});

describe('the page after signing in (finding: /sign-in?returnTo=%2F%09%2Fevil.example redirected off-site)', () => {
  for (const returnTo of ['%2F%09%2Fevil.example', '%2F%2Fevil', '%2F%5Cevil', 'https%3A%2F%2Fevil', '%2F%0A%2Fevil.example']) {
    it(`goes home instead of to ${decodeURIComponent(returnTo)}`, async () => {
      const user = await buildUser();
      const agent = new Agent(await testApp());
      const form = await agent.get(`/sign-in?returnTo=${returnTo}`);
      expect(form.body).toContain('name="returnTo" value="/"');
      const response = await agent.post('/sign-in', { email: user.email, password: user.password, returnTo: decodeURIComponent(returnTo) });
      expect(response.headers.location).toBe('/');
    });
  }

  it('still returns to a page on this site', async () => {
    const p = await buildPartnership();
    const user = await buildUser({ seatIn: [p] });
    const agent = new Agent(await testApp());
    await agent.get(`/sign-in?returnTo=${encodeURIComponent(`/partnerships/${p.id}?tab=members`)}`);
    const response = await agent.post('/sign-in', {
      email: user.email,
      password: user.password,
      returnTo: `/partnerships/${p.id}?tab=members`,
    });
    expect(response.headers.location).toBe(`/partnerships/${p.id}?tab=members`);
  });
});
