import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idParam } from '../../lib/validation.js';
import { downloadName } from '../../lib/csv.js';
import { handleForm } from '../../web/forms.js';
import { bands, riskSorts, type RegisterFilter } from './risks-service.js';
import { londonToday } from '../../lib/london-time.js';
import '../../web/types.js';

const idParams = z.object({ id: idParam });
const mitigationParams = z.object({ id: idParam, mitigationId: idParam });
const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
const version = (request: FastifyRequest) => Number(body(request).version ?? 0);

const blank = (v: unknown) => (v === '' ? undefined : v);
const registerQuery = z.object({
  priority: z.preprocess(blank, z.union([z.literal('none'), idParam]).optional()).catch(undefined),
  band: z.preprocess(blank, z.enum(['high', 'medium', 'low']).optional()).catch(undefined),
  owner: z.preprocess(blank, idParam.optional()).catch(undefined),
  overdue: z.preprocess((v) => v === 'yes' || v === 'true', z.boolean()).catch(false),
  status: z.preprocess(blank, z.enum(['open', 'closed', 'all']).optional()).catch(undefined),
  sort: z.preprocess(blank, z.enum(riskSorts).optional()).catch(undefined),
  direction: z.preprocess(blank, z.enum(['asc', 'desc']).optional()).catch(undefined),
});
const heatQuery = z.object({ basis: z.enum(['current', 'inherent']).catch('current') });

/** The query string of the register without one key, for sort and filter links. */
function queryWithout(query: Record<string, unknown>, ...keys: string[]) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (!keys.includes(k) && v !== undefined && v !== false && v !== '') q.set(k, v === true ? 'yes' : String(v));
  return q.toString();
}

/** Pages for the shared risk register. */
export async function riskRoutes(app: FastifyInstance) {
  const svc = app.services.governance.risks;

  app.get('/partnerships/:id/risks', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const filter: RegisterFilter = registerQuery.parse(request.query ?? {});
    const view = await svc.register(request.actor, id, filter);
    return reply.view('governance/views/risks.njk', {
      title: `Risk register – ${view.partnership.name}`,
      ...view,
      filter,
      bands,
      sortBase: queryWithout(filter as Record<string, unknown>, 'sort', 'direction'),
      csvQuery: queryWithout(filter as Record<string, unknown>),
    });
  });

  app.get('/partnerships/:id/risks.csv', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const { partnership, csv } = await svc.registerCsv(request.actor, id, registerQuery.parse(request.query ?? {}));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${downloadName(`${partnership.name} risk register ${londonToday()}`)}"`)
      .send(csv);
  });

  app.get(
    '/partnerships/:id/risks/heat-map',
    { config: { permission: 'signed-in' }, schema: { params: idParams } },
    async (request, reply) => {
      const { id } = idParams.parse(request.params);
      const { basis } = heatQuery.parse(request.query ?? {});
      const view = await svc.heatMap(request.actor, id, basis);
      return reply.view('governance/views/heat-map.njk', { title: `Risk heat map – ${view.partnership.name}`, ...view });
    },
  );

  app.get('/partnerships/:id/risks/new', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const { partnership } = await app.services.partnerships.visiblePartnership(request.actor, id, 'coordinate');
    return reply.view('governance/views/risk-form.njk', {
      title: 'Add a risk',
      partnership,
      risk: null,
      agencies: await app.services.governance.meetings.listMemberAgencies(id),
      priorities: await app.services.governance.meetings.listPriorities(id),
      today: londonToday(),
    });
  });

  app.post('/partnerships/:id/risks', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/partnerships/${id}/risks/new`, async () => {
      const risk = await svc.createRisk(request.actor, id, body(request) as never);
      return { redirect: `/risks/${risk.id}`, notice: `${risk.title} has been added to the register` };
    });
  });

  app.get('/risks/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.getRisk(request.actor, id);
    return reply.view('governance/views/risk.njk', { title: view.risk.title, ...view });
  });

  app.get('/risks/:id/edit', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.getRisk(request.actor, id);
    if (!view.canCoordinate) await app.services.policy.require(request.actor, view.partnership.id, 'coordinate', 'risk');
    return reply.view('governance/views/risk-form.njk', { title: `Change ${view.risk.title}`, ...view });
  });

  app.post('/risks/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/risks/${id}/edit`, async () => {
      const risk = await svc.updateRisk(request.actor, id, version(request), body(request) as never);
      return { redirect: `/risks/${risk.id}`, notice: `${risk.title} has been updated` };
    });
  });

  app.get('/risks/:id/score', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.getRisk(request.actor, id);
    if (!view.canScore) await app.services.policy.require(request.actor, view.partnership.id, 'coordinate', 'risk');
    return reply.view('governance/views/score-form.njk', { title: `Re-score: ${view.risk.title}`, ...view, today: londonToday() });
  });

  app.post('/risks/:id/score', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/risks/${id}/score`, async () => {
      await svc.rescore(request.actor, id, version(request), body(request) as never);
      return { redirect: `/risks/${id}#history`, notice: 'The new scores have been recorded' };
    });
  });

  app.post('/risks/:id/close', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/risks/${id}#close`, async () => {
      await svc.closeRisk(request.actor, id, version(request), body(request));
      return { redirect: `/risks/${id}`, notice: 'The risk has been closed' };
    });
  });

  app.post('/risks/:id/reopen', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/risks/${id}`, async () => {
      await svc.reopenRisk(request.actor, id, version(request));
      return { redirect: `/risks/${id}`, notice: 'The risk has been re-opened' };
    });
  });

  app.post('/risks/:id/mitigations', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/risks/${id}#add-mitigation`, async () => {
      await svc.addMitigation(request.actor, id, body(request));
      return { redirect: `/risks/${id}#mitigations`, notice: 'The mitigation has been added' };
    });
  });

  app.post(
    '/risks/:id/mitigations/:mitigationId',
    { config: { permission: 'signed-in' }, schema: { params: mitigationParams } },
    async (request, reply) => {
      const { id, mitigationId } = mitigationParams.parse(request.params);
      return handleForm(request, reply, `/risks/${id}#mitigations`, async () => {
        await svc.setMitigationStatus(request.actor, id, mitigationId, body(request).status);
        return { redirect: `/risks/${id}#mitigations`, notice: 'The mitigation has been updated' };
      });
    },
  );
}
