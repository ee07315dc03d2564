import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../../lib/validation.js';
import { envelope, errorResponses } from '../../../web/api.js';
import { partnershipDetailSchema, partnershipSchema } from '../api-schemas.js';
import { partnershipDetailJson, partnershipJson } from '../presenters.js';
import '../../../web/types.js';

/** JSON API for partnerships, under /api/v1: the ones you can see, and one with its members and sub-groups. */
export function partnershipsApi(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const svc = app.services.partnerships;

  app.get(
    '/partnerships',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['partnerships'],
        summary: 'List the partnerships you can see',
        response: { 200: envelope(z.array(partnershipSchema)), ...errorResponses },
      },
    },
    async (request) => ({ data: (await svc.listPartnerships(request.actor)).map(partnershipJson) }),
  );

  app.get(
    '/partnerships/:id',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['partnerships'],
        summary: 'A partnership with its members, parent and sub-groups',
        params: z.object({ id: idParam }),
        response: { 200: envelope(partnershipDetailSchema), ...errorResponses },
      },
    },
    async (request) => ({ data: partnershipDetailJson(await svc.getPartnership(request.actor, request.params.id)) }),
  );
}
