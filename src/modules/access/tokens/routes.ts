import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound, ValidationError } from '../../../lib/errors.js';
import { toFieldErrors } from '../../../lib/validation.js';
import { handleForm } from '../../../web/forms.js';
import { publicBaseUrl } from '../../../web/public-url.js';
import { DEFAULT_TOKEN_DAYS } from '../policy.js';
import { expiryChoices, tokenForm, tokenParams } from './inputs.js';
import '../../../web/types.js';

/** The signed-in person's personal API tokens and calendar addresses (under Your account). */
export function tokenPages(app: FastifyInstance) {
  const { access, partnerships } = app.services;

  const tokensPage = async (request: FastifyRequest, reply: FastifyReply) =>
    reply.view('access/tokens/views/tokens.njk', {
      title: 'Your API tokens',
      tokens: await access.listTokens(request.user!.id),
      partnerships: await partnerships.listPartnerships(request.actor),
      expiryChoices,
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
      .view('access/tokens/views/token-created.njk', { title: 'Your new API token', token, name, partnershipName });
  });

  app.post('/account/calendar', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const token = await access.createToken(request.actor, request.user!.id, 'Calendar subscriptions', 'calendar');
    const base = publicBaseUrl(request);
    const feeds = (await partnerships.listPartnerships(request.actor)).map((p) => ({
      name: p.name,
      url: `${base}/calendar/${token.secret}/partnerships/${p.id}/meetings.ics`,
    }));
    // Like a token, the addresses are shown on this response only.
    return reply
      .header('cache-control', 'no-store')
      .view('access/tokens/views/calendar-created.njk', { title: 'Your calendar addresses', feeds });
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
