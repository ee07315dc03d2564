import { z } from 'zod';
import { blankToUndefined } from '../../lib/validation.js';
export { optionalText, type Form } from '../../lib/validation.js';
import { isWebLink } from './minutes/papers.js';

/**
 * Form fields the governance inputs share (meetings/, minutes/ and risks/ inputs.ts), validated with
 * messages a user can act on.
 */

export const requiredText = (message: string, max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? '' : v),
    z.string().trim().min(1, message).max(max, `Must be ${max} characters or fewer`),
  );

export const isoDate = (message: string) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? '' : v),
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, message)
      .refine(
        (s) => !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
        message,
      ),
  );

export const clockTime = (message: string) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? '' : v),
    z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, message),
  );

export const optionalId = (message: string) =>
  z.preprocess(blankToUndefined, z.coerce.number({ error: message }).int().positive(message).optional());

export const requiredId = (message: string) =>
  z.preprocess(blankToUndefined, z.coerce.number({ error: message }).int({ error: message }).positive({ error: message }));

export const webLink = (message: string) =>
  z.preprocess(blankToUndefined, z.string().trim().max(2000).refine(isWebLink, message).optional());
