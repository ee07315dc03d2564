import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formVersion, idParam } from '../../../lib/validation.js';
import { handleForm } from '../../../web/forms.js';
import { actionStatuses } from '../schema.js';
import '../../../web/types.js';

const idParams = z.object({ id: idParam });
const itemParams = z.object({ id: idParam, itemId: idParam });
const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
const version = (request: FastifyRequest) => formVersion(request.body);

/** Pages for minutes: each agenda item's minutes, decisions, actions arising and the approval of minutes. */
export function minutesPages(app: FastifyInstance) {
  const svc = app.services.governance.minutes;

  app.get(
    '/meetings/:id/agenda/:itemId/minutes',
    { config: { permission: 'signed-in' }, schema: { params: itemParams } },
    async (request, reply) => {
      const { id, itemId } = itemParams.parse(request.params);
      const view = await svc.minutesForm(request.actor, id, itemId);
      return reply.view('governance/minutes/views/minutes-form.njk', { title: `Minutes: ${view.item.title}`, ...view });
    },
  );

  app.post(
    '/meetings/:id/agenda/:itemId/minutes',
    { config: { permission: 'signed-in' }, schema: { params: itemParams } },
    async (request, reply) => {
      const { id, itemId } = itemParams.parse(request.params);
      return handleForm(request, reply, `/meetings/${id}/agenda/${itemId}/minutes`, async () => {
        await svc.saveMinutes(request.actor, id, itemId, version(request), body(request));
        return { redirect: `/meetings/${id}#agenda-item-${itemId}`, notice: 'The minutes have been saved as a draft' };
      });
    },
  );

  app.post('/meetings/:id/decisions', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/meetings/${id}#add-decision`, async () => {
      await svc.addDecision(request.actor, id, body(request));
      return { redirect: `/meetings/${id}#decisions`, notice: 'The decision has been recorded' };
    });
  });

  app.post('/meetings/:id/actions', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/meetings/${id}#add-action`, async () => {
      await svc.addAction(request.actor, id, body(request));
      return { redirect: `/meetings/${id}#actions`, notice: 'The action has been recorded' };
    });
  });

  app.post(
    '/meetings/:id/approve-minutes',
    { config: { permission: 'signed-in' }, schema: { params: idParams } },
    async (request, reply) => {
      const { id } = idParams.parse(request.params);
      const atMeetingId = Number(body(request).atMeetingId ?? 0);
      return handleForm(request, reply, `/meetings/${atMeetingId || id}`, async () => {
        await svc.approveMinutes(request.actor, id, atMeetingId, version(request));
        return { redirect: `/meetings/${atMeetingId}`, notice: 'The minutes of the previous meeting have been approved' };
      });
    },
  );

  app.get('/actions/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.getAction(request.actor, id);
    return reply.view('governance/minutes/views/action.njk', {
      title: `Action: ${view.action.description.slice(0, 60)}`,
      ...view,
      statuses: actionStatuses,
    });
  });

  app.post('/actions/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/actions/${id}`, async () => {
      const action = await svc.updateActionStatus(request.actor, id, version(request), body(request));
      return { redirect: `/meetings/${action.meetingId}#actions`, notice: `The action is now ${action.status}` };
    });
  });
}
