/**
 * Imports that run in the background of the server process (the upload page). The history row is written
 * first as 'running' with the file's size; the import then runs as one transaction (whole or not at all),
 * while its progress (bytes read, rows so far) and a heartbeat are written to that row from another
 * connection, so any server process can show them. A row whose heartbeat stops (the process stopped) is
 * marked failed when the history or the row is next looked at.
 */
import type { Database } from '../../../db/database.js';
import type { Actor } from '../../access/index.js';
import { failStaleImports, findSucceededImport, finishImport, insertImport, recordImportProgress } from './repository.js';
import type { ImportKind } from '../schema.js';
import { contentDigest, type Progress } from './source.js';
import type { ImportOptions, ImportOutcome, ImportRequest } from './types.js';

/** How often a running import writes its heartbeat, and after how long without one it counts as stopped. */
export const HEARTBEAT_MS = 5_000;
export const STALE_SECONDS = 60;
/** Progress is written at most this often. */
const PROGRESS_MS = 1_000;

export type Started = { status: 'already-imported'; importId: number } | { status: 'running'; importId: number };

interface StartRequest {
  kind: ImportKind;
  filePath: string;
  fileName: string;
  actor: Actor;
  options?: ImportOptions | undefined;
  /** Called once the import has ended, whatever the outcome (e.g. to delete the uploaded file). */
  cleanup?: () => Promise<void>;
}

export function createBackgroundImports(database: Database, run: (request: ImportRequest) => Promise<ImportOutcome>) {
  const { db } = database;
  const running = new Map<number, Promise<void>>();

  async function start(request: StartRequest): Promise<Started> {
    const { kind, filePath, fileName, actor } = request;
    // The content's size: a gzip file is read unpacked, so its progress counts unpacked bytes.
    const { sha256, bytes } = await contentDigest(filePath);
    const previous = await findSucceededImport(db, kind, sha256);
    if (previous) {
      await request.cleanup?.();
      return { status: 'already-imported', importId: previous.id };
    }
    const importId = await insertImport(db, {
      kind,
      fileName,
      sha256,
      status: 'running',
      userId: actor.userId,
      summary: { messages: [] },
      bytesTotal: bytes,
      progressAt: new Date(),
    });
    running.set(importId, execute(importId, sha256, request));
    return { status: 'running', importId };
  }

  async function execute(importId: number, sha256: string, request: StartRequest) {
    // One progress write in flight at a time, on a connection other than the import's transaction.
    let writing = false;
    let latest: Progress | null = null;
    let lastWrite = 0;
    const write = (progress: Progress | null) => {
      if (writing) return;
      writing = true;
      lastWrite = Date.now();
      recordImportProgress(db, importId, progress && { bytesDone: progress.bytesDone, rowsDone: progress.rows })
        .catch(() => undefined)
        .finally(() => (writing = false));
    };
    const heartbeat = setInterval(() => write(latest), HEARTBEAT_MS);
    heartbeat.unref();
    try {
      await run({
        kind: request.kind,
        filePath: request.filePath,
        fileName: request.fileName,
        actor: request.actor,
        options: request.options,
        importId,
        sha256,
        onProgress: (progress) => {
          latest = progress;
          if (Date.now() - lastWrite >= PROGRESS_MS) write(progress);
        },
      });
    } catch (error) {
      const message =
        'The import failed unexpectedly and nothing from it was saved. Try again, or import the file with the saferhub command.';
      console.error(`evidence import ${importId} failed: ${(error as Error).message}`);
      await finishImport(db, importId, { rowsRead: 0, rowsWritten: 0, summary: { messages: [message] }, status: 'failed' }).catch(
        () => undefined,
      );
    } finally {
      clearInterval(heartbeat);
      running.delete(importId);
      await request.cleanup?.().catch(() => undefined);
    }
  }

  return {
    start,
    /** Marks failed the running imports of processes that stopped (see STALE_SECONDS). */
    failStale: () => failStaleImports(db, [...running.keys()], STALE_SECONDS),
    /** Resolves when this process's background import has ended (tests, shutdown). */
    settled: async (importId: number) => {
      await running.get(importId);
    },
    /** Resolves when every background import of this process has ended. */
    idle: async () => {
      await Promise.all(running.values());
    },
  };
}
