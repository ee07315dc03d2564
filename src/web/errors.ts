import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ValidationError } from '../lib/errors.js';
import { isRecordId } from '../lib/validation.js';
import './types.js';

interface Presented {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

const titles: Record<number, string> = {
  400: 'There is a problem with your request',
  401: 'You need to sign in',
  403: 'You do not have permission to see this page',
  404: 'Page not found',
  409: 'This record has changed',
  413: 'The file is too large',
  500: 'Sorry, there is a problem with the service',
};

function present(error: FastifyError | AppError | Error): Presented {
  if (error instanceof ValidationError) return { status: 400, code: error.code, message: error.message, details: error.fieldErrors };
  if (error instanceof AppError) return { status: error.status, code: error.code, message: error.message };
  const fe = error as FastifyError;
  if (fe.code === 'FST_CSRF_INVALID_TOKEN' || fe.code === 'FST_CSRF_MISSING_SECRET')
    return {
      status: 403,
      code: 'csrf_invalid',
      message: 'This form has expired or was not sent from SaferHub. Go back, reload the page and try again.',
    };
  // An address whose id cannot be a record (not a number, or too large for one) names no page.
  if (fe.validation && fe.validationContext === 'params') return notFoundPage;
  if (fe.validation) return { status: 400, code: 'validation_failed', message: fe.message };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
    return { status: fe.statusCode, code: 'bad_request', message: fe.message };
  return { status: 500, code: 'internal', message: 'Sorry, there is a problem with the service. Try again later.' };
}

const notFoundPage: Presented = { status: 404, code: 'not_found', message: 'If you typed the web address, check it is correct.' };

/** Route parameters that name records: `id` and `…Id`. */
const isIdParam = (name: string) => name === 'id' || /[a-z]Id$/.test(name);

const wantsJson = (request: FastifyRequest) => request.url.startsWith('/api/');

async function send(request: FastifyRequest, reply: FastifyReply, p: Presented) {
  const reference = request.id;
  if (wantsJson(request)) {
    const body: { error: { code: string; message: string; reference?: string; details?: unknown } } = {
      error: { code: p.code, message: p.message },
    };
    if (p.status >= 500) body.error.reference = reference;
    if (p.details) body.error.details = p.details;
    return reply.status(p.status).type('application/json').send(body);
  }
  const title = titles[p.status] ?? titles[400]!;
  return reply.status(p.status).view('pages/error.njk', {
    title,
    status: p.status,
    message: p.status >= 500 ? null : p.message,
    reference: p.status >= 500 ? reference : null,
    user: request.user,
    cspNonce: reply.cspNonce?.script,
  });
}

/** One handler for every error: stable codes, 5xx details hidden, GOV.UK error pages with a reference. */
export default fp((app, _options, done) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const p = present(error);
    if (p.status >= 500) request.log.error({ err: error, reference: request.id }, 'request failed');
    else request.log.info({ code: p.code, status: p.status }, 'request refused');
    return send(request, reply, p);
  });
  app.setNotFoundHandler((request, reply) => send(request, reply, notFoundPage));

  // Before any route's own checks: an id in the address that could not be a record (for example
  // /partnerships/99999999999, past PostgreSQL's integer) is a page not found, never a database error.
  app.addHook('preValidation', async (request, reply) => {
    const params = (request.params ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(params))
      if (isIdParam(name) && !isRecordId(value)) {
        await send(request, reply, notFoundPage);
        return reply;
      }
  });
  done();
});
