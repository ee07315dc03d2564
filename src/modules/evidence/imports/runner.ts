/**
 * Runs one import file: hash it, say "already imported" when the same content of the same kind succeeded
 * before, otherwise run its handler inside ONE transaction together with the import's history row and its
 * audit entry. Any problem in the file rolls everything back; a refusal is then recorded in the history.
 * A background import (the upload page) passes the id of its history row, written beforehand as 'running':
 * the transaction then finishes that row instead of adding one.
 * Before the handler reads it, the file's encoding is checked: a UTF-16 file is read from a UTF-8 copy, and
 * a file that is not text in a known encoding (or a workbook where CSV is expected) is refused.
 */
import type { Database } from '../../../db/database.js';
import type { AuditService } from '../../access/index.js';
import type { ImportKind } from '../schema.js';
import { CopyError, finishImport, findSucceededImport, insertImport, setImportId, withBulkTransaction } from './repository.js';
import { ImportRefusedError, Problems } from './problems.js';
import { hashFile } from './source.js';
import { isPrepared, prepareTextFile } from './encoding.js';
import type { ImportHandler, ImportOutcome, ImportRequest } from './types.js';

export async function runImport(
  database: Database,
  audit: AuditService,
  handlers: Record<ImportKind, ImportHandler>,
  request: ImportRequest,
): Promise<ImportOutcome> {
  const { kind, filePath, fileName, actor } = request;
  const sha256 = request.sha256 ?? (await hashFile(filePath));
  const already = async (): Promise<ImportOutcome | null> => {
    const previous = await findSucceededImport(database.db, kind, sha256);
    return previous
      ? {
          status: 'already-imported',
          importId: previous.id,
          fileName,
          messages: [`${fileName} was already imported (import ${previous.id}); nothing was changed.`],
        }
      : null;
  };
  const before = await already();
  if (before) return request.importId === undefined ? before : refuseDuplicate(database, request, before);

  const problems = new Problems(fileName);
  const prepared = await prepareTextFile(filePath, fileName, { workbookAllowed: kind === 'population' });
  if (!isPrepared(prepared)) {
    problems.add(prepared.line, null, prepared.message);
    return refuse(database, audit, request, sha256, problems);
  }
  try {
    return await withBulkTransaction(database, async (session) => {
      const importId =
        request.importId ?? (await insertImport(session.db, { kind, fileName, sha256, status: 'succeeded', userId: actor.userId }));
      await setImportId(session, importId);
      const result = await handlers[kind]({
        session,
        importId,
        filePath: prepared.filePath,
        fileName,
        problems,
        onProgress: request.onProgress,
        options: request.options ?? {},
      });
      if (problems.any) throw new ImportRefusedError(problems);
      const summary = { messages: result.messages, ...(result.details ?? {}) };
      await finishImport(session.db, importId, {
        rowsRead: result.rowsRead,
        rowsWritten: result.rowsWritten,
        summary,
        status: 'succeeded',
      });
      await audit.record(
        actor,
        {
          action: 'evidence.imported',
          entityType: 'evidence-import',
          entityId: importId,
          after: { kind, fileName, sha256, rowsRead: result.rowsRead, rowsWritten: result.rowsWritten },
        },
        session.db,
      );
      return {
        status: 'succeeded' as const,
        importId,
        fileName,
        rowsRead: result.rowsRead,
        rowsWritten: result.rowsWritten,
        messages: result.messages,
      };
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505' && String((error as Error).message).includes('evidence_imports_content_key')) {
      const after = await already();
      if (after) return request.importId === undefined ? after : refuseDuplicate(database, request, after);
    }
    if (error instanceof CopyError && !problems.any) problems.add(error.copyRow === null ? null : error.copyRow + 1, null, error.message);
    else if (!(error instanceof ImportRefusedError) && !(error instanceof CopyError)) throw error;
    return refuse(database, audit, request, sha256, problems);
  } finally {
    await prepared.cleanup();
  }
}

async function refuse(
  database: Database,
  audit: AuditService,
  request: ImportRequest,
  sha256: string,
  problems: Problems,
): Promise<ImportOutcome> {
  const { kind, fileName, actor } = request;
  const headline = `${fileName} was not imported: ${problems.count} problem${problems.count === 1 ? '' : 's'} found${
    problems.count > problems.listed.length ? ` (the first ${problems.listed.length} are listed)` : ''
  }. Nothing was written.`;
  const summary = { messages: [headline], problems: problems.listed, problemCount: problems.count };
  const importId = await database.db.transaction(async (tx) => {
    let id = request.importId;
    if (id === undefined) id = await insertImport(tx, { kind, fileName, sha256, status: 'refused', userId: actor.userId, summary });
    else await finishImport(tx, id, { rowsRead: 0, rowsWritten: 0, summary, status: 'refused' });
    await audit.record(
      actor,
      {
        action: 'evidence.import-refused',
        entityType: 'evidence-import',
        entityId: id,
        after: { kind, fileName, problemCount: problems.count },
      },
      tx,
    );
    return id;
  });
  return { status: 'refused', importId, fileName, problems: problems.listed, problemCount: problems.count, messages: [headline] };
}

/** A background import whose content was imported meanwhile by someone else: its row says so. */
async function refuseDuplicate(database: Database, request: ImportRequest, previous: ImportOutcome): Promise<ImportOutcome> {
  const message = `${request.fileName}: the same content was imported meanwhile (import ${previous.importId}); nothing was changed.`;
  await finishImport(database.db, request.importId!, {
    rowsRead: 0,
    rowsWritten: 0,
    summary: { messages: [message], problems: [message], problemCount: 1, duplicateOf: previous.importId },
    status: 'refused',
  });
  return { ...previous, importId: request.importId!, messages: [message] };
}
