import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../../lib/validation.js';
import { envelope, errorResponses } from '../../../web/api.js';
import { targetDirections, targetPositions, type Scorecard } from './types.js';
import '../../../web/types.js';

const idParams = z.object({ id: idParam });
const interval = z.object({ lower: z.number(), upper: z.number() });
const travel = z.enum(['improving', 'worsening', 'no-significant-change', 'increasing', 'decreasing', 'cannot-be-calculated']);

const change = z.object({
  fromPeriod: z.string(),
  fromValue: z.number(),
  toValue: z.number(),
  difference: z.number(),
  relative: z.number().nullable().describe('(to − from) / from: 0.308 is +30.8%; null when from is 0'),
  method: z.enum(['poisson-rate-ratio', 'two-proportions']),
  z: z.number().nullable(),
  pValue: z.number().nullable(),
  significant: z.boolean().describe('two-sided p < 0.05'),
  travel,
});

const row = z.object({
  period: z.string(),
  periodLabel: z.string(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
  ci95: interval.nullable(),
  suppressed: z.boolean(),
  isBaseline: z.boolean(),
  sinceBaseline: change.nullable(),
  sincePrevious: change.nullable(),
  travel,
  benchmark: z
    .object({
      areaCode: z.string(),
      areaName: z.string(),
      value: z.number().nullable(),
      comparison: z.enum(['higher', 'similar', 'lower']).nullable(),
      judgement: z.enum(['better', 'similar', 'worse', 'not-judged']).nullable(),
      label: z.string(),
    })
    .nullable(),
  rank: z
    .object({
      rank: z.number().int().describe('1 is the highest value'),
      of: z.number().int(),
      bestRank: z.number().int().nullable().describe('1 is the best by the polarity'),
      inBestHalf: z.boolean().nullable(),
      label: z.string(),
    })
    .nullable(),
  rag: z.object({ status: z.enum(['green', 'amber', 'red', 'not-rated']), rule: z.string() }),
});

const target = z.union([
  z.object({ kind: z.literal('value'), value: z.number() }),
  z.object({ kind: z.literal('direction'), direction: z.enum(targetDirections) }),
  z.object({ kind: z.literal('position'), position: z.enum(targetPositions) }),
]);

/** The scorecard's JSON: the plain Scorecard of types.ts (the check below keeps the two in step). */
export const scorecardSchema = z.object({
  plan: z.object({ id: z.number().int(), title: z.string(), partnershipId: z.number().int(), partnershipName: z.string() }),
  view: z.enum(['published', 'analyst']),
  generatedAt: z.string(),
  summary: z.object({ green: z.number().int(), amber: z.number().int(), red: z.number().int(), 'not-rated': z.number().int() }),
  measures: z.array(
    z.object({
      id: z.number().int(),
      version: z.number().int(),
      position: z.number().int(),
      priority: z.object({ id: z.number().int(), number: z.number().int(), title: z.string() }).nullable(),
      indicator: z.object({
        key: z.string(),
        name: z.string(),
        unit: z.enum(['count', 'rate', 'proportion']),
        unitLabel: z.string(),
        multiplier: z.number(),
        polarity: z.enum(['higher-is-better', 'lower-is-better', 'no-judgement']),
        periodType: z.string(),
        source: z.string(),
      }),
      area: z.object({ code: z.string(), name: z.string() }),
      benchmark: z.object({ code: z.string(), name: z.string() }).nullable(),
      comparatorGroup: z.object({ id: z.number().int(), name: z.string(), size: z.number().int() }).nullable(),
      baselinePeriod: z.string(),
      target,
      targetText: z.string(),
      rows: z.array(row),
      latest: row.nullable(),
    }),
  ),
});

// The JSON schema and the TypeScript shape must describe the same thing, both ways.
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const inStep: SameShape<z.infer<typeof scorecardSchema>, Scorecard> = true;
void inStep;

/** `GET /api/v1/plans/{id}/scorecard`: the same scorecard as the page, with the same permission. */
export function scorecardApi(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { scorecards } = app.services.plans;
  app.get(
    '/plans/:id/scorecard',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: ['plans'],
        summary: 'A plan’s scorecard: each measure’s figures by period, changes and their significance, benchmark, rank and RAG',
        description:
          'Everyone in the partnership reads it (404 outside it). Small numbers are suppressed unless a coordinator or analyst asks for `view=analyst`.',
        params: idParams,
        querystring: z.object({ view: z.enum(['published', 'analyst']).optional() }),
        response: { 200: envelope(scorecardSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { canEdit: _canEdit, ...card } = await scorecards.forPlan(request.actor, request.params.id, { view: request.query.view });
      return { data: card };
    },
  );
}
