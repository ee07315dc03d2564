import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EditConflictError, ValidationError } from '../../../lib/errors.js';
import { idParam, parseInput } from '../../../lib/validation.js';
import { handleForm } from '../../../web/forms.js';
import { readFormWithFile } from '../uploads.js';
import { replyInput, requestInput } from './inputs.js';
import '../../../web/types.js';

const idParams = z.object({ id: idParam });
const versionOf = (body: unknown) =>
  Number(typeof body === 'object' && body !== null ? ((body as Record<string, unknown>).version ?? 0) : 0);

/** Pages of contribution requests: open one, reply for one's agency (with a report), see who has replied, close. */
export function contributionPages(app: FastifyInstance) {
  const signedIn = { config: { permission: 'signed-in' as const } };
  const svc = () => app.services.assessment.contributions;

  app.get('/assessments/:id/contribution-requests/new', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const assessment = await svc().newRequestFor(request.actor, id);
    return reply.view('assessment/contributions/views/request-form.njk', { title: 'Ask partners for their contributions', assessment });
  });

  app.post('/assessments/:id/contribution-requests', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/assessments/${id}/contribution-requests/new`, async () => {
      const row = await svc().openRequest(request.actor, id, parseInput(requestInput, request.body));
      return { redirect: `/contribution-requests/${row.id}`, notice: 'The contribution request is open to the member agencies' };
    });
  });

  app.get('/contribution-requests/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc().getRequest(request.actor, id);
    return reply.view('assessment/contributions/views/request.njk', { title: `Contributions: ${view.assessment.title}`, ...view });
  });

  app.post('/contribution-requests/:id/replies', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    let fields: Record<string, unknown> = {};
    try {
      const form = await readFormWithFile(request);
      fields = form.fields;
      await svc().reply(request.actor, id, parseInput(replyInput, fields), form.upload);
    } catch (error) {
      if (error instanceof ValidationError || error instanceof EditConflictError) {
        delete fields._csrf;
        const errors = error instanceof ValidationError ? error.fieldErrors : [{ field: 'form', message: error.message }];
        await app.services.access.setFlash(request.sessionToken!, { errors, values: fields, conflict: error instanceof EditConflictError });
        return reply.redirect(`/contribution-requests/${id}#reply-form`, 303);
      }
      throw error;
    }
    await app.services.access.setFlash(request.sessionToken!, { notice: 'Your agency’s contribution has been sent' });
    return reply.redirect(`/contribution-requests/${id}`, 303);
  });

  app.post('/contribution-requests/:id/close', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/contribution-requests/${id}`, async () => {
      await svc().closeRequest(request.actor, id, versionOf(request.body));
      return { redirect: `/contribution-requests/${id}`, notice: 'The contribution request is closed' };
    });
  });
}
