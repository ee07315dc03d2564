import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, notFound, ValidationError } from '../../lib/errors.js';
import { setSessionCookie } from '../../web/auth.js';
import { blankToUndefined, idParam, toFieldErrors } from '../../lib/validation.js';
import { handleForm } from '../../web/forms.js';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from './service.js';
import { publicBaseUrl } from '../../web/public-url.js';
import '../../web/types.js';

const tokenParams = z.object({ id: idParam });
const tokenForm = z.object({
  name: z
    .string({ error: 'Enter what the token is for' })
    .trim()
    .min(1, 'Enter what the token is for')
    .max(100, 'Name must be 100 characters or fewer'),
  expiresInDays: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'Choose how long the token lasts' })
      .int('Choose how long the token lasts')
      .min(1, 'Choose how long the token lasts')
      .max(MAX_TOKEN_DAYS, `A token can last ${MAX_TOKEN_DAYS} days at most`)
      .default(DEFAULT_TOKEN_DAYS),
  ),
  access: z.enum(['read', 'write'], { error: 'Choose what the token may do' }).default('read'),
  partnershipId: z.preprocess(blankToUndefined, idParam.optional()),
});

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

  const tokensPage = async (request: FastifyRequest, reply: FastifyReply) =>
    reply.view('access/views/tokens.njk', {
      title: 'Your API tokens',
      tokens: await access.listTokens(request.user!.id),
      partnerships: await partnerships.listPartnerships(request.actor),
      expiryChoices: [7, 30, 90, 180, 365],
      defaultDays: DEFAULT_TOKEN_DAYS,
      now: new Date(),
    });

  app.get('/account/tokens', { config: { permission: 'signed-in' } }, tokensPage);

  app.post('/account/tokens', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const parsed = tokenForm.safeParse(request.body ?? {});
    // Problems go back to the form with what was typed, like any other form.
    const refuse = (error: ValidationError) => handleForm(request, reply, '/account/tokens', () => Promise.reject(error));
    if (!parsed.success) return refuse(new ValidationError(toFieldErrors(parsed.error)));
    const { name, expiresInDays, access: level, partnershipId } = parsed.data;
    let token;
    try {
      token = await access.createToken(request.actor, request.user!.id, name, 'api', {
        expiresInDays,
        readOnly: level === 'read',
        partnershipId: partnershipId ?? null,
      });
    } catch (error) {
      if (error instanceof ValidationError) return refuse(error);
      throw error;
    }
    const partnershipName = partnershipId
      ? (await partnerships.listPartnerships(request.actor)).find((p) => p.id === partnershipId)?.name
      : undefined;
    // The secret is shown on this response only: it is never stored, so it cannot survive a redirect.
    return reply
      .header('cache-control', 'no-store')
      .view('access/views/token-created.njk', { title: 'Your new API token', token, name, partnershipName });
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
