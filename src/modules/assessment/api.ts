import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../lib/validation.js';
import { envelope, errorResponses } from '../../web/api.js';
import { renderReportFile } from '../reports/index.js';
import { documentQuery } from './assessments/inputs.js';
import { assessmentDocument, assessmentJson, assessmentSummaryJson } from './presenters.js';
import '../../web/types.js';

const idParams = z.object({ id: idParam });

const summary = z.object({
  id: z.number().int(),
  partnershipId: z.number().int(),
  year: z.string(),
  title: z.string(),
  status: z.enum(['draft', 'agreed']),
  agreedAt: z.string().nullable(),
  adoptedPlanId: z.number().int().nullable(),
  version: z.number().int(),
});

const criterionScore = z.object({
  key: z.string(),
  score: z.number().nullable(),
  weight: z.number(),
  contribution: z.number(),
  origin: z.enum(['pre-scored', 'overridden', 'scored', 'not-scored']),
  reason: z.string().nullable(),
});

const detail = summary.extend({
  summary: z.string().nullable(),
  benchmarkCode: z.string(),
  packBuiltAt: z.string().nullable(),
  criteria: z.array(z.object({ key: z.string(), label: z.string(), weight: z.number(), rule: z.string().nullable() })),
  evidencePack: z.array(
    z.object({
      indicatorKey: z.string(),
      name: z.string(),
      period: z.string(),
      count: z.number().nullable(),
      value: z.number().nullable(),
      valueIndicatorKey: z.string(),
      lower95: z.number().nullable(),
      upper95: z.number().nullable(),
      change: z.number().nullable(),
      changeSignificance: z.string().nullable(),
      comparison: z.string().nullable(),
      rank: z.number().nullable(),
      of: z.number().nullable(),
      trend: z.string(),
      wards: z.array(z.object({ code: z.string(), name: z.string(), count: z.number() })),
    }),
  ),
  themes: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      description: z.string().nullable(),
      indicatorKey: z.string().nullable(),
      decision: z.enum(['adopted', 'not-adopted']).nullable(),
      decisionReason: z.string().nullable(),
      priorityId: z.number().int().nullable(),
      score: z.object({ rank: z.number().int(), total: z.number(), maximum: z.number(), criteria: z.array(criterionScore) }).nullable(),
      findings: z.array(
        z.object({
          id: z.number().int(),
          statement: z.string(),
          figure: z.string().nullable(),
          indicatorKey: z.string().nullable(),
          indicatorFigure: z.object({ period: z.string(), value: z.number().nullable(), unit: z.string() }).nullable(),
          source: z.object({
            kind: z.enum(['indicator', 'import', 'document']),
            title: z.string().nullable(),
            date: z.string().nullable(),
            url: z.string().nullable(),
            importId: z.number().int().nullable(),
            fileId: z.number().int().nullable(),
          }),
        }),
      ),
    }),
  ),
  adoptedPriorities: z.array(
    z.object({
      themeId: z.number().int(),
      title: z.string(),
      planId: z.number().int().nullable(),
      priorityId: z.number().int().nullable(),
    }),
  ),
});

/** JSON API of strategic assessments, under /api/v1; the same permissions as the pages. */
export function assessmentApi(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const svc = () => app.services.assessment.assessments;

  app.get(
    '/partnerships/:id/assessments',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['assessments'],
        summary: 'A partnership’s strategic assessments, latest year first',
        params: idParams,
        response: { 200: envelope(z.array(summary)), ...errorResponses },
      },
    },
    async (request) => ({ data: (await svc().listAssessments(request.actor, request.params.id)).assessments.map(assessmentSummaryJson) }),
  );

  app.get(
    '/assessments/:id',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['assessments'],
        summary: 'A strategic assessment with its evidence pack, themes, findings, scores and adopted priorities',
        params: idParams,
        response: { 200: envelope(detail), ...errorResponses },
      },
    },
    async (request) => ({ data: assessmentJson(await svc().getAssessment(request.actor, request.params.id)) }),
  );

  app.get(
    '/assessments/:id/document',
    {
      config: { permission: 'signed-in', auditChannel: 'report' },
      schema: {
        tags: ['assessments'],
        summary: 'The assessment document as PDF, DOCX or HTML',
        description:
          'format: pdf, docx or html. Answers with the document itself (application/pdf, the Word content type or text/html): ' +
          'executive summary, themes with findings and figures, the matrix, the priorities chosen and the data sources. ' +
          'Logged as a disclosure in the audit log.',
        params: idParams,
        querystring: documentQuery,
        response: { 200: z.any().describe('The document'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await svc().getAssessment(request.actor, request.params.id);
      const file = await renderReportFile(assessmentDocument(view), request.query.format);
      return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.bytes);
    },
  );
}
