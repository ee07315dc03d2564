#!/usr/bin/env node
// The saferhub command. Runs the compiled CLI in dist/ when it is up to date with src/ (`npm start` and
// `npm run build` make it); otherwise the TypeScript sources through tsx, as in development. Where tsx is not
// installed (an install without devDependencies) it builds dist/ first, reporting on standard error so that
// standard output stays the command's own.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, buildIsCurrent, distDir } from '../scripts/build.mjs';

async function loadTsx() {
  try {
    return await import('tsx/esm/api');
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

let compiled = buildIsCurrent();
if (!compiled) {
  const tsx = await loadTsx();
  if (tsx) {
    tsx.register();
    await import('../src/cli/index.ts');
  } else {
    console.error('saferhub: building SaferHub into dist/ first (it is missing or older than the sources)…');
    try {
      build({ output: 2 });
    } catch (error) {
      console.error(`saferhub: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    }
    compiled = true;
  }
}
if (compiled) await import(pathToFileURL(path.join(distDir, 'cli', 'index.js')).href);
