import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../../lib/validation.js';
import { envelope, errorResponses } from '../../../web/api.js';
import { actionSchema, agencyRef, planSummary } from '../api-schemas.js';
import { planDetailJson, planJson } from '../presenters.js';
import '../../../web/types.js';

const idParams = z.object({ id: idParam });

/** JSON API for plans, under /api/v1; the same permissions as the pages. */
export function planApi(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { plans } = app.services.plans;

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
    async (request) => ({ data: (await plans.listPlans(request.actor, request.params.id)).plans.map(planJson) }),
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
    async (request) => ({ data: planDetailJson(await plans.getPlan(request.actor, request.params.id)) }),
  );
}
