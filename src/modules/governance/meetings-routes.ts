import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idParam } from '../../lib/validation.js';
import { downloadName } from '../../lib/csv.js';
import { handleForm } from '../../web/forms.js';
import { publicBaseUrl } from '../../web/public-url.js';
import { attendanceStatuses, actionStatuses, meetingKinds } from './schema.js';
import { londonParts } from '../../lib/london-time.js';
import { papersToText } from './rules.js';
import '../../web/types.js';

const idParams = z.object({ id: idParam });
const itemParams = z.object({ id: idParam, itemId: idParam });
const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
const version = (request: FastifyRequest) => Number(body(request).version ?? 0);
export const baseUrlOf = (request: FastifyRequest) => publicBaseUrl(request);
const css = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'views', 'governance.css'), 'utf8');

/** Pages for meetings: schedule, agenda, attendance, minutes, decisions, actions, calendars, overview. */
export async function meetingRoutes(app: FastifyInstance) {
  const gov = app.services.governance;
  const svc = gov.meetings;

  app.get('/assets/governance/governance.css', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );

  app.get('/partnerships/:id/governance', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await gov.overview(request.actor, id);
    return reply.view('governance/views/overview.njk', { title: `Governance – ${view.partnership.name}`, ...view });
  });

  app.get('/partnerships/:id/meetings', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.listMeetings(request.actor, id);
    return reply.view('governance/views/meetings.njk', {
      title: `Meetings – ${view.partnership.name}`,
      ...view,
      canCoordinate: view.role === 'coordinator',
    });
  });

  const partnershipFeed = async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = idParams.parse(request.params);
    const { partnership, ics } = await svc.partnershipCalendar(request.actor, id, baseUrlOf(request));
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
      const { partnership } = await app.services.partnerships.visiblePartnership(request.actor, id, 'coordinate');
      return reply.view('governance/views/meeting-form.njk', {
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
      const meeting = await svc.createMeeting(request.actor, id, body(request) as never);
      return { redirect: `/meetings/${meeting.id}`, notice: `${meeting.title} has been scheduled` };
    });
  });

  app.get('/meetings/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.getMeeting(request.actor, id);
    return reply.view('governance/views/meeting.njk', { title: view.meeting.title, ...view, actionStatuses });
  });

  app.get('/meetings/:id/calendar.ics', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const { meeting, ics } = await svc.meetingCalendar(request.actor, id, baseUrlOf(request));
    return reply
      .type('text/calendar; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${downloadName(`${meeting.title} ${londonParts(meeting.startsAt).date}`, 'ics')}"`,
      )
      .send(ics);
  });

  app.get('/meetings/:id/edit', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.getMeeting(request.actor, id);
    if (!view.canCoordinate) await app.services.policy.require(request.actor, view.partnership.id, 'coordinate', 'meeting');
    return reply.view('governance/views/meeting-form.njk', {
      title: `Change ${view.meeting.title}`,
      partnership: view.partnership,
      meeting: { ...view.meeting, date: view.when.date, startTime: view.when.time, endTime: view.when.endTime },
      readOnly: view.readOnly,
      kinds: meetingKinds,
    });
  });

  app.post('/meetings/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/meetings/${id}/edit`, async () => {
      const meeting = await svc.updateMeeting(request.actor, id, version(request), body(request) as never);
      return { redirect: `/meetings/${meeting.id}`, notice: `${meeting.title} has been updated` };
    });
  });

  // Agenda ---------------------------------------------------------------------------------------------
  app.post('/meetings/:id/agenda', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/meetings/${id}#add-agenda-item`, async () => {
      const item = await svc.addAgendaItem(request.actor, id, body(request) as never);
      return { redirect: `/meetings/${id}#agenda`, notice: `${item.title} has been added to the agenda` };
    });
  });

  app.get(
    '/meetings/:id/agenda/:itemId/edit',
    { config: { permission: 'signed-in' }, schema: { params: itemParams } },
    async (request, reply) => {
      const { id, itemId } = itemParams.parse(request.params);
      const view = await svc.getAgendaItem(request.actor, id, itemId, 'coordinate');
      return reply.view('governance/views/agenda-item-form.njk', {
        title: `Change agenda item: ${view.item.title}`,
        ...view,
        item: { ...view.item, papers: papersToText(view.item.papers) },
        agencies: await svc.listMemberAgencies(view.meeting.partnershipId),
      });
    },
  );

  app.post(
    '/meetings/:id/agenda/:itemId',
    { config: { permission: 'signed-in' }, schema: { params: itemParams } },
    async (request, reply) => {
      const { id, itemId } = itemParams.parse(request.params);
      return handleForm(request, reply, `/meetings/${id}/agenda/${itemId}/edit`, async () => {
        const item = await svc.updateAgendaItem(request.actor, id, itemId, version(request), body(request) as never);
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
    const view = await svc.getMeeting(request.actor, id);
    if (!view.canCoordinate) await app.services.policy.require(request.actor, view.partnership.id, 'coordinate', 'meeting');
    return reply.view('governance/views/attendance-form.njk', {
      title: `Attendance – ${view.meeting.title}`,
      ...view,
      statuses: attendanceStatuses,
    });
  });

  app.post('/meetings/:id/attendance', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/meetings/${id}/attendance`, async () => {
      const b = body(request);
      const ids = Object.keys(b)
        .map((k) => /^status-(\d+)$/.exec(k)?.[1])
        .filter((x): x is string => x !== undefined);
      await svc.recordAttendance(
        request.actor,
        id,
        ids.map((agencyId) => ({ agencyId, status: b[`status-${agencyId}`], officer: b[`officer-${agencyId}`] })),
      );
      return { redirect: `/meetings/${id}#attendance`, notice: 'Attendance has been recorded' };
    });
  });

  // Minutes, decisions, actions -------------------------------------------------------------------------
  app.get(
    '/meetings/:id/agenda/:itemId/minutes',
    { config: { permission: 'signed-in' }, schema: { params: itemParams } },
    async (request, reply) => {
      const { id, itemId } = itemParams.parse(request.params);
      const view = await svc.getAgendaItem(request.actor, id, itemId, 'coordinate');
      return reply.view('governance/views/minutes-form.njk', { title: `Minutes: ${view.item.title}`, ...view });
    },
  );

  app.post(
    '/meetings/:id/agenda/:itemId/minutes',
    { config: { permission: 'signed-in' }, schema: { params: itemParams } },
    async (request, reply) => {
      const { id, itemId } = itemParams.parse(request.params);
      return handleForm(request, reply, `/meetings/${id}/agenda/${itemId}/minutes`, async () => {
        await gov.minutes.saveMinutes(request.actor, id, itemId, version(request), body(request));
        return { redirect: `/meetings/${id}#agenda-item-${itemId}`, notice: 'The minutes have been saved as a draft' };
      });
    },
  );

  app.post('/meetings/:id/decisions', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/meetings/${id}#add-decision`, async () => {
      await gov.minutes.addDecision(request.actor, id, body(request));
      return { redirect: `/meetings/${id}#decisions`, notice: 'The decision has been recorded' };
    });
  });

  app.post('/meetings/:id/actions', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/meetings/${id}#add-action`, async () => {
      await gov.minutes.addAction(request.actor, id, body(request) as never);
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
        await gov.minutes.approveMinutes(request.actor, id, atMeetingId, version(request));
        return { redirect: `/meetings/${atMeetingId}`, notice: 'The minutes of the previous meeting have been approved' };
      });
    },
  );

  app.get('/actions/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await gov.minutes.getAction(request.actor, id);
    return reply.view('governance/views/action.njk', {
      title: `Action: ${view.action.description.slice(0, 60)}`,
      ...view,
      statuses: actionStatuses,
    });
  });

  app.post('/actions/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/actions/${id}`, async () => {
      const action = await gov.minutes.updateActionStatus(request.actor, id, version(request), body(request));
      return { redirect: `/meetings/${action.meetingId}#actions`, notice: `The action is now ${action.status}` };
    });
  });
}
