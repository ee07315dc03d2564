/**
 * Upload pages for analysts (administrators and partnership coordinators) and the import history. The
 * upload streams to a temporary file (the CSRF token rides in the form action's query string because the
 * body is streamed); the import then runs in the background of the server process, whole or not at all,
 * and the browser is sent (303) to the import's page, which shows its progress (refreshing itself every 2
 * seconds, no JavaScript needed) and then the result: what was imported, "already imported", or the
 * problems by line and field. Who may import or see the history is the service's rule (policy.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { notFound, ValidationError } from '../../../lib/errors.js';
import { importChoiceLabels, importPage } from '../presenters.js';
import { importIdParams, importPageQuery, parseUploadForm } from './inputs.js';
import { importChoices } from './service.js';
import { makeTempDir, removeTempDir } from './temp-files.js';
import '../../../web/types.js';

/** The values of a multipart body's fields (file parts have none). */
const fieldValues = (fields: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [name, field && typeof field === 'object' && 'value' in field ? field.value : undefined]),
  );

export function evidenceImportRoutes(app: FastifyInstance, _options: unknown, done: (error?: Error) => void) {
  const svc = app.services.evidenceImports;

  app.get('/evidence/imports', { config: { permission: 'signed-in' } }, async (request, reply) =>
    reply.view('evidence/imports/views/imports.njk', { title: 'Evidence imports', imports: await svc.history(request.actor) }),
  );

  app.get('/evidence/imports/new', { config: { permission: 'signed-in' } }, async (request, reply) => {
    await svc.requireImporter(request.actor);
    return reply.view('evidence/imports/views/import-form.njk', {
      title: 'Import a file',
      choices: importChoices.map((c) => ({ value: c, text: importChoiceLabels[c] })),
    });
  });

  app.post('/evidence/imports', { config: { permission: 'signed-in' } }, async (request, reply) => {
    await svc.requireImporter(request.actor);
    // The folder is named with this process's id, so that a restart removes it if the process is killed.
    const dir = await makeTempDir('upload');
    const removeDir = () => removeTempDir(dir);
    let handedOver = false;
    try {
      const part = request.isMultipart() ? await request.file() : undefined;
      let form;
      try {
        form = parseUploadForm(fieldValues(part?.fields ?? {}), Boolean(part?.filename));
      } catch (error) {
        part?.file.resume();
        throw error;
      }
      if (!part) throw new ValidationError([{ field: 'file', message: 'Select a file to import' }]); // refused above already
      const fileName = path.basename(part.filename).replace(/[^\w.\- ]/g, '_') || 'upload.csv';
      const filePath = path.join(dir, fileName);
      await pipeline(part.file, fs.createWriteStream(filePath));
      if (part.file.truncated)
        throw new ValidationError([{ field: 'file', message: 'The file is larger than 512 MB: import it with the saferhub command' }]);
      const outcome = await svc.startImport(request.actor, {
        choice: form.choice,
        filePath,
        fileName,
        options: form.options,
        cleanup: removeDir,
      });
      handedOver = true; // the background import deletes the file when it ends
      return reply.redirect(`/evidence/imports/${outcome.importId}${outcome.status === 'already-imported' ? '?again=1' : ''}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        await app.services.access.setFlash(request.sessionToken!, { errors: error.fieldErrors });
        return reply.redirect('/evidence/imports/new', 303);
      }
      throw error;
    } finally {
      if (!handedOver) await removeDir();
    }
  });

  app.get('/evidence/imports/:id', { config: { permission: 'signed-in' }, schema: { params: importIdParams } }, async (request, reply) => {
    const { id } = importIdParams.parse(request.params);
    const record = await svc.getImport(request.actor, id);
    if (!record) throw notFound('Import');
    const again = importPageQuery.safeParse(request.query).data?.again === '1';
    const { title, percent } = importPage(record);
    if (record.status === 'running') reply.header('cache-control', 'no-store');
    return reply.view('evidence/imports/views/import.njk', { title, record, again, percent });
  });

  done();
}
