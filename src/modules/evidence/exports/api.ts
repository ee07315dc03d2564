import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelope, errorResponses } from '../../../web/api.js';
import { observationsQuery } from './inputs.js';
import '../../../web/types.js';

const comparison = z.enum(['higher', 'similar', 'lower']).nullable();
const observation = z.object({
  indicator: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  period: z.string(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
  lower95: z.number().nullable(),
  upper95: z.number().nullable(),
  lower998: z.number().nullable(),
  upper998: z.number().nullable(),
  comparison95: comparison,
  comparison998: comparison,
});

/** JSON API for evidence observations, under /api/v1: the figures the caller may see (policy.ts). */
export function evidenceApi(base: FastifyInstance, _options: unknown, done: (error?: Error) => void) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/observations',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['evidence'],
        summary: 'Observations of an indicator with their value, 95% and 99.8% confidence limits and comparison with a benchmark',
        description:
          'Analysts (administrators, and coordinators and contributors of a partnership) get every figure. Everyone else gets the published figures: counts from 1 to the small-number threshold are null, with secondary suppression within each period.',
        querystring: observationsQuery,
        response: { 200: envelope(z.array(observation)), ...errorResponses },
      },
    },
    async (request) => ({ data: await app.services.evidenceReports.exportObservations(request.actor, request.query) }),
  );
  done();
}
