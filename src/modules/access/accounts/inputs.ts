import { z } from 'zod';
import { idParam } from '../../../lib/validation.js';
import { textField } from '../fields.js';
import type { Invitation } from './service.js';

/**
 * The account forms, read at the edge with `readForm` (fields.ts): what was typed goes to the service,
 * which says what is wrong with it (the password policy, the e-mail's format) after its own checks.
 */

export const userParams = z.object({ id: idParam });

/** Your account: change your password. */
export const passwordChangeForm = z.object({ currentPassword: textField, newPassword: textField, confirmPassword: textField });

/** The page a reset link opens (the secret travels in the query string, never in the path). */
export const resetLinkQuery = z.object({ token: textField });

/** Choosing a new password through a reset link: the link's secret comes back in the form. */
export const resetPasswordForm = z.object({ token: textField, newPassword: textField, confirmPassword: textField });

/** An administrator adds an account: the person's name, e-mail, agency, and whether they administer SaferHub. */
export const invitationForm = z
  .object({ name: textField, email: textField, agencyId: textField, isAdmin: textField })
  .transform((f): Invitation => ({
    displayName: f.name,
    email: f.email.trim(),
    agencyId: idParam.safeParse(f.agencyId).data,
    isAdmin: f.isAdmin === 'yes',
  }));
