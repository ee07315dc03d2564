import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import './types.js';

/** The OpenAPI document for /api/v1, generated from the same zod schemas that validate requests. */
export default fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'SaferHub API',
        version: '1.0.0',
        description:
          'JSON API of SaferHub. Authenticate with a personal bearer token (`saferhub tokens create`). Responses wrap their payload as `{ "data": … }`; errors are `{ "error": { "code", "message" } }`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      if (!input.url.startsWith('/api/v1')) return { ...out, schema: { ...out.schema, hide: true } };
      return out;
    },
  });

  app.get('/api/v1/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, () => app.swagger());
});
