import { z } from 'zod';
import { idParam } from '../../../lib/validation.js';
import { optionalText, type Form } from '../fields.js';
import { agencyKinds } from '../schema.js';

/** The agency form and address. Services parse the form with this schema after their checks (see Form in fields.ts). */

export const agencyParams = z.object({ id: idParam });

export const agencyInput = z.object({
  name: z
    .string({ error: 'Enter the agency’s name' })
    .trim()
    .min(1, 'Enter the agency’s name')
    .max(200, 'Name must be 200 characters or fewer'),
  shortName: optionalText(40),
  kind: z.enum(agencyKinds, { error: 'Select the kind of agency' }),
  responsibleAuthority: z.preprocess((v) => v === true || v === 'yes' || v === 'true', z.boolean()),
});
export type AgencyForm = Form<typeof agencyInput>;
