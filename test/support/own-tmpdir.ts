import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * Gives the test file a temporary folder of its own as TMPDIR (which os.tmpdir() reads, here and in the processes
 * started), so that what imports leave behind there can be counted; TMPDIR is put back and the folder removed
 * after the file. `before` runs first (to let shared resources settle in the real temporary folder). Returns the
 * folder's path, once the file's tests have started.
 */
export function ownTmpdir(prefix: string, before?: () => Promise<unknown>): () => string {
  let dir = '';
  let saved: string | undefined;
  beforeAll(async () => {
    await before?.();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.chmodSync(dir, 0o711); // as root, an embedded PostgreSQL runs as `postgres`, which must reach its folder here
    saved = process.env.TMPDIR;
    process.env.TMPDIR = dir;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/** Temporary files of imports left in `dir`. */
export const importLeftovers = (dir: string) =>
  fs.readdirSync(dir).filter((name) => name.startsWith('saferhub-upload-') || name.startsWith('saferhub-import-'));
