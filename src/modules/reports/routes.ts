/** The report pages: a partnership's reports, each report's draft with its narrative and versions, downloads. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { idParam, parseInput } from '../../lib/validation.js';
import { handleForm } from '../../web/forms.js';
import { downloadQuery, kindParams, narrativeForm, pageQuery, publicSettingForm, publishForm, reportPeriod } from './inputs.js';
import { kindTitles } from './presenters.js';
import { reportCss } from './render/html.js';
import { reportKinds } from './schema.js';
import type { Rendered } from './render/file.js';
import '../../web/types.js';

const idParams = z.object({ id: idParam });

/** Sends a report file as a download. */
export function sendReport(reply: FastifyReply, file: Rendered) {
  return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.bytes);
}

/** The period a form was posted for, to send the user back to the same report. */
const periodOf = (body: unknown) => {
  const value = (body as Record<string, unknown> | undefined)?.period;
  return typeof value === 'string' ? value : '';
};

const periodExamples = { 'annual-review': '2016/17', assurance: '2021/22-Q3', 'progress-table': '2020/21-Q3' } as const;

export function reportRoutes(app: FastifyInstance, _options: unknown, done: (error?: Error) => void) {
  const reports = app.services.reports;
  const signedIn = { config: { permission: 'signed-in' as const } };

  app.get('/assets/reports/report.css', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(reportCss),
  );

  app.get('/partnerships/:id/reports', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await reports.reportsIndex(request.actor, id);
    return reply.view('reports/views/index.njk', {
      title: `Reports: ${view.partnership.name}`,
      ...view,
      kinds: reportKinds.map((k) => ({ kind: k, title: kindTitles[k], example: periodExamples[k] })),
      kindTitles,
    });
  });

  app.post('/partnerships/:id/reports/public', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/partnerships/${id}/reports`, async () => {
      const form = parseInput(publicSettingForm, request.body);
      await reports.setPublic(request.actor, id, form.publishes === 'yes', form.version);
      return {
        redirect: `/partnerships/${id}/reports`,
        notice:
          form.publishes === 'yes'
            ? 'The partnership now publishes its published reports on the public pages'
            : 'The partnership no longer publishes on the public pages',
      };
    });
  });

  app.get('/partnerships/:id/reports/:kind', { ...signedIn, schema: { params: kindParams } }, async (request, reply) => {
    const { id, kind } = kindParams.parse(request.params);
    const asked = pageQuery.parse(request.query).period;
    if (!asked) return reply.redirect(`/partnerships/${id}/reports`, 303);
    const period = reportPeriod(kind, asked);
    const view = await reports.reportPage(request.actor, id, kind, period);
    return reply.view('reports/views/report.njk', {
      title: `${kindTitles[kind]}: ${view.period.label}`,
      ...view,
      kindTitle: kindTitles[kind],
      base: `/partnerships/${id}/reports/${kind}`,
    });
  });

  app.get(
    '/partnerships/:id/reports/:kind/download',
    { config: { permission: 'signed-in', auditChannel: 'report' }, schema: { params: kindParams } },
    async (request, reply) => {
      const { id, kind } = kindParams.parse(request.params);
      const q = parseInput(downloadQuery, request.query);
      const period = reportPeriod(kind, q.period);
      return sendReport(reply, await reports.download(request.actor, id, kind, period, q.format, q.version));
    },
  );

  app.post('/partnerships/:id/reports/:kind/narrative', { ...signedIn, schema: { params: kindParams } }, async (request, reply) => {
    const { id, kind } = kindParams.parse(request.params);
    const back = `/partnerships/${id}/reports/${kind}?period=${encodeURIComponent(periodOf(request.body))}`;
    return handleForm(request, reply, back, async () => {
      const form = parseInput(narrativeForm, request.body);
      const period = reportPeriod(kind, form.period);
      await reports.saveNarrative(request.actor, id, kind, period, form.section, form.version, form.body);
      return { redirect: `${back}#narrative-${form.section}`, notice: 'The narrative is saved' };
    });
  });

  app.post('/partnerships/:id/reports/:kind/publish', { ...signedIn, schema: { params: kindParams } }, async (request, reply) => {
    const { id, kind } = kindParams.parse(request.params);
    const back = `/partnerships/${id}/reports/${kind}?period=${encodeURIComponent(periodOf(request.body))}`;
    return handleForm(request, reply, back, async () => {
      const form = parseInput(publishForm, request.body);
      const period = reportPeriod(kind, form.period);
      const version = await reports.publish(request.actor, id, kind, period);
      return { redirect: `${back}#versions`, notice: `Version ${version.versionNumber} is published` };
    });
  });
  done();
}
