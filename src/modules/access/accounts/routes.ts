import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../lib/errors.js';
import { setSessionCookie } from '../../../web/auth.js';
import { handleForm } from '../../../web/forms.js';
import { readForm } from '../fields.js';
import { accountRoles } from '../presenters.js';
import { passwordChangeForm } from './inputs.js';
import '../../../web/types.js';

/** The signed-in person's own account: who they are, their roles, and changing their password. */
export function accountPages(app: FastifyInstance) {
  const { access, partnerships } = app.services;

  app.get('/account', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const user = request.user!;
    const [roles, visible] = await Promise.all([access.listUserRoles(user.id), partnerships.listPartnerships(request.actor)]);
    return reply.view('access/accounts/views/account.njk', {
      title: 'Your account',
      columnWidth: 'two-thirds',
      roles: accountRoles(roles, new Map(visible.map((p) => [p.id, p.name]))),
      seats: visible.filter((p) => !roles.some((r) => r.partnershipId === p.id)),
    });
  });

  app.post('/account/password', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const form = readForm(passwordChangeForm, request.body);
    return handleForm(request, reply, '/account#change-password', async () => {
      if (!request.sessionToken) throw new AppError('forbidden', 'Sign in with your password to change it');
      const fresh = await access.changePassword(request.actor, request.sessionToken, form, request.ip);
      // The session has a new id: the notice goes to it, and the browser gets its new cookie.
      request.sessionToken = fresh;
      setSessionCookie(reply, fresh);
      return { redirect: '/account', notice: 'Your password has been changed. You have been signed out everywhere else.' };
    });
  });
}
