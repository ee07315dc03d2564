import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { downloadName } from '../../../lib/csv.js';
import { EditConflictError, ValidationError } from '../../../lib/errors.js';
import { idParam, parseInput } from '../../../lib/validation.js';
import { handleForm } from '../../../web/forms.js';
import {
  criterionRule,
  changeSignificanceText,
  formatChange,
  formatValue,
  assessmentDocument,
  indicatorGroups,
  matrixCsv,
} from '../presenters.js';
import { sourceKinds } from '../schema.js';
import { readFormWithFile } from '../uploads.js';
import { renderReportFile, reportStatusLine } from '../../reports/index.js';
import { adoptionOf, assessmentInput, documentQuery, findingInput, indicatorKeysOf, scoresOf, themeInput, weightsOf } from './inputs.js';
import '../../../web/types.js';

const idParams = z.object({ id: idParam });
const printCss = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'views', 'assessment-print.css'), 'utf8');

const versionOf = (body: unknown) =>
  Number(typeof body === 'object' && body !== null ? ((body as Record<string, unknown>).version ?? 0) : 0);

/** Pages of the strategic assessment: the assessment, its pack, themes, findings, matrix, adoption and document. */
export function assessmentPages(app: FastifyInstance) {
  const signedIn = { config: { permission: 'signed-in' as const } };
  const svc = () => app.services.assessment.assessments;
  const helpers = { formatChange, formatValue, changeSignificanceText, criterionRule };

  app.get('/assets/assessment/print.css', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(printCss),
  );

  app.get('/assessments', signedIn, async (request, reply) => {
    const view = await svc().assessmentsIndex(request.actor);
    return reply.view('assessment/assessments/views/assessments.njk', { title: 'Strategic assessments', ...view });
  });

  app.get('/partnerships/:id/assessments/new', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const partnership = await svc().newAssessmentFor(request.actor, id);
    return reply.view('assessment/assessments/views/assessment-form.njk', { title: 'Start a strategic assessment', partnership });
  });

  app.post('/partnerships/:id/assessments', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/partnerships/${id}/assessments/new`, async () => {
      const a = await svc().createAssessment(request.actor, id, parseInput(assessmentInput, request.body));
      return { redirect: `/assessments/${a.id}`, notice: 'The assessment has been started' };
    });
  });

  app.get('/assessments/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc().getAssessment(request.actor, id);
    return reply.view('assessment/assessments/views/assessment.njk', {
      title: view.assessment.title,
      ...view,
      ...helpers,
      requests: await app.services.assessment.contributions.listRequests(request.actor, id),
    });
  });

  app.get('/assessments/:id/edit', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    await svc().assessmentForEditing(request.actor, id);
    const view = await svc().getAssessment(request.actor, id);
    return reply.view('assessment/assessments/views/assessment-form.njk', {
      title: 'Change the assessment',
      partnership: view.partnership,
      assessment: view.assessment,
      yearLabel: view.yearLabel,
    });
  });

  app.post('/assessments/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/assessments/${id}/edit`, async () => {
      await svc().updateAssessment(request.actor, id, versionOf(request.body), parseInput(assessmentInput, request.body));
      return { redirect: `/assessments/${id}`, notice: 'The assessment has been saved' };
    });
  });

  app.post('/assessments/:id/pack', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/assessments/${id}#evidence-pack`, async () => {
      await svc().refreshPack(request.actor, id, versionOf(request.body));
      return { redirect: `/assessments/${id}#evidence-pack`, notice: 'The evidence pack has been built again from the evidence held now' };
    });
  });

  app.get('/assessments/:id/indicators', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const { assessment, partnership, indicators, chosen } = await svc().indicatorChoices(request.actor, id);
    return reply.view('assessment/assessments/views/indicators.njk', {
      title: 'Choose the evidence pack’s indicators',
      assessment,
      partnership,
      count: indicators.length,
      groups: indicatorGroups(indicators, chosen),
    });
  });

  app.post('/assessments/:id/indicators', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/assessments/${id}/indicators`, async () => {
      await svc().chooseIndicators(request.actor, id, versionOf(request.body), indicatorKeysOf(request.body));
      return {
        redirect: `/assessments/${id}#evidence-pack`,
        notice: 'The indicators are chosen and the evidence pack is built again with them',
      };
    });
  });

  app.post('/assessments/:id/weights', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/assessments/${id}#weights`, async () => {
      await svc().setWeights(request.actor, id, versionOf(request.body), weightsOf(request.body));
      return { redirect: `/assessments/${id}#matrix`, notice: 'The weights have been saved' };
    });
  });

  app.post('/assessments/:id/agree', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/assessments/${id}`, async () => {
      await svc().agree(request.actor, id, versionOf(request.body));
      return {
        redirect: `/assessments/${id}`,
        notice: 'The assessment is agreed: its evidence pack, figures and scores are kept as they stand',
      };
    });
  });

  app.get('/assessments/:id/adopt', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const cannot = await svc().adoptionFor(request.actor, id);
    const view = await svc().getAssessment(request.actor, id);
    return reply.view('assessment/assessments/views/adopt.njk', { title: 'Adopt priorities', ...view, cannot });
  });

  app.post('/assessments/:id/adopt', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/assessments/${id}/adopt`, async () => {
      const { chosen, reasons } = adoptionOf(request.body);
      const { plan } = await svc().adopt(request.actor, id, versionOf(request.body), chosen, reasons);
      return { redirect: `/plans/${plan.id}`, notice: `The adopted priorities are in the draft plan ‘${plan.title}’` };
    });
  });

  app.get('/assessments/:id/matrix.csv', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const { name, csv } = matrixCsv(await svc().getAssessment(request.actor, id));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${downloadName(name)}"`)
      .send(csv);
  });

  app.get('/assessments/:id/document', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const view = await svc().getAssessment(request.actor, id);
    const doc = assessmentDocument(view);
    return reply.view('assessment/assessments/views/document.njk', {
      title: doc.title,
      doc,
      status: reportStatusLine(doc),
      assessment: view.assessment,
    });
  });

  // The document as a file (PDF, Word or HTML): a disclosure in the audit log, like a report's download.
  app.get(
    '/assessments/:id/document/download',
    { config: { permission: 'signed-in', auditChannel: 'report' }, schema: { params: idParams } },
    async (request, reply) => {
      const { id } = idParams.parse(request.params);
      const { format } = parseInput(documentQuery, request.query);
      const file = await renderReportFile(assessmentDocument(await svc().getAssessment(request.actor, id)), format);
      return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.bytes);
    },
  );

  app.get('/assessments/:id/themes/new', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    await svc().assessmentForEditing(request.actor, id);
    const view = await svc().getAssessment(request.actor, id);
    return reply.view('assessment/assessments/views/theme-form.njk', { title: 'Add a theme', ...view });
  });

  app.post('/assessments/:id/themes', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/assessments/${id}/themes/new`, async () => {
      const theme = await svc().addTheme(request.actor, id, parseInput(themeInput, request.body));
      return { redirect: `/assessment-themes/${theme.id}`, notice: 'The theme has been added: now add its findings' };
    });
  });

  async function themePage(request: FastifyRequest, reply: FastifyReply, page: 'theme' | 'score') {
    const { id } = idParams.parse(request.params);
    const found = await svc().themeForEditing(request.actor, id);
    const view = await svc().getAssessment(request.actor, found.assessment.id);
    const theme = view.themes.find((t) => t.id === id)!;
    return reply.view(`assessment/assessments/views/${page}.njk`, {
      title: page === 'theme' ? `Theme: ${theme.title}` : `Score: ${theme.title}`,
      ...view,
      theme,
      sourceKinds,
      ...helpers,
    });
  }

  app.get('/assessment-themes/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) =>
    themePage(request, reply, 'theme'),
  );
  app.get('/assessment-themes/:id/score', { ...signedIn, schema: { params: idParams } }, async (request, reply) =>
    themePage(request, reply, 'score'),
  );

  app.post('/assessment-themes/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/assessment-themes/${id}#theme-form`, async () => {
      await svc().updateTheme(request.actor, id, versionOf(request.body), parseInput(themeInput, request.body));
      return { redirect: `/assessment-themes/${id}`, notice: 'The theme has been saved' };
    });
  });

  app.post('/assessment-themes/:id/score', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/assessment-themes/${id}/score`, async () => {
      const theme = await svc().scoreTheme(request.actor, id, versionOf(request.body), scoresOf(request.body));
      return { redirect: `/assessments/${theme.assessmentId}#matrix`, notice: `The scores of ‘${theme.title}’ have been saved` };
    });
  });

  app.post('/assessment-themes/:id/findings', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const back = `/assessment-themes/${id}#finding-form`;
    let fields: Record<string, unknown> = {};
    try {
      const form = await readFormWithFile(request);
      fields = form.fields;
      const values = parseInput(findingInput, fields);
      if (form.upload && values.sourceKind !== 'document')
        throw new ValidationError([{ field: 'file', message: 'Upload a file only for a finding that comes from a document' }]);
      await svc().addFinding(request.actor, id, values, form.upload);
    } catch (error) {
      if (error instanceof ValidationError || error instanceof EditConflictError) {
        delete fields._csrf;
        const errors = error instanceof ValidationError ? error.fieldErrors : [{ field: 'form', message: error.message }];
        await app.services.access.setFlash(request.sessionToken!, { errors, values: fields, conflict: error instanceof EditConflictError });
        return reply.redirect(back, 303);
      }
      throw error;
    }
    await app.services.access.setFlash(request.sessionToken!, { notice: 'The finding has been added' });
    return reply.redirect(`/assessment-themes/${id}`, 303);
  });

  app.get('/assessment-findings/:id/edit', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const { assessment, theme, finding } = await svc().findingForEditing(request.actor, id);
    return reply.view('assessment/assessments/views/finding-form.njk', {
      title: 'Change the finding',
      assessment,
      theme,
      finding,
      pack: assessment.pack,
    });
  });

  app.post('/assessment-findings/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/assessment-findings/${id}/edit`, async () => {
      const finding = await svc().updateFinding(request.actor, id, versionOf(request.body), parseInput(findingInput, request.body));
      return { redirect: `/assessment-themes/${finding.themeId}`, notice: 'The finding has been saved' };
    });
  });

  app.post('/assessment-findings/:id/delete', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    return handleForm(request, reply, `/assessment-findings/${id}/edit`, async () => {
      const finding = await svc().removeFinding(request.actor, id, versionOf(request.body));
      return { redirect: `/assessment-themes/${finding.themeId}`, notice: 'The finding has been removed' };
    });
  });

  app.get('/assessment-files/:id', { ...signedIn, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const file = await svc().getFile(request.actor, id);
    return reply
      .type('application/octet-stream')
      .header(
        'content-disposition',
        `attachment; filename="${downloadName(file.fileName.replace(/\.[^.]*$/, ''), file.fileName.split('.').pop() ?? 'bin')}"`,
      )
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  });
}
