import { describe, expect, it } from 'vitest';
import { systemActor } from '../../src/modules/access/index.js';
import { signedInAgent, testApp } from '../support/app.js';
import { testRuntime } from '../support/db.js';
import { buildPartnership, buildUser } from '../support/factories.js';

const big = '99999999999';

describe('ids past PostgreSQL’s integer (finding: /partnerships/99999999999 gave 500)', () => {
  it('answers a 404 page for a page and a 404 JSON error under /api', async () => {
    const agent = await signedInAgent(await buildUser({ isAdmin: true }));
    const page = await agent.get(`/partnerships/${big}`);
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Page not found');
    for (const id of ['2147483648', '0', '-1', '1e3', '007', 'abc'])
      expect((await agent.get(`/partnerships/${id}`)).statusCode, id).toBe(404);

    const user = await buildUser({ isAdmin: true });
    const { services } = await testRuntime();
    const { secret } = await services.access.createToken(systemActor, user.id, 'test');
    const app = await testApp();
    const api = await app.inject({ method: 'GET', url: `/api/v1/partnerships/${big}`, headers: { authorization: `Bearer ${secret}` } });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('never answers 500 on any route given a huge id, signed in as an administrator', async () => {
    const p = await buildPartnership();
    const admin = await buildUser({ isAdmin: true, roles: [{ partnership: p, role: 'coordinator' }] });
    const agent = await signedInAgent(admin);
    const { services } = await testRuntime();
    const { secret } = await services.access.createToken(systemActor, admin.id, 'test');
    const app = await testApp();
    const routes = app.routeCatalogue.filter((r) => /:[a-z]*[iI]d\b/.test(r.url));
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      const url = route.url.replace(/:[a-zA-Z]+/g, big);
      for (const method of route.method.split(',')) {
        if (method === 'HEAD') continue;
        const response = url.startsWith('/api/')
          ? await app.inject({ method: method as 'GET' | 'POST', url, headers: { authorization: `Bearer ${secret}` } })
          : method === 'GET'
            ? await agent.get(url)
            : await agent.post(url, {});
        expect(response.statusCode, `${method} ${url}`).toBe(404);
      }
    }
  });
});

describe('a hand-edited version field (finding: version=abc on an edit form gave 500)', () => {
  it('is an edit conflict that sends the user back to the form, never a server error', async () => {
    const p = await buildPartnership();
    const coordinator = await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] });
    const agent = await signedInAgent(coordinator);
    for (const version of ['abc', '1.5', '-3', '99999999999']) {
      const form = { version, name: 'Renamed by a stale form', kind: p.kind };
      const response = await agent.post(`/partnerships/${p.id}`, form);
      expect(response.statusCode, version).toBe(303);
      expect(response.headers.location, version).toBe(`/partnerships/${p.id}/edit`);
      const page = await agent.get(`/partnerships/${p.id}/edit`);
      expect(page.body, version).toContain('Someone else changed this partnership while you were editing it');
    }
    const { services } = await testRuntime();
    const after = await services.partnerships.getPartnership(systemActor, p.id);
    expect(after.partnership.name).toBe(p.name);
  });
});
