import type { FastifyRequest } from 'fastify';
import './types.js';

/**
 * The origin to put in absolute addresses (calendar feeds and the links inside them): PUBLIC_URL when it
 * is set; otherwise the request's own scheme and Host header. Forwarded headers (X-Forwarded-Host and
 * X-Forwarded-Proto) count only when the request came through a proxy named in TRUST_PROXY, which is how
 * Fastify works out `request.host` and `request.protocol`; by default they are ignored.
 */
export function publicBaseUrl(request: FastifyRequest): string {
  const configured = request.server.services.config.publicUrl;
  if (configured) return configured;
  return `${request.protocol}://${request.host}`;
}

/** TRUST_PROXY as Fastify takes it: a hop count becomes "trust the nearest N hops". */
export function trustProxyOption(setting: false | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting;
  return setting;
}

/**
 * The origin for links made outside a request (e-mails sent by a background worker): PUBLIC_URL when it is
 * set, otherwise this process's own address on localhost, as the start-up log shows it.
 */
export function configuredBaseUrl(config: { publicUrl: string | undefined; port: number }): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}
