import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../../app.js';
import { queryRows } from '../../../db/database.js';
import { createServices } from '../../../services.js';
import { Agent } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import { signInAtProvider, startTestProvider, TEST_CLIENT, type TestProvider } from '../../../../test/support/oidc.js';
import { buildUser } from '../../../../test/support/factories.js';

const PUBLIC_URL = 'http://saferhub.test';
let provider: TestProvider;
let app: App;

beforeAll(async () => {
  provider = await startTestProvider([`${PUBLIC_URL}/sign-in/sso/callback`]);
  const { database, services } = await testRuntime();
  const config = {
    ...services.config,
    publicUrl: PUBLIC_URL,
    oidc: {
      issuer: provider.issuer,
      clientId: TEST_CLIENT.id,
      clientSecret: TEST_CLIENT.secret,
      buttonLabel: 'Sign in with Hampshire County Council',
      allowHttp: true,
    },
  };
  app = await buildApp({ services: createServices(database, config), cookieSecret: 'test-cookie-secret-that-is-long-enough-for-signing' });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await provider?.close();
});

async function rows<T>(query: ReturnType<typeof sql>) {
  const { database } = await testRuntime();
  return queryRows<T>(database.db, query);
}

/** Starts single sign-on from the sign-in page, signs in at the provider as `login`, and comes back. */
async function signInWithSso(agent: Agent, login: string, returnTo = '/') {
  const page = await agent.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  expect(page.body).toContain('Sign in with Hampshire County Council');
  const start = await agent.get(`/sign-in/sso?returnTo=${encodeURIComponent(returnTo)}`);
  expect(start.statusCode).toBe(303);
  const authorization = new URL(String(start.headers.location));
  expect(authorization.origin).toBe(provider.issuer);
  for (const p of ['state', 'nonce', 'code_challenge']) expect(authorization.searchParams.get(p)).toBeTruthy();
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
  const back = new URL(await signInAtProvider(authorization.href, login));
  expect(back.origin).toBe(PUBLIC_URL);
  return agent.get(back.pathname + back.search);
}

describe('single sign-on with OpenID Connect', () => {
  it('signs in the account whose e-mail the provider verified, and audits it', async () => {
    const user = await buildUser();
    const agent = new Agent(app);
    const landed = await signInWithSso(agent, user.email.toUpperCase(), '/partnerships');
    expect(landed.statusCode).toBe(303);
    expect(landed.headers.location).toBe('/partnerships');
    const page = await agent.get('/partnerships');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sign out');
    const [entry] = await rows<{ user_id: number; details: unknown }>(sql`select user_id, details from audit_log where action = 'sign-in'`);
    expect(entry).toEqual({ user_id: user.id, details: { method: 'single sign-on' } });
  });

  it('refuses unknown, unverified and disabled accounts with a clear message, and never creates an account', async () => {
    const disabled = await buildUser();
    await rows(sql`update users set disabled_at = now() where id = ${disabled.id}`);
    const before = await rows(sql`select id from users`);
    const cases = [
      ['stranger@elsewhere.example', 'You do not have a SaferHub account'],
      [`unverified:${disabled.email}`, 'Your e-mail address is not verified'],
      ['no-email', 'Your e-mail address is not verified'],
      [disabled.email, 'Your SaferHub account is disabled'],
    ] as const;
    for (const [login, message] of cases) {
      const agent = new Agent(app);
      const refused = await signInWithSso(agent, login);
      expect(refused.statusCode, login).toBe(403);
      expect(refused.body, login).toContain(message);
      expect((await agent.get('/partnerships')).statusCode, login).toBe(303);
    }
    expect(await rows(sql`select id from users`)).toHaveLength(before.length);
    expect(await rows(sql`select id from sessions`)).toHaveLength(0);
    const reasons = await rows<{ details: { reason: string } }>(
      sql`select details from audit_log where action = 'sign-in.failed' order by id`,
    );
    expect(reasons.map((r) => r.details.reason)).toEqual(['no-account', 'unverified', 'unverified', 'disabled']);
  });

  it('refuses an answer that comes back to another browser or with its state changed', async () => {
    const user = await buildUser();
    const agent = new Agent(app);
    const start = await agent.get('/sign-in/sso');
    const back = new URL(await signInAtProvider(String(start.headers.location), user.email));
    const elsewhere = await new Agent(app).get(back.pathname + back.search);
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.body).toContain('Signing in with your organisation did not work');
    back.searchParams.set('state', 'forged');
    const forged = await agent.get(back.pathname + back.search);
    expect(forged.statusCode).toBe(400);
    expect(await rows(sql`select id from sessions`)).toHaveLength(0);
  });

  it('asks for the second factor after single sign-on when the account has one', async () => {
    const user = await buildUser();
    await rows(sql`insert into second_factors (user_id, secret, confirmed_at) values (${user.id}, 'JBSWY3DPEHPK3PXP', now())`);
    const agent = new Agent(app);
    const landed = await signInWithSso(agent, user.email, '/partnerships');
    expect(landed.headers.location).toBe('/sign-in/second-factor?returnTo=%2Fpartnerships');
    expect((await agent.get('/partnerships')).statusCode).toBe(303);
  });
});
