import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { testApp } from './support/app.js';
import auth from '../src/web/auth.js';

const permissions = ['public', 'signed-in', 'admin', 'calendar-key', 'sign-in-step'];
/** The only routes anyone may reach without signing in. */
const publicRoutes = [
  /^\/$/,
  /^\/sign-in$/,
  /^\/sign-in\/sso(\/callback)?$/,
  /^\/reset-password$/,
  /^\/accessibility$/,
  /^\/data-sources$/,
  /^\/healthz$/,
  /^\/assets\//,
  /^\/api\/v1\/openapi\.json$/,
  // The public pages of partnerships that publish (reports module): the list, each page, published files.
  /^\/public$/,
  /^\/public\/partnerships\/:id$/,
  /^\/public\/partnerships\/:id\/reports\/:kind$/,
];

describe('deny by default', () => {
  it('every route declares a known permission, and only the listed pages are public', async () => {
    const app = await testApp();
    const routes = app.routeCatalogue;
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes) {
      expect(permissions, `${r.method} ${r.url}`).toContain(r.permission);
      if (r.permission === 'public')
        expect(
          publicRoutes.some((p) => p.test(r.url)),
          `${r.method} ${r.url} is public`,
        ).toBe(true);
    }
    expect(routes.find((r) => r.url === '/audit')?.permission).toBe('admin');
    for (const url of ['/users', '/users/new', '/users/:id', '/users/:id/disable', '/users/:id/enable', '/users/:id/password-reset'])
      expect(routes.find((r) => r.url === url)?.permission, url).toBe('admin');
    // A sign-in waiting for its second factor reaches the second step's pages only.
    expect(routes.filter((r) => r.permission === 'sign-in-step').every((r) => r.url.startsWith('/sign-in/second-factor'))).toBe(true);
    expect(routes.find((r) => r.url === '/users/:id/second-factor/reset')?.permission).toBe('admin');
    // A calendar key opens calendar feeds only, and only for reading.
    const keyed = routes.filter((r) => r.permission === 'calendar-key');
    expect(keyed.length).toBeGreaterThan(0);
    for (const r of keyed) {
      expect(r.url).toMatch(/^\/calendar\/:key\/.*\.ics$/);
      expect(r.method.split(',').every((m) => ['GET', 'HEAD'].includes(m))).toBe(true);
    }
  });

  it('lets nobody change anything without signing in, except by signing in', async () => {
    const app = await testApp();
    const safe = ['GET', 'HEAD', 'OPTIONS'];
    const openWrites = app.routeCatalogue.filter((r) => r.permission === 'public' && r.method.split(',').some((m) => !safe.includes(m)));
    expect(openWrites.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /sign-in', 'POST /reset-password']);
    const openApi = app.routeCatalogue.filter((r) => r.url.startsWith('/api/') && r.permission === 'public');
    expect(openApi.filter((r) => r.url !== '/api/v1/openapi.json')).toEqual([]);
    expect(app.routeCatalogue.filter((r) => r.url.startsWith('/api/v1/') && r.permission === 'signed-in').length).toBeGreaterThan(2);
  });

  it('refuses to register a route that declares no permission', async () => {
    const app = Fastify();
    app.decorate('services', {} as never);
    await app.register(auth);
    expect(() => app.get('/no-permission', () => 'open')).toThrow(/declares no permission/);
  });
});
