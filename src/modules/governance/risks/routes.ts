import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { downloadName } from '../../../lib/csv.js';
import { londonToday } from '../../../lib/london-time.js';
import { formVersion, idParam } from '../../../lib/validation.js';
import { handleForm } from '../../../web/forms.js';
import { bands } from './bands.js';
import { heatMapQuery, registerQuery, type RegisterFilter } from './inputs.js';
import '../../../web/types.js';

const idParams = z.object({ id: idParam });
const mitigationParams = z.object({ id: idParam, mitigationId: idParam });
const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
const version = (request: FastifyRequest) => formVersion(request.body);

const filterKeys = ['priority', 'band', 'owner', 'overdue', 'status', 'sort', 'direction'] as const satisfies (keyof RegisterFilter)[];

/** The register's query string without some keys, for sort and filter links. */
function queryWithout(filter: RegisterFilter, ...without: (keyof RegisterFilter)[]) {
  const q = new URLSearchParams();
  for (const key of filterKeys) {
    const value = filter[key];
    if (!without.includes(key) && value !== undefined && value !== false) q.set(key, value === true ? 'yes' : String(value));
  }
  return q.toString();
}

/** Pages for the shared risk register. */
export function riskPages(app: FastifyInstance) {
  const svc = app.services.governance.risks;

  app.get('/partnerships/:id/risks', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const filter = registerQuery.parse(request.query ?? {});
    const view = await svc.register(request.actor, id, filter);
    return reply.view('governance/risks/views/risks.njk', {
      title: `Risk register – ${view.partnership.name}`,
      ...view,
      filter,
      bands,
      sortBase: queryWithout(filter, 'sort', 'direction'),
      csvQuery: queryWithout(filter),
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
      const { basis } = heatMapQuery.parse(request.query ?? {});
      const view = await svc.heatMap(request.actor, id, basis);
      return reply.view('governance/risks/views/heat-map.njk', { title: `Risk heat map – ${view.partnership.name}`, ...view });
    },
  );

  app.get('/partnerships/:id/risks/new', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.newRisk(request.actor, id);
    return reply.view('governance/risks/views/risk-form.njk', { title: 'Add a risk', ...view, risk: null, today: londonToday() });
  });

  app.post('/partnerships/:id/risks', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/partnerships/${id}/risks/new`, async () => {
      const risk = await svc.createRisk(request.actor, id, body(request));
      return { redirect: `/risks/${risk.id}`, notice: `${risk.title} has been added to the register` };
    });
  });

  app.get('/risks/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.getRisk(request.actor, id);
    return reply.view('governance/risks/views/risk.njk', { title: view.risk.title, ...view });
  });

  app.get('/risks/:id/edit', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.editRisk(request.actor, id);
    return reply.view('governance/risks/views/risk-form.njk', { title: `Change ${view.risk.title}`, ...view });
  });

  app.post('/risks/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/risks/${id}/edit`, async () => {
      const risk = await svc.updateRisk(request.actor, id, version(request), body(request));
      return { redirect: `/risks/${risk.id}`, notice: `${risk.title} has been updated` };
    });
  });

  app.get('/risks/:id/score', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc.scoreForm(request.actor, id);
    return reply.view('governance/risks/views/score-form.njk', { title: `Re-score: ${view.risk.title}`, ...view, today: londonToday() });
  });

  app.post('/risks/:id/score', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/risks/${id}/score`, async () => {
      await svc.rescore(request.actor, id, version(request), body(request));
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
