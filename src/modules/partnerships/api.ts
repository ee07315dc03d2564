import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../lib/validation.js';
import { envelope, errorResponses } from '../../web/api.js';
import { agencyKinds, meetingCadences, membershipRoles, partnershipKinds } from './schema.js';
import '../../web/types.js';

const agency = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(agencyKinds),
  responsibleAuthority: z.boolean(),
});

const partnership = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(partnershipKinds),
  areaName: z.string().nullable(),
  areaCode: z.string().nullable(),
  parentId: z.number().int().nullable(),
  meetingCadence: z.enum(meetingCadences).nullable(),
});

const member = z.object({
  id: z.number().int(),
  role: z.enum(membershipRoles),
  officer: z.string().nullable(),
  agency: z.object({ id: z.number().int(), name: z.string(), kind: z.enum(agencyKinds), responsibleAuthority: z.boolean() }),
});

const pickPartnership = (p: z.infer<typeof partnership> & Record<string, unknown>) => ({
  id: p.id,
  name: p.name,
  shortName: p.shortName,
  kind: p.kind,
  areaName: p.areaName,
  areaCode: p.areaCode,
  parentId: p.parentId,
  meetingCadence: p.meetingCadence,
});

/** JSON API for agencies and partnerships, under /api/v1. */
export async function partnershipApi(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const svc = app.services.partnerships;

  app.get(
    '/agencies',
    {
      config: { permission: 'signed-in' },
      schema: { tags: ['agencies'], summary: 'List agencies', response: { 200: envelope(z.array(agency)), ...errorResponses } },
    },
    async () => ({
      data: (await svc.listAgencies()).map((a) => ({
        id: a.id,
        name: a.name,
        shortName: a.shortName,
        kind: a.kind,
        responsibleAuthority: a.responsibleAuthority,
      })),
    }),
  );

  app.get(
    '/partnerships',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['partnerships'],
        summary: 'List the partnerships you can see',
        response: { 200: envelope(z.array(partnership)), ...errorResponses },
      },
    },
    async (request) => ({ data: (await svc.listPartnerships(request.actor)).map(pickPartnership) }),
  );

  app.get(
    '/partnerships/:id',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['partnerships'],
        summary: 'A partnership with its members, parent and sub-groups',
        params: z.object({ id: idParam }),
        response: {
          200: envelope(
            partnership.extend({
              purpose: z.string().nullable(),
              members: z.array(member),
              subGroups: z.array(z.object({ id: z.number().int(), name: z.string() })),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const view = await svc.getPartnership(request.actor, request.params.id);
      return {
        data: {
          ...pickPartnership(view.partnership),
          purpose: view.partnership.purpose,
          members: view.members.map((m) => ({
            id: m.id,
            role: m.role,
            officer: m.officer,
            agency: { id: m.agencyId, name: m.agencyName, kind: m.agencyKind, responsibleAuthority: m.responsibleAuthority },
          })),
          subGroups: view.subGroups.map((s) => ({ id: s.id, name: s.name })),
        },
      };
    },
  );
}
