import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../src/app.js';
import { testRuntime } from './db.js';

let shared: Promise<App> | undefined;

/** The real app (sessions, CSRF, permissions all on) on the worker's test database, built once. */
export function testApp(): Promise<App> {
  shared ??= (async () => {
    const { services } = await testRuntime();
    const app = await buildApp({ services, cookieSecret: 'test-cookie-secret-that-is-long-enough-for-signing' });
    await app.ready();
    return app;
  })();
  return shared;
}

/** Reads the CSRF token from a rendered form. */
export const csrfFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * A browser-like client for app.inject: keeps cookies, and sends the CSRF token it last saw on a page
 * with each form post, as a real browser submitting SaferHub's forms would.
 */
export class Agent {
  private cookies = new Map<string, string>();
  private csrf = '';

  constructor(private readonly app: App) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: LightMyRequestResponse) {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = csrfFrom(response.body);
    if (token) this.csrf = token;
    return response;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** Posts a form; pass `_csrf: ''` or another value to override the token. */
  async post(url: string, form: Record<string, string | number | boolean | string[]> = {}, headers: Record<string, string> = {}) {
    if (!this.csrf) await this.get('/');
    const body = new URLSearchParams();
    if (!('_csrf' in form)) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) {
      if (Array.isArray(v)) for (const item of v) body.append(k, item);
      else body.append(k, String(v));
    }
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: body.toString(),
      }),
    );
  }

  /** Follows a 303 redirect like a browser. */
  async follow(response: LightMyRequestResponse) {
    const location = response.headers.location;
    if (!location) throw new Error(`Expected a redirect, got ${response.statusCode}`);
    return this.get(String(location));
  }

  async signIn(email: string, password: string) {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    if (response.statusCode !== 303) throw new Error(`Sign-in failed for ${email}: ${response.statusCode}`);
    // Like a browser, land on the next page: its forms carry a CSRF token bound to the new session.
    await this.follow(response);
    return response;
  }
}

export async function signedInAgent(user: { email: string; password: string }) {
  const agent = new Agent(await testApp());
  await agent.signIn(user.email, user.password);
  return agent;
}
