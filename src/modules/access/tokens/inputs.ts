import { z } from 'zod';
import { blankToUndefined, idParam } from '../../../lib/validation.js';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from '../policy.js';

/** The form that creates an API token, and the address of one token. */

export const tokenParams = z.object({ id: idParam });

export const tokenForm = z.object({
  name: z
    .string({ error: 'Enter what the token is for' })
    .trim()
    .min(1, 'Enter what the token is for')
    .max(100, 'Name must be 100 characters or fewer'),
  expiresInDays: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'Choose how long the token lasts' })
      .int('Choose how long the token lasts')
      .min(1, 'Choose how long the token lasts')
      .max(MAX_TOKEN_DAYS, `A token can last ${MAX_TOKEN_DAYS} days at most`)
      .default(DEFAULT_TOKEN_DAYS),
  ),
  access: z.enum(['read', 'write'], { error: 'Choose what the token may do' }).default('read'),
  partnershipId: z.preprocess(blankToUndefined, idParam.optional()),
});

/** The lifetimes offered on the tokens page, in days. */
export const expiryChoices = [7, 30, 90, 180, 365];
