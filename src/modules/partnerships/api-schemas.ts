import { z } from 'zod';
import { agencyKinds, meetingCadences, membershipRoles, partnershipKinds } from './schema.js';

/** The API's response shapes for agencies, partnerships and members (the OpenAPI document is built from them). */

export const agencySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(agencyKinds),
  responsibleAuthority: z.boolean(),
});

export const partnershipSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(partnershipKinds),
  areaName: z.string().nullable(),
  areaCode: z.string().nullable(),
  parentId: z.number().int().nullable(),
  meetingCadence: z.enum(meetingCadences).nullable(),
});

export const memberSchema = z.object({
  id: z.number().int(),
  role: z.enum(membershipRoles),
  officer: z.string().nullable(),
  agency: z.object({ id: z.number().int(), name: z.string(), kind: z.enum(agencyKinds), responsibleAuthority: z.boolean() }),
});

export const partnershipDetailSchema = partnershipSchema.extend({
  purpose: z.string().nullable(),
  members: z.array(memberSchema),
  subGroups: z.array(z.object({ id: z.number().int(), name: z.string() })),
});
