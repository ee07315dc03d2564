import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import view from '@fastify/view';
import nunjucks from 'nunjucks';
import { govukDist } from './assets.js';
import { presentErrors, type Flash } from './forms.js';
import { navigationFor } from './navigation.js';
import { registerFilters } from './filters.js';
import { csrfTokenFor } from './security.js';
import './types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Template search path: shared views, then each module's views as "<module>/views/<file>.njk", then GOV.UK Frontend. */
export const templatePaths = [path.join(here, 'views'), path.join(here, '..', 'modules'), govukDist];

/** Server-rendered pages: Nunjucks with GOV.UK Frontend, and the context every page shares. */
export default fp(async (app, opts: { development: boolean }) => {
  await app.register(view, {
    engine: { nunjucks },
    templates: templatePaths,
    options: { autoescape: true, noCache: opts.development, onConfigure: (env: nunjucks.Environment) => registerFilters(env) },
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/api/') || request.url.startsWith('/assets/')) return;
    let flash: Flash = {};
    if (request.hasFlash && request.method === 'GET' && request.sessionToken) {
      flash = ((await app.services.access.takeFlash(request.sessionToken)) as Flash | null) ?? {};
    }
    const currentPath = request.url.split('?')[0] ?? '/';
    const { errorList, fieldErrors } = presentErrors(flash.errors);
    reply.locals = {
      ...reply.locals,
      user: request.user,
      csrfToken: csrfTokenFor(request, reply),
      cspNonce: reply.cspNonce?.script,
      currentPath,
      navigation: navigationFor(request.user, currentPath),
      notice: flash.notice,
      errorList,
      fieldErrors,
      values: flash.values ?? null,
      conflict: flash.conflict ?? false,
      // The header's count of unread notifications.
      unreadNotifications: request.user && request.method === 'GET' ? await app.services.notifications.unreadCount(request.user.id) : 0,
    };
  });
});
