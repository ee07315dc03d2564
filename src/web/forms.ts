import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, EditConflictError, ValidationError, type FieldError } from '../lib/errors.js';
import './types.js';

/** What survives the redirect after a POST: the problems, the unsaved values, or a success message. */
export interface Flash {
  errors?: FieldError[];
  values?: Record<string, unknown>;
  notice?: string;
  conflict?: boolean;
}

/** Turns field errors into what the govuk error summary and field macros expect. */
export function presentErrors(errors: FieldError[] = []) {
  const byField: Record<string, { text: string }> = {};
  for (const e of errors) byField[e.field] = { text: e.message };
  return { errorList: errors.map((e) => ({ text: e.message, href: `#${e.field}` })), fieldErrors: byField };
}

async function saveFlash(request: FastifyRequest, flash: Flash) {
  if (request.sessionToken) await request.server.services.access.setFlash(request.sessionToken, flash);
}

export async function redirectWithNotice(request: FastifyRequest, reply: FastifyReply, url: string, notice: string) {
  await saveFlash(request, { notice });
  return reply.redirect(url, 303);
}

/**
 * Runs a form submission: on success redirects (303) to the URL the action returns with its notice;
 * on a validation problem or an edit conflict redirects back with the errors and the unsaved values,
 * so nothing the user typed is lost.
 */
export async function handleForm(
  request: FastifyRequest,
  reply: FastifyReply,
  back: string,
  action: () => Promise<{ redirect: string; notice?: string }>,
) {
  const values = { ...((request.body as Record<string, unknown>) ?? {}) };
  delete values._csrf;
  // Passwords and secrets are never kept for the next page (the flash is stored in the database).
  for (const key of Object.keys(values)) if (/password|secret|token/i.test(key)) delete values[key];
  try {
    const { redirect, notice } = await action();
    if (notice) await saveFlash(request, { notice });
    return reply.redirect(redirect, 303);
  } catch (error) {
    if (error instanceof ValidationError) {
      await saveFlash(request, { errors: error.fieldErrors, values });
      return reply.redirect(back, 303);
    }
    if (error instanceof EditConflictError) {
      await saveFlash(request, { errors: [{ field: 'form', message: error.message }], values, conflict: true });
      return reply.redirect(back, 303);
    }
    if (error instanceof AppError && error.code === 'conflict') {
      await saveFlash(request, { errors: [{ field: 'form', message: error.message }], values });
      return reply.redirect(back, 303);
    }
    throw error;
  }
}
