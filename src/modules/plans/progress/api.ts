import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, parseInput } from '../../../lib/validation.js';
import { apiError, envelope, errorResponses } from '../../../web/api.js';
import { agencyRef, updateSchema } from '../api-schemas.js';
import { progressJson, updateJson } from '../presenters.js';
import { ragStatuses } from '../schema.js';
import { updateInput } from './inputs.js';
import { roundStatuses } from './standing.js';
import '../../../web/types.js';

const idParams = z.object({ id: idParam });

/** JSON API for the progress cycle, under /api/v1; the same permissions as the pages. */
export function progressApi(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { progress } = app.services.plans;

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
                  status: z.enum(roundStatuses),
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
    async (request) => ({ data: progressJson(await progress.progress(request.actor, request.params.id, request.query.period)) }),
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
      const input = parseInput(updateInput, {
        rag: b.rag,
        narrative: b.narrative,
        evidenceUrl: b.evidenceUrl ?? undefined,
        basedOn: b.basedOnVersion,
      });
      const update = await progress.submitUpdateForPeriod(request.actor, request.params.id, b.period, input);
      return reply.status(201).send({ data: updateJson(update, b.period) });
    },
  );
}
