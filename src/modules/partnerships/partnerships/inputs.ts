import { z } from 'zod';
import { blankToUndefined, idParam } from '../../../lib/validation.js';
import { optionalText, type Form } from '../fields.js';
import { meetingCadences, membershipRoles, partnershipKinds } from '../schema.js';

/** The partnership and membership forms, and their addresses. Services parse the forms after their checks. */

export const partnershipParams = z.object({ id: idParam });
export const memberParams = z.object({ id: idParam, membershipId: idParam });

export const partnershipInput = z.object({
  name: z
    .string({ error: 'Enter the partnership’s name' })
    .trim()
    .min(1, 'Enter the partnership’s name')
    .max(200, 'Name must be 200 characters or fewer'),
  shortName: optionalText(40),
  kind: z.enum(partnershipKinds, { error: 'Select the kind of partnership' }),
  areaName: optionalText(200),
  areaCode: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[EWSN]\d{8}$/, 'Enter an ONS area code like E22000000')
      .optional(),
  ),
  parentId: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Select a parent partnership' }).int().positive().optional()),
  meetingCadence: z.preprocess(blankToUndefined, z.enum(meetingCadences, { error: 'Select how often it meets' }).optional()),
  purpose: optionalText(2000),
});
export type PartnershipForm = Form<typeof partnershipInput>;

export const membershipInput = z.object({
  agencyId: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Select an agency' }).int().positive()),
  role: z.enum(membershipRoles, { error: 'Select the agency’s role' }),
  officer: optionalText(200),
});
export type MembershipForm = Form<typeof membershipInput>;
