/**
 * Where a request came from, for the audit log (Data Protection Act 2018 s62): the channel (a route's
 * `config.auditChannel`, else `download` for a file address such as risks.csv or meetings.ics, `api` under
 * /api/, `page` otherwise), the client's address (Fastify's request.ip: the socket's address, or the client's
 * as the proxies named in TRUST_PROXY tell it; forwarded headers from anyone else are ignored), and the
 * record the route's address names. Downloads are logged here, once each, as the file is sent.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../modules/access/index.js';
import './types.js';

const FILE_ADDRESS = /\.(csv|ics|json|pdf|docx|xlsx|zip)$/;
/** Parameters whose values are secrets: masked in the path the log keeps. */
const SECRET_PARAMS = new Set(['key', 'token']);

const singular = (word: string) => (word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.replace(/s$/, ''));

export function requestOrigin(request: FastifyRequest): RequestOrigin {
  const route = request.routeOptions.url ?? '';
  const params = (request.params ?? {}) as Record<string, unknown>;
  const channel =
    request.routeOptions.config?.auditChannel ?? (FILE_ADDRESS.test(route) ? 'download' : route.startsWith('/api/') ? 'api' : 'page');
  const segments = route.split('/');
  let record: RequestOrigin['record'] = null;
  const path = segments
    .map((segment, i) => {
      if (!segment.startsWith(':')) return segment;
      const name = segment.slice(1);
      if (SECRET_PARAMS.has(name)) return `[${name}]`;
      const raw = params[name];
      const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
      const before = segments[i - 1];
      if (before && !before.startsWith(':') && value) record = { type: singular(before), id: value };
      return encodeURIComponent(value);
    })
    .join('/');
  const reading = request.method === 'GET' || request.method === 'HEAD';
  return { channel, address: request.ip || null, reading, record, path: route ? path : undefined };
}

/**
 * onSend: a download, feed or report sent to a signed-in person is a disclosure, logged before the file goes
 * (should the entry fail, the file is not sent). Public files (stylesheets, the OpenAPI document) are not.
 */
export async function logDisclosure(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const { actor } = request;
  const origin = actor?.origin;
  if (!origin?.reading || (origin.channel !== 'download' && origin.channel !== 'report')) return payload;
  const config = request.routeOptions.config;
  if (actor.userId === null || reply.statusCode >= 300 || config?.permission === 'public' || config?.disclosureLogged) return payload;
  const record = origin.record ?? null;
  await request.server.services.audit.disclosed(actor, {
    entityType: record?.type ?? null,
    entityId: record?.id ?? null,
    partnershipId: record?.type === 'partnership' && /^\d{1,9}$/.test(record.id) ? Number(record.id) : null,
    details: { path: origin.path },
  });
  return payload;
}
