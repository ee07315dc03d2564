import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { downloadName } from '../../../lib/csv.js';
import { formVersion, idParam } from '../../../lib/validation.js';
import { handleForm } from '../../../web/forms.js';
import { publicBaseUrl } from '../../../web/public-url.js';
import { attendanceStatuses, meetingKinds } from '../schema.js';
import { attendanceEntries } from './inputs.js';
import '../../../web/types.js';

const idParams = z.object({ id: idParam });
const itemParams = z.object({ id: idParam, itemId: idParam });
const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
const version = (request: FastifyRequest) => formVersion(request.body);

/** Pages for meetings: schedule, agenda, attendance and calendars. */
export function meetingPages(app: FastifyInstance) {
  const svc = app.services.governance.meetings;

  app.get('/partnerships/:id/meetings', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.listMeetings(request.actor, id);
    return reply.view('governance/meetings/views/meetings.njk', { title: `Meetings – ${view.partnership.name}`, ...view });
  });

  const partnershipFeed = async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = idParams.parse(request.params);
    const { partnership, ics } = await svc.partnershipCalendar(request.actor, id, publicBaseUrl(request));
    return reply
      .type('text/calendar; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="${downloadName(`${partnership.name} meetings`, 'ics')}"`)
      .send(ics);
  };

  app.get('/partnerships/:id/meetings.ics', { config: { permission: 'signed-in' }, schema: { params: idParams } }, partnershipFeed);

  // The same feed for calendar programs, which cannot sign in: the owner's calendar token is in the address.
  app.get(
    '/calendar/:key/partnerships/:id/meetings.ics',
    { config: { permission: 'calendar-key' }, schema: { params: idParams.extend({ key: z.string().min(1).max(200) }) } },
    partnershipFeed,
  );

  app.get(
    '/partnerships/:id/meetings/new',
    { config: { permission: 'signed-in' }, schema: { params: idParams } },
    async (request, reply) => {
      const { id } = idParams.parse(request.params);
      const { partnership } = await svc.newMeeting(request.actor, id);
      return reply.view('governance/meetings/views/meeting-form.njk', {
        title: 'Schedule a meeting',
        partnership,
        meeting: null,
        kinds: meetingKinds,
      });
    },
  );

  app.post('/partnerships/:id/meetings', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/partnerships/${id}/meetings/new`, async () => {
      const meeting = await svc.createMeeting(request.actor, id, body(request));
      return { redirect: `/meetings/${meeting.id}`, notice: `${meeting.title} has been scheduled` };
    });
  });

  app.get('/meetings/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.getMeeting(request.actor, id);
    return reply.view('governance/meetings/views/meeting.njk', { title: view.meeting.title, ...view });
  });

  app.get('/meetings/:id/calendar.ics', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const { meeting, date, ics } = await svc.meetingCalendar(request.actor, id, publicBaseUrl(request));
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${downloadName(`${meeting.title} ${date}`, 'ics')}"`)
      .send(ics);
  });

  app.get('/meetings/:id/edit', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.editMeeting(request.actor, id);
    return reply.view('governance/meetings/views/meeting-form.njk', {
      title: `Change ${view.meeting.title}`,
      ...view,
      kinds: meetingKinds,
    });
  });

  app.post('/meetings/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/meetings/${id}/edit`, async () => {
      const meeting = await svc.updateMeeting(request.actor, id, version(request), body(request));
      return { redirect: `/meetings/${meeting.id}`, notice: `${meeting.title} has been updated` };
    });
  });

  // Agenda ---------------------------------------------------------------------------------------------
  app.post('/meetings/:id/agenda', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/meetings/${id}#add-agenda-item`, async () => {
      const item = await svc.addAgendaItem(request.actor, id, body(request));
      return { redirect: `/meetings/${id}#agenda`, notice: `${item.title} has been added to the agenda` };
    });
  });

  app.get(
    '/meetings/:id/agenda/:itemId/edit',
    { config: { permission: 'signed-in' }, schema: { params: itemParams } },
    async (request, reply) => {
      const { id, itemId } = itemParams.parse(request.params);
      const view = await svc.editAgendaItem(request.actor, id, itemId);
      return reply.view('governance/meetings/views/agenda-item-form.njk', { title: `Change agenda item: ${view.item.title}`, ...view });
    },
  );

  app.post(
    '/meetings/:id/agenda/:itemId',
    { config: { permission: 'signed-in' }, schema: { params: itemParams } },
    async (request, reply) => {
      const { id, itemId } = itemParams.parse(request.params);
      return handleForm(request, reply, `/meetings/${id}/agenda/${itemId}/edit`, async () => {
        const item = await svc.updateAgendaItem(request.actor, id, itemId, version(request), body(request));
        return { redirect: `/meetings/${id}#agenda`, notice: `${item.title} has been updated` };
      });
    },
  );

  app.post(
    '/meetings/:id/agenda/:itemId/move',
    { config: { permission: 'signed-in' }, schema: { params: itemParams } },
    async (request, reply) => {
      const { id, itemId } = itemParams.parse(request.params);
      return handleForm(request, reply, `/meetings/${id}#agenda`, async () => {
        await svc.moveAgendaItem(request.actor, id, itemId, body(request).direction === 'up' ? -1 : 1);
        return { redirect: `/meetings/${id}#agenda-item-${itemId}`, notice: 'The agenda has been re-ordered' };
      });
    },
  );

  // Attendance -----------------------------------------------------------------------------------------
  app.get('/meetings/:id/attendance', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.attendanceForm(request.actor, id);
    return reply.view('governance/meetings/views/attendance-form.njk', {
      title: `Attendance – ${view.meeting.title}`,
      ...view,
      statuses: attendanceStatuses,
    });
  });

  app.post('/meetings/:id/attendance', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/meetings/${id}/attendance`, async () => {
      await svc.recordAttendance(request.actor, id, attendanceEntries(body(request)));
      return { redirect: `/meetings/${id}#attendance`, notice: 'Attendance has been recorded' };
    });
  });
}
