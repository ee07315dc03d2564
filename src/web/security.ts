import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import csrf from '@fastify/csrf-protection';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sha256 } from '../lib/tokens.js';
import './types.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function csrfTokenFrom(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const header = request.headers['x-csrf-token'];
  if (typeof body?._csrf === 'string') return body._csrf;
  if (typeof header === 'string') return header;
  // Multipart uploads carry the token in the form's action URL, since the body is streamed.
  if (typeof query?._csrf === 'string') return query._csrf;
  return undefined;
}

/**
 * What a CSRF token is bound to: the session (its fingerprint), or "signed out". A token taken from a page
 * before signing in, or from another session in the same browser, is refused.
 */
const csrfBinding = (request: FastifyRequest) => (request.sessionToken ? `session:${sha256(request.sessionToken)}` : 'signed-out');

/** A CSRF token for the page being rendered, bound to the caller's session. */
export const csrfTokenFor = (request: FastifyRequest, reply: FastifyReply) => reply.generateCsrf({ userInfo: csrfBinding(request) });

/**
 * Security headers with a per-response CSP nonce, CSRF checks on every state-changing browser request,
 * and no caching of anything shown to a signed-in person or sent by the API.
 */
export default fp(async (app, opts: { cookieSecure: boolean; secret: string }) => {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: opts.cookieSecure ? [] : null,
      },
    },
    strictTransportSecurity: opts.cookieSecure,
  });

  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: opts.cookieSecure ? '__Host-saferhub_csrf' : 'saferhub_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: opts.cookieSecure, signed: true },
    getToken: csrfTokenFrom,
    getUserInfo: csrfBinding,
    csrfOpts: { userInfo: true, hmacKey: opts.secret },
  });

  app.addHook('preValidation', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method) || request.viaToken) return done();
    app.csrfProtection(request, reply, done);
  });

  // Pages for a signed-in person, their downloads and every API answer: never kept by browsers or proxies.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/assets/')) return payload;
    const personal = request.user !== null || request.url.startsWith('/api/');
    const current = String(reply.getHeader('cache-control') ?? '');
    if (personal && !/\bno-store\b/.test(current) && !/\bpublic\b/.test(current)) reply.header('cache-control', 'no-store');
    return payload;
  });
});
