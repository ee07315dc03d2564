import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from './services.js';
import auth from './web/auth.js';
import security from './web/security.js';
import { trustProxyOption } from './web/public-url.js';
import assets from './web/assets.js';
import render from './web/render.js';
import errors from './web/errors.js';
import openapi from './web/openapi.js';
import { pageRoutes } from './web/pages.js';
import { accessRoutes, accountRoutes, userRoutes } from './modules/access/index.js';
import { partnershipApi, partnershipRoutes } from './modules/partnerships/index.js';
import { governanceApi, meetingRoutes, riskRoutes } from './modules/governance/index.js';
import { planRoutes, plansApi, progressRoutes } from './modules/plans/index.js';
import { evidenceApi, evidenceImportRoutes, evidenceRoutes } from './modules/evidence/index.js';
import { searchApiRoutes, searchRoutes } from './modules/search/index.js';
import { notificationRoutes } from './modules/notifications/index.js';
import { publicRoutes, reportRoutes, reportsApi } from './modules/reports/index.js';
import { assessmentRoutes, assessmentsApi } from './modules/assessment/index.js';

export interface AppOptions {
  services: Services;
  /** Secret that signs cookies. */
  cookieSecret: string;
  logger?: FastifyServerOptions['logger'];
}

/** Log settings: structured, with secrets and personal data redacted. */
export const loggerOptions = (level: string): FastifyServerOptions['logger'] => ({
  level,
  redact: {
    paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.email', 'body'],
    censor: '[redacted]',
  },
  serializers: {
    // No query strings (they may hold search terms) and no calendar keys (secrets in feed addresses).
    req: (req: { method: string; url: string; id: string }) => ({
      method: req.method,
      url: req.url.split('?')[0]!.replace(/^\/calendar\/[^/]+/, '/calendar/[redacted]'),
      id: req.id,
    }),
  },
});

/** Builds the whole web application. It never listens: server.ts and the tests decide that. */
export async function buildApp(options: AppOptions) {
  const { services } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: () => randomUUID().slice(0, 8).toUpperCase(),
    // Forwarded headers count only from the proxies named in TRUST_PROXY (default: none).
    trustProxy: trustProxyOption(services.config.trustProxy),
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('services', services);

  await app.register(cookie, { secret: options.cookieSecret });
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: 512 * 1024 * 1024, files: 1 } });
  await app.register(errors);
  await app.register(auth);
  await app.register(openapi);
  await app.register(security, { cookieSecure: services.config.cookieSecure, secret: options.cookieSecret });
  await app.register(render, { development: services.config.env === 'development' });
  await app.register(assets);

  await app.register(pageRoutes);
  await app.register(accessRoutes);
  await app.register(accountRoutes);
  await app.register(userRoutes);
  await app.register(partnershipRoutes);
  await app.register(partnershipApi, { prefix: '/api/v1' });
  await app.register(meetingRoutes);
  await app.register(riskRoutes);
  await app.register(governanceApi, { prefix: '/api/v1' });
  await app.register(planRoutes);
  await app.register(progressRoutes);
  await app.register(plansApi, { prefix: '/api/v1' });
  await app.register(evidenceRoutes);
  await app.register(evidenceImportRoutes);
  await app.register(evidenceApi, { prefix: '/api/v1' });
  await app.register(searchRoutes);
  await app.register(searchApiRoutes, { prefix: '/api/v1' });
  await app.register(notificationRoutes);
  await app.register(reportRoutes);
  await app.register(reportsApi, { prefix: '/api/v1' });
  await app.register(publicRoutes);
  await app.register(assessmentRoutes);
  await app.register(assessmentsApi, { prefix: '/api/v1' });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
