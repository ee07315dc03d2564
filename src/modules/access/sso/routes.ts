import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../../lib/errors.js';
import { setSessionCookie } from '../../../web/auth.js';
import { publicBaseUrl } from '../../../web/public-url.js';
import { safeReturnTo } from '../../../web/return-to.js';
import { readForm } from '../fields.js';
import { secondStepUrl } from '../second-factor/routes.js';
import type { PendingSso, SsoRefusal } from './service.js';
import '../../../web/types.js';

const startForm = z.object({ returnTo: z.preprocess(safeReturnTo, z.string()) });

const pendingSso = z.object({
  state: z.string(),
  nonce: z.string(),
  verifier: z.string(),
  redirectUri: z.string(),
  returnTo: z.preprocess(safeReturnTo, z.string()),
});

/** What each refusal tells the person (never which accounts exist beyond their own verified address). */
const refusals: Record<SsoRefusal, { title: string; message: string }> = {
  'no-account': {
    title: 'You do not have a SaferHub account',
    message:
      'Your organisation signed you in, but no SaferHub account has your e-mail address. SaferHub never creates accounts at sign-in: ask your partnership’s coordinator or your SaferHub administrator to add you.',
  },
  unverified: {
    title: 'Your e-mail address is not verified',
    message:
      'Your organisation’s sign-in did not confirm your e-mail address, so SaferHub cannot tell which account is yours. Ask your IT service to verify it, or sign in with your SaferHub password.',
  },
  disabled: {
    title: 'Your SaferHub account is disabled',
    message: 'Your organisation signed you in, but your SaferHub account has been disabled. Ask your SaferHub administrator to enable it.',
  },
  failed: {
    title: 'Signing in with your organisation did not work',
    message:
      'SaferHub could not complete the sign-in with your organisation (it may have taken too long, or been started in another window). Try again, or sign in with your SaferHub password.',
  },
};

/** Single sign-on: leaving for the organisation's sign-in, and coming back from it. */
export function ssoPages(app: FastifyInstance) {
  const { access, config } = app.services;
  const cookieName = config.cookieSecure ? '__Host-saferhub_sso' : 'saferhub_sso';
  // Lax: the provider's redirect back is a top-level navigation from its site, which must carry it.
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure, signed: true };

  const refusalPage = (reply: FastifyReply, reason: SsoRefusal) =>
    reply.status(reason === 'failed' ? 400 : 403).view('access/sso/views/refused.njk', { ...refusals[reason], columnWidth: 'two-thirds' });

  // A link from the sign-in page (starting a sign-in changes nothing here: the state cookie ties the
  // provider's answer to this browser, so a sign-in started elsewhere cannot be finished in it).
  app.get('/sign-in/sso', { config: { permission: 'public' } }, async (request, reply) => {
    if (!access.ssoButton) throw notFound();
    const { returnTo } = readForm(startForm, request.query);
    const { url, pending } = await access.startSso(`${publicBaseUrl(request)}/sign-in/sso/callback`, returnTo);
    reply.setCookie(cookieName, Buffer.from(JSON.stringify(pending)).toString('base64url'), { ...cookieOptions, maxAge: 600 });
    return reply.redirect(url, 303);
  });

  app.get('/sign-in/sso/callback', { config: { permission: 'public' } }, async (request: FastifyRequest, reply) => {
    if (!access.ssoButton) throw notFound();
    const pending = readPending(request, cookieName);
    reply.clearCookie(cookieName, { path: '/', secure: config.cookieSecure, sameSite: 'lax' });
    if (!pending) return refusalPage(reply, 'failed');
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const result = await access.finishSso(new URL(pending.redirectUri + query), pending, {
      requestId: request.id,
      clientAddress: request.ip,
      origin: request.actor.origin,
      previousSessionToken: request.sessionToken,
    });
    if (!result.ok) return refusalPage(reply, result.reason);
    setSessionCookie(reply, result.token);
    if (result.stage !== 'signed-in') return reply.redirect(secondStepUrl(result.stage, pending.returnTo), 303);
    return reply.redirect(pending.returnTo, 303);
  });
}

function readPending(request: FastifyRequest, name: string): PendingSso | null {
  const raw = request.cookies[name];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return null;
  try {
    const parsed = pendingSso.safeParse(JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
