import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam } from '../../lib/validation.js';
import { AppError, notFound, ValidationError } from '../../lib/errors.js';
import { setSessionCookie } from '../../web/auth.js';
import { handleForm } from '../../web/forms.js';
import { publicBaseUrl } from '../../web/public-url.js';
import '../../web/types.js';

const tokenParams = z.object({ id: idParam });
const tokenName = z.string().trim().min(1, 'Enter what the token is for').max(100, 'Name must be 100 characters or fewer');

/** The signed-in person's own account: who they are, their roles, and their personal API tokens. */
export async function accountRoutes(app: FastifyInstance) {
  const { access, partnerships } = app.services;

  app.get('/account', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const user = request.user!;
    const [roles, visible] = await Promise.all([access.listUserRoles(user.id), partnerships.listPartnerships(request.actor)]);
    const names = new Map(visible.map((p) => [p.id, p.name]));
    return reply.view('access/views/account.njk', {
      title: 'Your account',
      columnWidth: 'two-thirds',
      roles: roles.map((r) => ({ ...r, partnershipName: names.get(r.partnershipId) ?? `Partnership ${r.partnershipId}` })),
      seats: visible.filter((p) => !roles.some((r) => r.partnershipId === p.id)),
    });
  });

  app.post('/account/password', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof body[name] === 'string' ? body[name] : '');
    return handleForm(request, reply, '/account#change-password', async () => {
      if (!request.sessionToken) throw new AppError('forbidden', 'Sign in with your password to change it');
      const fresh = await access.changePassword(
        request.actor,
        request.sessionToken,
        { currentPassword: text('currentPassword'), newPassword: text('newPassword'), confirmPassword: text('confirmPassword') },
        request.ip,
      );
      // The session has a new id: the notice goes to it, and the browser gets its new cookie.
      request.sessionToken = fresh;
      setSessionCookie(reply, fresh);
      return { redirect: '/account', notice: 'Your password has been changed. You have been signed out everywhere else.' };
    });
  });

  app.get('/account/tokens', { config: { permission: 'signed-in' } }, async (request, reply) =>
    reply.view('access/views/tokens.njk', { title: 'Your API tokens', tokens: await access.listTokens(request.user!.id) }),
  );

  app.post('/account/tokens', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const name = tokenName.safeParse((request.body as Record<string, unknown> | undefined)?.name);
    if (!name.success)
      return handleForm(request, reply, '/account/tokens', async () => {
        throw new ValidationError([{ field: 'name', message: name.error.issues[0]!.message }]);
      });
    const token = await access.createToken(request.actor, request.user!.id, name.data);
    // The secret is shown on this response only: it is never stored, so it cannot survive a redirect.
    return reply
      .header('cache-control', 'no-store')
      .view('access/views/token-created.njk', { title: 'Your new API token', token, name: name.data });
  });

  app.post('/account/calendar', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const token = await access.createToken(request.actor, request.user!.id, 'Calendar subscriptions', 'calendar');
    const base = publicBaseUrl(request);
    const feeds = (await partnerships.listPartnerships(request.actor)).map((p) => ({
      name: p.name,
      url: `${base}/calendar/${token.secret}/partnerships/${p.id}/meetings.ics`,
    }));
    // Like a token, the addresses are shown on this response only.
    return reply.header('cache-control', 'no-store').view('access/views/calendar-created.njk', { title: 'Your calendar addresses', feeds });
  });

  app.post(
    '/account/tokens/:id/revoke',
    { config: { permission: 'signed-in' }, schema: { params: tokenParams } },
    async (request, reply) => {
      const { id } = tokenParams.parse(request.params);
      return handleForm(request, reply, '/account/tokens', async () => {
        const revoked = await access.revokeTokens(request.actor, { id, userId: request.user!.id });
        if (revoked.length === 0) throw notFound('Token');
        return { redirect: '/account/tokens', notice: `Token ${revoked[0]!.prefix}… has been revoked` };
      });
    },
  );
}
