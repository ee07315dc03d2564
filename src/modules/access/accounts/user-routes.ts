import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, ValidationError } from '../../../lib/errors.js';
import { handleForm, presentErrors } from '../../../web/forms.js';
import { publicBaseUrl } from '../../../web/public-url.js';
import { readForm } from '../fields.js';
import { roleLine } from '../presenters.js';
import { invitationForm, resetLinkQuery, resetPasswordForm, userParams } from './inputs.js';
import '../../../web/types.js';

const resetLink = (request: FastifyRequest, secret: string) =>
  `${publicBaseUrl(request)}/reset-password?token=${encodeURIComponent(secret)}`;

/** Administrators' pages for accounts (add, disable, enable, password reset links), and the public reset page. */
export function userPages(app: FastifyInstance) {
  const { access, partnerships } = app.services;

  app.get('/users', { config: { permission: 'admin' } }, async (_request, reply) =>
    reply.view('access/accounts/views/users.njk', { title: 'Users', users: await access.listUsers() }),
  );

  app.get('/users/new', { config: { permission: 'admin' } }, async (_request, reply) =>
    reply.view('access/accounts/views/user-form.njk', { title: 'Add a user', agencies: await partnerships.listAgencies() }),
  );

  app.post('/users', { config: { permission: 'admin' } }, async (request, reply) => {
    let invited;
    try {
      invited = await access.inviteUser(request.actor, readForm(invitationForm, request.body));
    } catch (error) {
      if (error instanceof ValidationError || (error instanceof AppError && error.code === 'conflict'))
        return handleForm(request, reply, '/users/new', () => Promise.reject(error));
      throw error;
    }
    return reply.header('cache-control', 'no-store').view('access/accounts/views/password-reset-created.njk', {
      title: 'User added',
      panelTitle: 'User added',
      linkLabel: 'Link to choose a password',
      link: resetLink(request, invited.secret),
      expiresAt: invited.expiresAt,
      displayName: invited.user.displayName,
      userId: invited.user.id,
    });
  });

  app.get('/users/:id', { config: { permission: 'admin' }, schema: { params: userParams } }, async (request, reply) => {
    const { id } = userParams.parse(request.params);
    const { user, roles, canDisable } = await access.getUser(request.actor, id);
    const names = new Map((await partnerships.listAllPartnerships()).map((p) => [p.id, p.name]));
    return reply.view('access/accounts/views/user.njk', {
      title: user.displayName,
      account: user,
      roles: roles.map((r) => roleLine(r, names)),
      canDisable,
      secondFactor: await access.secondFactorStatus(user),
    });
  });

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const)
    app.post(`/users/:id/${action}`, { config: { permission: 'admin' }, schema: { params: userParams } }, async (request, reply) => {
      const { id } = userParams.parse(request.params);
      return handleForm(request, reply, `/users/${id}`, async () => {
        const { displayName } = await access.setAccountDisabled(request.actor, id, disabled);
        return { redirect: `/users/${id}`, notice: `${displayName}’s account has been ${disabled ? 'disabled' : 'enabled'}` };
      });
    });

  app.post('/users/:id/password-reset', { config: { permission: 'admin' }, schema: { params: userParams } }, async (request, reply) => {
    const { id } = userParams.parse(request.params);
    const reset = await access.createPasswordReset(request.actor, id);
    // The link is shown on this response only: the secret in it is never stored.
    const link = resetLink(request, reset.secret);
    return reply.header('cache-control', 'no-store').view('access/accounts/views/password-reset-created.njk', {
      title: 'Password reset link created',
      link,
      expiresAt: reset.expiresAt,
      displayName: reset.displayName,
      userId: id,
    });
  });

  // The owner of a reset link chooses a new password; nobody is signed in. The secret travels in the query
  // string (which is never logged) and then in the form, never in the path.
  app.get('/reset-password', { config: { permission: 'public' } }, async (request, reply) => {
    const { token } = readForm(resetLinkQuery, request.query);
    const usable = token !== '' && (await access.passwordResetUsable(token));
    return reply
      .status(usable ? 200 : 410)
      .header('cache-control', 'no-store')
      .view('access/accounts/views/reset-password.njk', {
        title: 'Choose a new password',
        state: usable ? 'form' : 'expired',
        token,
        columnWidth: 'two-thirds',
      });
  });

  app.post('/reset-password', { config: { permission: 'public' } }, async (request, reply) => {
    const { token, newPassword, confirmPassword } = readForm(resetPasswordForm, request.body);
    const view = (status: number, context: Record<string, unknown>) =>
      reply
        .status(status)
        .header('cache-control', 'no-store')
        .view('access/accounts/views/reset-password.njk', { title: 'Choose a new password', token, ...context });
    try {
      await access.resetPassword(token, { newPassword, confirmPassword }, request.id);
    } catch (error) {
      if (error instanceof ValidationError) return view(400, { state: 'form', ...presentErrors(error.fieldErrors) });
      if (error instanceof AppError && error.code === 'not_found') return view(410, { state: 'expired' });
      throw error;
    }
    return view(200, { title: 'Your password has been changed', state: 'done' });
  });
}
