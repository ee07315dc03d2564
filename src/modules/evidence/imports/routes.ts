/**
 * Upload pages for analysts (administrators and partnership coordinators), the import history, and the CSV
 * download of observations. The upload streams to a temporary file (the CSRF token rides in the form
 * action's query string because the body is streamed); the import then runs in the background of the
 * server process, whole or not at all, and the browser is sent (303) to the import's page, which shows its
 * progress (refreshing itself every 2 seconds, no JavaScript needed) and then the result: what was
 * imported, "already imported", or the problems by line and field.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { downloadName } from '../../lib/csv.js';
import { forbidden, notFound, ValidationError } from '../../lib/errors.js';
import { exportObservations, observationsCsv } from './export.js';
import { observationsQuery } from './api.js';
import { importChoices, type ImportChoice } from './imports/service.js';
import { makeTempDir, removeTempDir } from './imports/temp-files.js';
import '../../web/types.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });
export const choiceLabels: Record<ImportChoice, string> = {
  areas: 'Areas (area_code,name,type,parent_code, or the ONS local authority to CSP to police force area lookup)',
  population: 'Populations (area_code,year,population, or an ONS mid-year estimates table as CSV or XLSX)',
  indicators: 'Indicators (key,name,unit,multiplier,polarity,period_type,source)',
  observations: 'Observations (indicator,area_code,period,numerator,denominator)',
  'police-uk': 'police.uk street-level crime, outcomes or stop and search file',
  'home-office': 'Home Office police recorded crime by CSP (years as columns)',
};

export async function evidenceImportRoutes(app: FastifyInstance) {
  const svc = app.services.evidenceImports;

  app.get('/evidence/imports', { config: { permission: 'signed-in' } }, async (request, reply) =>
    reply.view('evidence/views/imports.njk', { title: 'Evidence imports', imports: await svc.history(request.actor) }),
  );

  app.get('/evidence/imports/new', { config: { permission: 'signed-in' } }, async (request, reply) => {
    if (!(await svc.mayImport(request.actor))) throw forbidden('Only administrators and partnership coordinators can import data');
    return reply.view('evidence/views/import-form.njk', {
      title: 'Import a file',
      choices: importChoices.map((c) => ({ value: c, text: choiceLabels[c] })),
    });
  });

  app.post('/evidence/imports', { config: { permission: 'signed-in' } }, async (request, reply) => {
    if (!(await svc.mayImport(request.actor))) throw forbidden('Only administrators and partnership coordinators can import data');
    // The folder is named with this process's id, so that a restart removes it if the process is killed.
    const dir = await makeTempDir('upload');
    const removeDir = () => removeTempDir(dir);
    let handedOver = false;
    try {
      const part = request.isMultipart() ? await request.file() : undefined;
      const fields = (part?.fields ?? {}) as Record<string, { value?: unknown } | undefined>;
      const field = (name: string) => {
        const v = fields[name]?.value;
        return typeof v === 'string' && v.trim() ? v.trim() : undefined;
      };
      const choice = field('kind') as ImportChoice | undefined;
      const errors = [];
      if (!choice || !importChoices.includes(choice)) errors.push({ field: 'kind', message: 'Select what kind of file this is' });
      if (!part || !part.filename) errors.push({ field: 'file', message: 'Select a file to import' });
      const year = field('year');
      if (year && !/^\d{4}$/.test(year)) errors.push({ field: 'year', message: 'Enter the mid-year as four digits, like 2020' });
      if (errors.length || !part) {
        part?.file.resume();
        throw new ValidationError(errors);
      }
      const fileName = path.basename(part.filename).replace(/[^\w.\- ]/g, '_') || 'upload.csv';
      const filePath = path.join(dir, fileName);
      await pipeline(part.file, fs.createWriteStream(filePath));
      if (part.file.truncated)
        throw new ValidationError([{ field: 'file', message: 'The file is larger than 512 MB: import it with the saferhub command' }]);
      const outcome = await svc.startImport(request.actor, {
        choice: choice!,
        filePath,
        fileName,
        options: { year: year ? Number(year) : undefined, force: field('force') },
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

  app.get('/evidence/imports/:id', { config: { permission: 'signed-in' }, schema: { params: idParams } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const record = await svc.getImport(request.actor, id);
    if (!record) throw notFound('Import');
    const again = (request.query as Record<string, unknown>).again === '1';
    const titles = {
      running: `Importing ${record.fileName}`,
      refused: `${record.fileName} was not imported`,
      failed: `${record.fileName} was not imported`,
      succeeded: `Import ${record.id}: ${record.fileName}`,
    };
    const percent = record.bytesTotal > 0 ? Math.min(100, Math.floor((record.bytesDone / record.bytesTotal) * 100)) : 0;
    if (record.status === 'running') reply.header('cache-control', 'no-store');
    return reply.view('evidence/views/import.njk', { title: titles[record.status], record, again, percent });
  });

  app.get('/evidence/observations.csv', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const query = observationsQuery.parse(request.query);
    const rows = await exportObservations(app.services.database.db, query, await app.services.evidenceReports.exportOptions(request.actor));
    const name = downloadName([query.indicator, query.area, query.period].filter(Boolean).join('-'));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(observationsCsv(rows));
  });
}
