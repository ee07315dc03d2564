import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../../lib/errors.js';
import { MAX_REPORT_BYTES } from './contributions/service.js';

/**
 * A form that may carry one file (a finding's source document, a partner's report). It is sent as
 * multipart with the file last (the CSRF token rides in the action's query string, as on the import
 * upload), through the app's multipart plugin; files are held to MAX_REPORT_BYTES and stored with the
 * assessment. A form sent without multipart (no file) is read as usual.
 */
export async function readFormWithFile(request: FastifyRequest) {
  if (!request.isMultipart()) return { fields: (request.body ?? {}) as Record<string, unknown>, upload: undefined };
  const part = await request.file();
  const fields: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(part?.fields ?? {})) {
    const one = Array.isArray(field) ? field[0] : field;
    if (one && typeof one === 'object' && 'value' in one && one.type === 'field') fields[name] = one.value;
  }
  if (!part || !part.filename) {
    part?.file.resume();
    return { fields, upload: undefined };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.file) {
    size += (chunk as Buffer).length;
    if (size > MAX_REPORT_BYTES) {
      part.file.resume();
      throw new ValidationError([{ field: 'file', message: 'The file must be 20 MB or smaller' }]);
    }
    chunks.push(chunk as Buffer);
  }
  const fileName = path.basename(part.filename).replace(/[^\w.\- ]/g, '_') || 'report';
  return { fields, upload: { fileName, contentType: part.mimetype || 'application/octet-stream', content: Buffer.concat(chunks) } };
}
