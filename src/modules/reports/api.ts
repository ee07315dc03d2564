/**
 * `GET /api/v1/partnerships/{id}/reports/{kind}?period=&format=&version=`: the report's bytes with their
 * content type, the same bytes as the page's download and the command line (a draft unless `version`).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../web/api.js';
import { downloadQuery, kindParams, reportPeriod } from './inputs.js';
import '../../web/types.js';

export function reportsApi(base: FastifyInstance, _options: unknown, done: (error?: Error) => void) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/partnerships/:id/reports/:kind',
    {
      config: { permission: 'signed-in', auditChannel: 'report' },
      schema: {
        tags: ['reports'],
        summary: 'A report as HTML, PDF or DOCX: the live draft, or a published version',
        description:
          'kind: annual-review (period 2016/17), assurance or progress-table (period 2021/22-Q3). format: html, pdf or docx. ' +
          'Answers with the document itself (text/html, application/pdf or the Word content type).',
        params: kindParams,
        querystring: downloadQuery,
        response: { 200: z.any().describe('The document'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id, kind } = request.params;
      const period = reportPeriod(kind, request.query.period);
      const file = await app.services.reports.download(request.actor, id, kind, period, request.query.format, request.query.version);
      return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.bytes);
    },
  );
  done();
}
