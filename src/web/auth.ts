import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';
import { actorOf } from '../modules/access/index.js';
import { logDisclosure, requestOrigin } from './origin.js';
import './types.js';

/**
 * The session cookie's name: with the `__Host-` prefix when cookies are secure (production), so the browser
 * accepts it only from this exact host over HTTPS with Path=/ (no subdomain can set or shadow it).
 */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-saferhub_session' : 'saferhub_session');

const sessionCookieOptions = (reply: FastifyReply) => {
  const { cookieSecure, sessionMaxHours } = reply.server.services.config;
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: cookieSecure, maxAge: sessionMaxHours * 3600 };
};

/** Sends the session cookie (at sign-in, or when the session's id is renewed). */
export function setSessionCookie(reply: FastifyReply, token: string) {
  reply.setCookie(sessionCookieName(reply.server.services.config.cookieSecure), token, sessionCookieOptions(reply));
}

export function clearSessionCookie(reply: FastifyReply) {
  const { maxAge: _maxAge, ...options } = sessionCookieOptions(reply);
  reply.clearCookie(sessionCookieName(reply.server.services.config.cookieSecure), options);
}

const anonymous = { userId: null, agencyId: null, isAdmin: false };
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Identifies the caller (session cookie or bearer token) and enforces each route's declared permission.
 * A route that declares no permission cannot be registered: deny by default.
 */
export default fp((app, _options, done) => {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('pendingSignIn', null);
  app.decorateRequest('viaToken', false);
  app.decorateRequest('hasFlash', false);
  app.decorateRequest('actor', null as never);

  const catalogue: { method: string; url: string; permission: string }[] = [];
  app.decorate('routeCatalogue', catalogue);

  app.addHook('onRoute', (route) => {
    // Static files (stylesheets, scripts, images) are public; @fastify/static cannot declare it itself.
    if (!route.config?.permission && route.url.startsWith('/assets/')) route.config = { ...route.config, permission: 'public' };
    if (!route.config?.permission) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no permission (config.permission)`);
    }
    catalogue.push({ method: String(route.method), url: route.url, permission: route.config.permission });
  });

  app.addHook('onRequest', async (request, reply) => {
    const origin = requestOrigin(request);
    request.actor = { ...anonymous, requestId: request.id, origin };
    // Stylesheets, scripts and images are public: no session lookup for them.
    if (request.url.startsWith('/assets/')) return;
    const auth = request.headers.authorization;
    if (auth?.startsWith('Bearer ') && request.url.startsWith('/api/')) {
      const result = await app.services.access.authenticateBearer(auth.slice(7).trim());
      if (result.status === 'expired') throw new AppError('unauthenticated', 'The bearer token has expired. Create a new one.');
      if (result.status !== 'ok') throw new AppError('unauthenticated', 'The bearer token is not valid');
      if (result.readOnly && !READ_METHODS.has(request.method))
        throw new AppError('forbidden', 'This token is read-only: it cannot change anything');
      request.user = result.user;
      request.viaToken = true;
      request.actor = { ...actorOf(result.user, request.id, origin), onlyPartnershipId: result.partnershipId };
      return;
    } else {
      const token = request.cookies[sessionCookieName(app.services.config.cookieSecure)];
      if (token) {
        // A session is renewed (given a new id) only on a page request, never under a form being posted.
        const loaded = await app.services.access.loadSession(token, { renew: request.method === 'GET' });
        if (loaded && loaded.stage !== 'signed-in') {
          // Past the password only: the second step's pages serve this session; everything else sees no one.
          request.pendingSignIn = { userId: loaded.user.id, stage: loaded.stage };
          request.sessionToken = token;
          request.hasFlash = loaded.flash != null;
        } else if (loaded) {
          request.user = loaded.user;
          request.sessionToken = loaded.renewedToken ?? token;
          request.hasFlash = loaded.flash != null;
          if (loaded.renewedToken) setSessionCookie(reply, loaded.renewedToken);
        }
      }
    }
    if (request.user) request.actor = actorOf(request.user, request.id, origin);
  });

  app.addHook('preHandler', async (request, reply) => {
    const permission = request.routeOptions.config.permission;
    if (permission === 'public' || request.is404) return;
    if (permission === 'calendar-key') return useCalendarKey(request);
    if (permission === 'sign-in-step') {
      if (request.pendingSignIn) return;
      if (request.method === 'GET') return reply.redirect(request.user ? '/' : '/sign-in', 303);
      throw new AppError('unauthenticated', 'Your sign-in has ended. Sign in again.');
    }
    if (!request.user) return refuseAnonymous(request, reply);
    if (permission === 'admin') await app.services.policy.requireAdmin(request.actor);
  });

  // Downloads, feeds and reports are disclosures: each is audited as it is sent (origin.ts).
  app.addHook('onSend', logDisclosure);
  done();
});

/** A feed address carries its owner's calendar token; anything else about the request is ignored. */
async function useCalendarKey(request: FastifyRequest) {
  const key = (request.params as { key?: unknown }).key;
  const user = typeof key === 'string' ? await request.server.services.access.authenticateToken(key, 'calendar') : null;
  if (!user) throw new AppError('not_found', 'Calendar not found');
  request.user = user;
  request.viaToken = true;
  request.actor = actorOf(user, request.id, request.actor.origin);
}

function refuseAnonymous(request: FastifyRequest, reply: FastifyReply) {
  if (request.url.startsWith('/api/')) throw new AppError('unauthenticated', 'Sign in or send a bearer token');
  if (request.method === 'GET') return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`, 303);
  throw new AppError('unauthenticated', 'Your session has ended. Sign in again.');
}
