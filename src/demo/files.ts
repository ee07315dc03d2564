import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The demo dataset's folder: data/demo at the repository root. */
export const demoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'demo');

export const readDemoJson = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(demoDir, name), 'utf8')) as T;
