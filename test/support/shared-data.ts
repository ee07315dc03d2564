import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The public data folder shared beside the repository (../shared/data, as on the development machines and
 * in CI), read by some tests only: SaferHub itself never reads it (its demo data is bundled in data/demo).
 * SAFERHUB_SHARED_DATA overrides it.
 */
export const sharedDataDir =
  process.env.SAFERHUB_SHARED_DATA ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');

export const sharedDataPath = (...parts: string[]) => path.join(sharedDataDir, ...parts);

export const sharedDataExists = (...parts: string[]) => fs.existsSync(sharedDataPath(...parts));
