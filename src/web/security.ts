import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import csrf from '@fastify/csrf-protection';
import type { FastifyRequest } from 'fastify';
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

/** Security headers with a per-response CSP nonce, and CSRF checks on every state-changing browser request. */
export default fp(async (app, opts: { cookieSecure: boolean }) => {
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
    cookieKey: 'saferhub_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: opts.cookieSecure, signed: true },
    getToken: csrfTokenFrom,
  });

  app.addHook('preValidation', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method) || request.viaToken) return done();
    app.csrfProtection(request, reply, done);
  });
});
