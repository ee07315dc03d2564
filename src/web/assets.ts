import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import './types.js';

const require = createRequire(import.meta.url);
export const govukDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');
const ownAssets = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');

/**
 * GOV.UK Frontend's compiled stylesheet without the GDS Transport typeface (which belongs to GOV.UK
 * alone), followed by SaferHub's own styles. Built once at start-up and served from memory.
 */
export function buildStylesheet(): string {
  const govuk = fs
    .readFileSync(path.join(govukDist, 'govuk', 'govuk-frontend.min.css'), 'utf8')
    .replace(/@font-face\{font-family:GDS Transport;[^}]*\}/g, '')
    .replace(/font-family:GDS Transport,/g, 'font-family:')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//, '');
  return `${govuk}\n${fs.readFileSync(path.join(ownAssets, 'saferhub.css'), 'utf8')}`;
}

export default fp(async (app) => {
  const css = buildStylesheet();
  app.get('/assets/saferhub.css', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );
  await app.register(fastifyStatic, {
    root: path.join(govukDist, 'govuk', 'assets', 'images'),
    prefix: '/assets/images/',
    decorateReply: false,
    maxAge: '1d',
    schemaHide: true,
  });
  app.get('/assets/govuk-frontend.min.js', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(fs.createReadStream(path.join(govukDist, 'govuk', 'govuk-frontend.min.js'))),
  );
  await app.register(fastifyStatic, { root: ownAssets, prefix: '/assets/app/', decorateReply: false, maxAge: '1h', schemaHide: true });
  app.get('/assets/manifest.json', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/manifest+json').send({ name: 'SaferHub', short_name: 'SaferHub', icons: [] }),
  );
});
