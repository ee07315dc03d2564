import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../lib/validation.js';
import { financialYearKey } from '../../lib/periods.js';
import { apiError, envelope, errorResponses } from '../../web/api.js';
import { actionStatuses, planStatuses, ragStatuses, updateStates, type Plan, type Update } from './schema.js';
import '../../web/types.js';

const agencyRef = z.object({ id: z.number().int(), name: z.string() });

const updateSchema = z.object({
  id: z.number().int(),
  period: z.string(),
  version: z.number().int(),
  rag: z.enum(ragStatuses),
  narrative: z.string(),
  evidenceUrl: z.string().nullable(),
  state: z.enum(updateStates),
  authorName: z.string(),
  submittedAt: z.string(),
  reviewComment: z.string().nullable(),
});

const planSummary = z.object({
  id: z.number().int(),
  partnershipId: z.number().int(),
  title: z.string(),
  firstYear: z.string(),
  lastYear: z.string(),
  status: z.enum(planStatuses),
  strategicAssessment: z.string().nullable(),
});

const actionSchema = z.object({
  id: z.number().int(),
  text: z.string(),
  status: z.enum(actionStatuses),
  targetDate: z.string().nullable(),
  version: z.number().int(),
  leadAgencies: z.array(agencyRef),
  supportingAgencies: z.array(agencyRef),
  latestUpdate: updateSchema.nullable(),
});

const idParams = z.object({ id: idParam });

const pickPlan = (p: Plan) => ({
  id: p.id,
  partnershipId: p.partnershipId,
  title: p.title,
  firstYear: financialYearKey(p.firstYear),
  lastYear: financialYearKey(p.lastYear),
  status: p.status,
  strategicAssessment: p.strategicAssessment,
});

const pickUpdate = (u: Update & { periodKey?: string }, period: string) => ({
  id: u.id,
  period: u.periodKey ?? period,
  version: u.version,
  rag: u.rag,
  narrative: u.narrative,
  evidenceUrl: u.evidenceUrl,
  state: u.state,
  authorName: u.authorName,
  submittedAt: u.submittedAt.toISOString(),
  reviewComment: u.reviewComment,
});

/** JSON API for plans and their progress, under /api/v1; the same permissions as the pages. */
export async function plansApi(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { plans, progress } = app.services.plans;

  app.get(
    '/partnerships/:id/plans',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary: 'A partnership’s plans',
        params: idParams,
        response: { 200: envelope(z.array(planSummary)), ...errorResponses },
      },
    },
    async (request) => ({ data: (await plans.listPlans(request.actor, request.params.id)).plans.map(pickPlan) }),
  );

  app.get(
    '/plans/:id',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary: 'A plan with its priorities in order, their actions, lead agencies and latest updates',
        params: idParams,
        response: {
          200: envelope(
            planSummary.extend({
              keyAreasOfFocus: z.array(z.string()),
              priorities: z.array(
                z.object({
                  id: z.number().int(),
                  number: z.number().int(),
                  title: z.string(),
                  description: z.string().nullable(),
                  activities: z.array(z.string()),
                  coSponsors: z.array(agencyRef),
                  ownershipLevel: z.string().nullable(),
                  ownershipStatement: z.string().nullable(),
                  actions: z.array(actionSchema),
                }),
              ),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const view = await plans.getPlan(request.actor, request.params.id);
      return {
        data: {
          ...pickPlan(view.plan),
          keyAreasOfFocus: view.focusAreas.map((f) => f.text),
          priorities: view.priorities.map((p) => ({
            id: p.id,
            number: p.number,
            title: p.title,
            description: p.description,
            activities: p.activities,
            coSponsors: p.sponsors,
            ownershipLevel: p.ownershipLevel,
            ownershipStatement: p.ownershipStatement,
            actions: p.actions.map((a) => ({
              id: a.id,
              text: a.text,
              status: a.status,
              targetDate: a.targetDate,
              version: a.version,
              leadAgencies: a.leads,
              supportingAgencies: a.supporting,
              latestUpdate: a.latest ? pickUpdate(a.latest, a.latest.periodKey) : null,
            })),
          })),
        },
      };
    },
  );

  app.get(
    '/plans/:id/progress',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary: 'Where every action stands in the progress round for one period',
        params: idParams,
        querystring: z.object({ period: z.string().min(1).max(20).describe('A period key such as 2020/21-Q3') }),
        response: {
          200: envelope(
            z.object({
              period: z.string(),
              periodLabel: z.string(),
              dueDate: z.string(),
              closed: z.boolean(),
              actions: z.array(
                z.object({
                  id: z.number().int(),
                  priorityNumber: z.number().int(),
                  text: z.string(),
                  leadAgencies: z.array(agencyRef),
                  status: z.enum(['due', 'submitted', 'returned', 'accepted']),
                  overdue: z.boolean(),
                  update: updateSchema.nullable(),
                }),
              ),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const view = await progress.progress(request.actor, request.params.id, request.query.period);
      return {
        data: {
          period: view.period.key,
          periodLabel: view.period.label,
          dueDate: view.round.dueDate,
          closed: view.round.closedAt !== null,
          actions: view.rows.map((r) => ({
            id: r.action.id,
            priorityNumber: r.priority.number,
            text: r.action.text,
            leadAgencies: r.leads,
            status: r.status,
            overdue: r.overdue,
            update: r.update ? pickUpdate(r.update, view.period.key) : null,
          })),
        },
      };
    },
  );

  app.post(
    '/plan-actions/:id/updates',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary: 'Submit a progress update (a contributor of a lead agency); a correction is a new version',
        description:
          'Send `basedOnVersion` as the latest version you have seen (0 when there is none). If someone saved a newer version first the answer is 409 edit_conflict and nothing is saved.',
        params: idParams,
        body: z.object({
          period: z.string().min(1).max(20),
          rag: z.enum(ragStatuses),
          narrative: z.string().min(1).max(10000),
          evidenceUrl: z.string().max(1000).nullable().optional(),
          basedOnVersion: z.number().int().min(0).default(0),
        }),
        response: { 201: envelope(updateSchema), ...errorResponses, 409: apiError },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const update = await progress.submitUpdateForPeriod(request.actor, request.params.id, b.period, {
        rag: b.rag,
        narrative: b.narrative,
        evidenceUrl: b.evidenceUrl ?? undefined,
        basedOn: b.basedOnVersion,
      });
      return reply.status(201).send({ data: pickUpdate(update, b.period) });
    },
  );
}
