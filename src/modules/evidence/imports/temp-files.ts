/**
 * Temporary files of imports: uploaded files (`saferhub-upload-…`) and files made while importing, such as a
 * UTF-16 file decoded to UTF-8 (`saferhub-import-…`). Each lives in a folder of its own under the system's
 * temporary folder, named with the id of the process that made it, and is removed when its import ends,
 * however it ends. A process that is killed cannot remove its own: `removeLeftoverImportFiles()`, called when
 * the server starts, removes the folders of processes that no longer run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type TempKind = 'upload' | 'import';

/** Folders of the current naming: saferhub-<kind>-<pid>-<random>. */
const OWNED = /^saferhub-(upload|import)-(\d+)-[A-Za-z0-9]+$/;
/** Upload folders named before the process id was part of the name (saferhub-upload-<random>). */
const LEGACY = /^saferhub-upload-[A-Za-z0-9]{6}$/;
/** A legacy folder this old cannot belong to an upload still being imported. */
const LEGACY_AGE_MS = 60 * 60 * 1000;

/** A new, empty folder for one upload or one import's working files; remove it with `removeTempDir`. */
export function makeTempDir(kind: TempKind): Promise<string> {
  return fs.promises.mkdtemp(path.join(os.tmpdir(), `saferhub-${kind}-${process.pid}-`));
}

export const removeTempDir = (dir: string) => fs.promises.rm(dir, { recursive: true, force: true });

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary import folders left by processes that stopped without removing them (killed
 * part-way through an upload or an import). Folders of processes still running are left alone, so several
 * server processes may share the temporary folder. Returns the folders removed.
 */
export async function removeLeftoverImportFiles(): Promise<string[]> {
  const root = os.tmpdir();
  let names: string[];
  try {
    names = await fs.promises.readdir(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const owned = OWNED.exec(name);
    let stale = false;
    if (owned) stale = !isRunning(Number(owned[2]));
    else if (LEGACY.test(name)) {
      const stat = await fs.promises.stat(path.join(root, name)).catch(() => null);
      stale = stat !== null && stat.isDirectory() && Date.now() - stat.mtimeMs > LEGACY_AGE_MS;
    }
    if (!stale) continue;
    try {
      await removeTempDir(path.join(root, name));
      removed.push(path.join(root, name));
    } catch {
      // Someone else's folder we may not remove: leave it.
    }
  }
  return removed;
}
