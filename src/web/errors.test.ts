import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app.js';
import { signedInAgent } from '../../test/support/app.js';
import { testRuntime } from '../../test/support/db.js';
import { buildUser } from '../../test/support/factories.js';

const SECRET_DETAIL = 'connection to 10.0.0.7 refused by pg_hba.conf';

/** A separately built app with routes that fail the way a broken service would. */
let app: App;
beforeAll(async () => {
  const { services } = await testRuntime();
  app = await buildApp({ services, cookieSecret: 'errors-test-cookie-secret-long-enough-123' });
  const failing = () => {
    throw new Error(SECRET_DETAIL);
  };
  app.get('/test-only/broken', { config: { permission: 'public' } }, failing);
  app.get('/api/v1/test-only/broken', { config: { permission: 'public' } }, failing);
  await app.ready();
});
afterAll(async () => app?.close());

describe('error pages', () => {
  it('shows a 500 page with a reference to quote and no stack trace or internal detail', async () => {
    const response = await app.inject({ method: 'GET', url: '/test-only/broken' });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('Sorry, there is a problem with the service');
    const reference = /give this reference: <strong[^>]*>([A-Z0-9-]+)<\/strong>/.exec(response.body)?.[1];
    expect(reference).toMatch(/^[0-9A-F-]{8}$/);
    expect(response.body).not.toContain(SECRET_DETAIL);
    expect(response.body).not.toMatch(/\bat .*\.ts:\d+/);
    expect(response.body).toContain('href="/accessibility"');
  });

  it('answers a failing API call with { error: { code: internal, message, reference } } and nothing more', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/test-only/broken' });
    expect(response.statusCode).toBe(500);
    const body = response.json<{ error: { code: string; reference: string } }>();
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error.code).toBe('internal');
    expect(body.error.reference).toMatch(/^[0-9A-F-]{8}$/);
    expect(JSON.stringify(body)).not.toContain(SECRET_DETAIL);
  });

  it('shows a 404 page for an unknown address, to visitors and signed-in users alike', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/no/such/page' });
    expect(anonymous.statusCode).toBe(404);
    expect(anonymous.body).toContain('<h1 class="govuk-heading-l">Page not found</h1>');
    expect(anonymous.body).toContain('If you typed the web address, check it is correct.');

    const agent = await signedInAgent(await buildUser());
    const signedIn = await agent.get('/no/such/page');
    expect(signedIn.statusCode).toBe(404);
    expect(signedIn.body).toContain('Page not found');
    expect(signedIn.body).toContain('Sign out');
  });

  it('shows a 403 page that says who to ask', async () => {
    const agent = await signedInAgent(await buildUser());
    const response = await agent.get('/audit');
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('You do not have permission to see this page');
    expect(response.body).toContain('Ask your partnership’s coordinator if you need access.');
  });
});
