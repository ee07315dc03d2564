/**
 * The CSV downloads: every figure of an indicator (`/evidence/observations.csv`, the same as the API and
 * `saferhub export observations`), an area profile's table and the ward map's counts. Each gives the
 * figures its page would show the user (policy.ts), at full precision (presenters.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { downloadName } from '../../../lib/csv.js';
import { codeParams, parsePageQuery } from '../inputs.js';
import { areaProfileCsv, downloadNames, hotspotCsv, observationsCsv } from '../presenters.js';
import { observationsQuery } from './inputs.js';
import '../../../web/types.js';

const csv = (reply: FastifyReply, name: string, body: string) =>
  reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${downloadName(name)}"`)
    .send(body);

export function downloadRoutes(app: FastifyInstance) {
  const svc = app.services.evidenceReports;

  app.get('/evidence/areas/:code/profile.csv', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const { code } = codeParams.parse(request.params);
    const page = await svc.areaProfile(request.actor, code, parsePageQuery(request.query));
    return csv(reply, downloadNames.areaProfile(page), areaProfileCsv(page));
  });

  app.get('/evidence/hotspots.csv', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const page = await svc.hotspotMap(request.actor, parsePageQuery(request.query));
    return csv(reply, downloadNames.hotspots(page), hotspotCsv(page));
  });

  app.get('/evidence/observations.csv', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const query = observationsQuery.parse(request.query);
    const rows = await svc.exportObservations(request.actor, query);
    return csv(reply, downloadNames.observations(query), observationsCsv(rows));
  });
}
