import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createServices } from '../../src/services.js';
import { Agent } from '../support/app.js';
import { testRuntime } from '../support/db.js';
import { buildPartnership, buildUser } from '../support/factories.js';

const opened: App[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

/** The real app with some settings changed, on the worker's database. */
async function appWith(settings: Partial<Config>) {
  const { database, services } = await testRuntime();
  const app = await buildApp({
    services: createServices(database, { ...services.config, ...settings }),
    cookieSecret: 'test-cookie-secret-that-is-long-enough-for-signing',
  });
  opened.push(app);
  return app;
}

const forged = {
  host: 'saferhub.example',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
  'x-forwarded-for': '203.0.113.9',
};

/** Signs in on `app` and asks for calendar addresses, sending `headers`; returns the addresses. */
async function calendarAddresses(app: App, headers: Record<string, string>) {
  const p = await buildPartnership();
  const user = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
  const agent = new Agent(app);
  await agent.signIn(user.email, user.password);
  await agent.get('/account');
  const page = await agent.post('/account/calendar', {}, headers);
  expect(page.statusCode).toBe(200);
  return [...page.body.matchAll(/value="(https?:\/\/[^"]+\/meetings\.ics)"/g)].map((m) => m[1]!);
}

describe('forwarded headers (finding: trustProxy: true put anyone’s X-Forwarded-Host into calendar feed addresses with their secret)', () => {
  it('ignores X-Forwarded-Host and -Proto by default: the addresses use the Host header', async () => {
    const app = await appWith({ trustProxy: false });
    const [address] = await calendarAddresses(app, forged);
    expect(address).toMatch(/^http:\/\/saferhub\.example\/calendar\//);
  });

  it('ignores a forged X-Forwarded-For: it cannot dodge the throttle for the client address', async () => {
    const app = await appWith({ trustProxy: false });
    const users = await Promise.all([1, 2, 3, 4, 5, 6].map(() => buildUser()));
    const agent = new Agent(app);
    await agent.get('/sign-in');
    const statuses = [];
    for (const [i, u] of users.entries())
      statuses.push(
        (await agent.post('/sign-in', { email: u.email, password: `Guess${i}` }, { 'x-forwarded-for': `203.0.113.${i}` })).statusCode,
      );
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });

  it('uses PUBLIC_URL when it is set, whatever the request says', async () => {
    const app = await appWith({ publicUrl: 'https://saferhub.council.example' });
    const [address] = await calendarAddresses(app, forged);
    expect(address).toMatch(/^https:\/\/saferhub\.council\.example\/calendar\//);

    const { services } = await testRuntime();
    const p = await buildPartnership();
    await services.governance.meetings.createMeeting({ userId: null, agencyId: null, isAdmin: true }, p.id, {
      title: 'Board',
      kind: 'board',
      date: '2026-12-10',
      startTime: '10:00',
      endTime: '12:00',
      location: 'Civic Centre',
    });
    const user = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    const agent = new Agent(app);
    await agent.signIn(user.email, user.password);
    const ics = await agent.get(`/partnerships/${p.id}/meetings.ics`, forged);
    expect(ics.statusCode).toBe(200);
    expect(ics.body).not.toContain('evil.example');
    expect(ics.body).toContain('saferhub.council.example');
  });

  it('trusts forwarded headers only from the proxies named in TRUST_PROXY', async () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' }).trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16']);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: must be false, a number of proxy hops/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(/TRUST_PROXY/);

    // The test's requests come from 127.0.0.1: a proxy elsewhere is not trusted, a proxy there is.
    const elsewhere = await appWith({ trustProxy: ['10.0.0.1'] });
    expect((await calendarAddresses(elsewhere, forged))[0]).toMatch(/^http:\/\/saferhub\.example\//);
    const here = await appWith({ trustProxy: ['127.0.0.1'] });
    expect((await calendarAddresses(here, forged))[0]).toMatch(/^https:\/\/evil\.example\//);
    const hops = await appWith({ trustProxy: 1 });
    expect((await calendarAddresses(hops, forged))[0]).toMatch(/^https:\/\/evil\.example\//);
  });
});
