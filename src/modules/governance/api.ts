import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../lib/validation.js';
import { envelope, errorResponses } from '../../web/api.js';
import { meetingDetailJson, meetingJson, riskJson } from './presenters.js';
import { actionStatuses, attendanceStatuses, meetingKinds, riskStatuses } from './schema.js';
import '../../web/types.js';

const idParams = z.object({ id: idParam });
const band = z.enum(['low', 'medium', 'high']);

const meetingSummary = z.object({
  id: z.number().int(),
  partnershipId: z.number().int(),
  title: z.string(),
  kind: z.enum(meetingKinds),
  startsAt: z.string().describe('ISO 8601 instant (UTC)'),
  endsAt: z.string(),
  location: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  minutesStatus: z.enum(['draft', 'approved']),
});

const action = z.object({
  id: z.number().int(),
  meetingId: z.number().int(),
  agendaItemId: z.number().int().nullable(),
  description: z.string(),
  ownerAgency: z.object({ id: z.number().int(), name: z.string() }),
  ownerOfficer: z.string().nullable(),
  dueOn: z.string(),
  status: z.enum(actionStatuses),
  statusReason: z.string().nullable(),
  overdue: z.boolean(),
});

const meetingDetail = meetingSummary.extend({
  agenda: z.array(
    z.object({
      id: z.number().int(),
      position: z.number().int(),
      title: z.string(),
      presentingAgency: z.object({ id: z.number().int(), name: z.string() }).nullable(),
      priorityId: z.number().int().nullable(),
      reportUrl: z.string().nullable(),
      papers: z.array(z.object({ title: z.string(), url: z.string() })),
      minutes: z.string().nullable(),
    }),
  ),
  attendance: z.array(
    z.object({
      agency: z.object({ id: z.number().int(), name: z.string() }),
      status: z.enum(attendanceStatuses).nullable().describe('null when not recorded'),
      officer: z.string().nullable(),
    }),
  ),
  decisions: z.array(z.object({ id: z.number().int(), agendaItemId: z.number().int().nullable(), text: z.string() })),
  actionsArising: z.array(action),
  mattersArising: z.array(action).describe('Open actions carried forward from earlier meetings'),
});

const risk = z.object({
  id: z.number().int(),
  title: z.string(),
  priorityId: z.number().int().nullable(),
  cause: z.string().nullable(),
  event: z.string().nullable(),
  effect: z.string().nullable(),
  ownerAgency: z.object({ id: z.number().int(), name: z.string() }),
  cosponsorAgency: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  inherent: z.object({ likelihood: z.number().int(), impact: z.number().int(), score: z.number().int(), band }),
  current: z.object({ likelihood: z.number().int(), impact: z.number().int(), score: z.number().int(), band }),
  lastReviewedOn: z.string(),
  nextReviewOn: z.string(),
  reviewOverdue: z.boolean(),
  status: z.enum(riskStatuses),
  closedReason: z.string().nullable(),
});

/** JSON API for meetings and the risk register, under /api/v1, with the same permissions as the pages. */
export function governanceApi(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const gov = app.services.governance;

  app.get(
    '/partnerships/:id/meetings',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['governance'],
        summary: 'A partnership’s meetings, oldest first',
        params: idParams,
        response: { 200: envelope(z.array(meetingSummary)), ...errorResponses },
      },
    },
    async (request) => ({ data: (await gov.meetings.listMeetings(request.actor, request.params.id)).all.map(meetingJson) }),
  );

  app.get(
    '/meetings/:id',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['governance'],
        summary: 'A meeting with its agenda, attendance by agency, decisions, actions arising and matters arising',
        params: idParams,
        response: { 200: envelope(meetingDetail), ...errorResponses },
      },
    },
    async (request) => ({ data: meetingDetailJson(await gov.meetings.getMeeting(request.actor, request.params.id)) }),
  );

  app.get(
    '/partnerships/:id/risks',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['governance'],
        summary: 'A partnership’s risk register with current scores and bands',
        params: idParams,
        querystring: z.object({ status: z.enum(['open', 'closed', 'all']).default('all') }),
        response: { 200: envelope(z.array(risk)), ...errorResponses },
      },
    },
    async (request) => {
      const view = await gov.risks.register(request.actor, request.params.id, { status: request.query.status, sort: 'score' });
      return { data: view.risks.map(riskJson) };
    },
  );
}
