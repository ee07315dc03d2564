import type { FastifyInstance } from 'fastify';
import type { FieldError } from '../../../lib/errors.js';
import { clearSessionCookie, setSessionCookie } from '../../../web/auth.js';
import { presentErrors } from '../../../web/forms.js';
import { readForm } from '../fields.js';
import { lockedMessage, lockoutNotice, throttledMessage } from '../presenters.js';
import { signInForm, signInQuery } from './inputs.js';
import { secondStepUrl } from '../second-factor/routes.js';
import '../../../web/types.js';

/** The sign-in page, signing in (throttled: see throttle.ts) and signing out. */
export function signInPages(app: FastifyInstance) {
  const { access } = app.services;

  app.get('/sign-in', { config: { permission: 'public' } }, async (request, reply) => {
    if (request.user) return reply.redirect('/', 303);
    const { returnTo } = readForm(signInQuery, request.query);
    if (request.pendingSignIn) return reply.redirect(secondStepUrl(request.pendingSignIn.stage, returnTo), 303);
    return reply.view('access/sign-in/views/sign-in.njk', {
      sso: access.ssoButton,
      title: 'Sign in to SaferHub',
      returnTo,
      columnWidth: 'two-thirds',
    });
  });

  app.post('/sign-in', { config: { permission: 'public' } }, async (request, reply) => {
    const { email, password, returnTo } = readForm(signInForm, request.body);
    const errors: FieldError[] = [];
    if (!email) errors.push({ field: 'email', message: 'Enter your e-mail address' });
    if (!password) errors.push({ field: 'password', message: 'Enter your password' });
    const result = errors.length
      ? null
      : await access.signIn(email, password, {
          requestId: request.id,
          clientAddress: request.ip,
          previousSessionToken: request.sessionToken,
          origin: request.actor.origin,
        });
    if (!result?.ok) {
      let status = 400;
      if (!result) {
        // The fields are blank: say which.
      } else if (result.reason === 'invalid') {
        errors.push({ field: 'email', message: 'The e-mail address or password is not right' });
      } else {
        // The same answers whether or not the account exists; the password was not checked.
        status = 429;
        const seconds =
          result.reason === 'throttled' ? result.waitSeconds : Math.max(1, Math.ceil((result.lockedUntil.getTime() - Date.now()) / 1000));
        reply.header('retry-after', String(seconds));
        errors.push({ field: 'email', message: result.reason === 'throttled' ? throttledMessage(seconds) : lockedMessage(seconds) });
      }
      return reply.status(status).view('access/sign-in/views/sign-in.njk', {
        sso: access.ssoButton,
        title: 'Sign in to SaferHub',
        returnTo,
        columnWidth: 'two-thirds',
        values: { email },
        ...presentErrors(errors),
      });
    }
    setSessionCookie(reply, result.token);
    if (result.lockedAt) await access.setFlash(result.token, { notice: lockoutNotice(result.lockedAt) });
    if (result.stage !== 'signed-in') return reply.redirect(secondStepUrl(result.stage, returnTo), 303);
    return reply.redirect(returnTo, 303);
  });

  app.post('/sign-out', { config: { permission: 'signed-in' } }, async (request, reply) => {
    if (request.sessionToken) await access.signOut(request.sessionToken, request.actor);
    clearSessionCookie(reply);
    return reply.view('access/sign-in/views/signed-out.njk', { title: 'You have signed out', user: null, navigation: [] });
  });
}
