import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError, type FieldError } from '../../../lib/errors.js';
import { clearSessionCookie, setSessionCookie } from '../../../web/auth.js';
import { handleForm, presentErrors } from '../../../web/forms.js';
import { readForm } from '../fields.js';
import { lockedMessage, throttledMessage } from '../presenters.js';
import { userParams } from '../accounts/inputs.js';
import { codeForm, returnToQuery } from './inputs.js';
import '../../../web/types.js';

const views = 'access/second-factor/views';

/** Where a session waiting at a second step goes. */
export const secondStepUrl = (stage: 'second-factor' | 'second-factor-setup', returnTo: string) =>
  `/sign-in/second-factor${stage === 'second-factor-setup' ? '/set-up' : ''}${returnTo && returnTo !== '/' ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`;

/**
 * The second step of signing in (a session past the password, waiting for its code or for an authenticator
 * to be set up: it reaches nothing else), the account's second-factor pages, and an administrator's reset.
 */
export function secondFactorPages(app: FastifyInstance) {
  const { access } = app.services;

  /** The session must be waiting at this step; otherwise back to signing in. */
  const waitingAt = (request: FastifyRequest, reply: FastifyReply, stage: 'second-factor' | 'second-factor-setup') => {
    if (request.pendingSignIn?.stage === stage) return true;
    void reply.redirect(request.user ? '/' : '/sign-in', 303);
    return false;
  };

  // Signing in: the code -------------------------------------------------------------------------------

  const codePage = (reply: FastifyReply, returnTo: string, errors: FieldError[] = [], status = 200) =>
    reply.status(status).view(`${views}/code.njk`, {
      title: 'Enter the code from your authenticator app',
      columnWidth: 'two-thirds',
      returnTo,
      ...presentErrors(errors),
    });

  app.get('/sign-in/second-factor', { config: { permission: 'sign-in-step' } }, async (request, reply) => {
    if (!waitingAt(request, reply, 'second-factor')) return reply;
    return codePage(reply, readForm(returnToQuery, request.query).returnTo);
  });

  app.post('/sign-in/second-factor', { config: { permission: 'sign-in-step' } }, async (request, reply) => {
    if (!waitingAt(request, reply, 'second-factor')) return reply;
    const { code, returnTo } = readForm(codeForm, request.body);
    if (!code) return codePage(reply, returnTo, [{ field: 'code', message: 'Enter the code from your authenticator app' }], 400);
    const result = await access.completeSecondFactor(request.sessionToken!, code, {
      requestId: request.id,
      clientAddress: request.ip,
      origin: request.actor.origin,
    });
    if (!result.ok) {
      if (result.reason === 'invalid')
        return codePage(
          reply,
          returnTo,
          [
            {
              field: 'code',
              message: 'The code is not right, or it has been used already. Enter the code your app shows now, or a recovery code',
            },
          ],
          400,
        );
      const seconds =
        result.reason === 'throttled' ? result.waitSeconds : Math.max(1, Math.ceil((result.lockedUntil.getTime() - Date.now()) / 1000));
      reply.header('retry-after', String(seconds));
      return codePage(
        reply,
        returnTo,
        [{ field: 'code', message: result.reason === 'throttled' ? throttledMessage(seconds) : lockedMessage(seconds) }],
        429,
      );
    }
    setSessionCookie(reply, result.token);
    if (result.usedRecoveryCode) {
      await access.setFlash(result.token, {
        notice: `You signed in with a recovery code. You have ${result.recoveryCodesLeft} left: make new ones on your account page if you are running out.`,
      });
    }
    return reply.redirect(returnTo, 303);
  });

  // Either second step can be abandoned, to sign in as someone else.
  app.post('/sign-in/second-factor/cancel', { config: { permission: 'sign-in-step' } }, async (request, reply) => {
    if (request.sessionToken) await access.signOut(request.sessionToken, request.actor);
    clearSessionCookie(reply);
    return reply.redirect('/sign-in', 303);
  });

  // Signing in: setting up an authenticator app (required, and not yet done) -------------------------------

  const setUpPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    action: string,
    returnTo: string,
    errors: FieldError[] = [],
    status = 200,
  ) => {
    const setup = await access.secondFactorSetup(request.pendingSignIn?.userId ?? request.user!.id);
    if (!setup) return reply.redirect(request.user ? '/account/second-factor' : '/sign-in', 303);
    return reply.status(status).view(`${views}/set-up.njk`, {
      title: 'Set up an authenticator app',
      columnWidth: 'two-thirds',
      duringSignIn: !request.user,
      action,
      returnTo,
      ...setup,
      ...presentErrors(errors),
    });
  };

  const codesPage = (reply: FastifyReply, codes: string[], next: string, intro: string) =>
    reply.header('cache-control', 'no-store').view(`${views}/recovery-codes.njk`, {
      title: 'Your recovery codes',
      columnWidth: 'two-thirds',
      codes,
      next,
      intro,
    });

  app.get('/sign-in/second-factor/set-up', { config: { permission: 'sign-in-step' } }, async (request, reply) => {
    if (!waitingAt(request, reply, 'second-factor-setup')) return reply;
    return setUpPage(request, reply, '/sign-in/second-factor/set-up', readForm(returnToQuery, request.query).returnTo);
  });

  app.post('/sign-in/second-factor/set-up', { config: { permission: 'sign-in-step' } }, async (request, reply) => {
    if (!waitingAt(request, reply, 'second-factor-setup')) return reply;
    const { code, returnTo } = readForm(codeForm, request.body);
    const action = '/sign-in/second-factor/set-up';
    if (!code)
      return setUpPage(
        request,
        reply,
        action,
        returnTo,
        [{ field: 'code', message: 'Enter the 6-digit code your authenticator app shows' }],
        400,
      );
    try {
      const done = await access.completeSecondFactorSetup(request.sessionToken!, code, {
        requestId: request.id,
        clientAddress: request.ip,
        origin: request.actor.origin,
      });
      setSessionCookie(reply, done.token);
      request.sessionToken = done.token;
      return codesPage(reply, done.recoveryCodes, returnTo, 'Your authenticator app is set up and you are signed in.');
    } catch (error) {
      if (error instanceof ValidationError) return setUpPage(request, reply, action, returnTo, error.fieldErrors, 400);
      throw error;
    }
  });

  // Your account ----------------------------------------------------------------------------------------

  app.get('/account/second-factor', { config: { permission: 'signed-in' } }, async (request, reply) =>
    reply.view(`${views}/manage.njk`, {
      title: 'Second factor',
      columnWidth: 'two-thirds',
      status: await access.secondFactorStatus(request.user!),
    }),
  );

  app.get('/account/second-factor/set-up', { config: { permission: 'signed-in' } }, async (request, reply) =>
    setUpPage(request, reply, '/account/second-factor/set-up', '/account/second-factor'),
  );

  app.post('/account/second-factor/set-up', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const { code } = readForm(codeForm, request.body);
    const action = '/account/second-factor/set-up';
    if (!code)
      return setUpPage(
        request,
        reply,
        action,
        '',
        [{ field: 'code', message: 'Enter the 6-digit code your authenticator app shows' }],
        400,
      );
    try {
      const codes = await access.confirmSecondFactor(request.actor, code);
      return codesPage(
        reply,
        codes,
        '/account/second-factor',
        'Your authenticator app is set up: SaferHub will ask for a code from it each time you sign in.',
      );
    } catch (error) {
      if (error instanceof ValidationError) return setUpPage(request, reply, action, '', error.fieldErrors, 400);
      throw error;
    }
  });

  app.post('/account/second-factor/recovery-codes', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const codes = await access.regenerateRecoveryCodes(request.actor);
    return codesPage(reply, codes, '/account/second-factor', 'Your old recovery codes no longer work.');
  });

  app.post('/account/second-factor/disable', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const { code } = readForm(codeForm, request.body);
    return handleForm(request, reply, '/account/second-factor#disable', async () => {
      await access.disableSecondFactor(request.actor, code);
      return {
        redirect: '/account/second-factor',
        notice: 'Your authenticator app has been removed: SaferHub will no longer ask for a code',
      };
    });
  });

  // Administrators ------------------------------------------------------------------------------------------

  app.post(
    '/users/:id/second-factor/reset',
    { config: { permission: 'admin' }, schema: { params: userParams } },
    async (request, reply) => {
      const { id } = userParams.parse(request.params);
      return handleForm(request, reply, `/users/${id}`, async () => {
        const { displayName } = await access.resetSecondFactor(request.actor, id);
        return {
          redirect: `/users/${id}`,
          notice: `${displayName}’s second factor has been removed and they have been signed out. They set up a new one when they next sign in, if they must have one.`,
        };
      });
    },
  );
}
