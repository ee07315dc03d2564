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
 * GOV.UK Frontend's compiled stylesheet without what belongs to GOV.UK alone: the GDS Transport
 * typeface (its licence comment, @font-face rules and font stacks) and the rules that draw the royal
 * crest. SaferHub's own styles follow. Built once at start-up and served from memory.
 */
export function buildStylesheet(): string {
  const govuk = fs
    .readFileSync(path.join(govukDist, 'govuk', 'govuk-frontend.min.css'), 'utf8')
    .replace(/\/\*![^*]*Margaret Calvert[^*]*\*\//g, '')
    .replace(/@font-face\{font-family:GDS Transport;[^}]*\}/g, '')
    .replace(/font-family:GDS Transport,/g, 'font-family:')
    .replace(/[^{}]*\{[^{}]*govuk-crest[^{}]*\}/g, '')
    .replace(/\.govuk-footer__crown\{[^}]*\}/g, '')
    .replace(/@supports[^{}]*\{\}/g, '')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//, '');
  return `${govuk}\n${fs.readFileSync(path.join(ownAssets, 'saferhub.css'), 'utf8')}`;
}

export default fp(async (app) => {
  const css = buildStylesheet();
  app.get('/assets/saferhub.css', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );
  // GOV.UK Frontend's images (crest, crown icons) are not served: SaferHub has its own favicon.
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
