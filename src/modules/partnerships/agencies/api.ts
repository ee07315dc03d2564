import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { envelope, errorResponses } from '../../../web/api.js';
import { agencySchema } from '../api-schemas.js';
import { agencyJson } from '../presenters.js';
import '../../../web/types.js';

/** JSON API for agencies, under /api/v1. */
export function agencyApi(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const svc = app.services.partnerships;

  app.get(
    '/agencies',
    {
      config: { permission: 'signed-in' },
      schema: { tags: ['agencies'], summary: 'List agencies', response: { 200: envelope(z.array(agencySchema)), ...errorResponses } },
    },
    async () => ({ data: (await svc.listAgencies()).map(agencyJson) }),
  );
}
