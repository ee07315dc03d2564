#!/usr/bin/env node
// `npm start`: builds SaferHub into dist/ when the sources have changed since the last build (or there is
// none), then runs the compiled server in this process. `npm run dev` runs the sources through tsx instead.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, buildIsCurrent, distDir } from './build.mjs';

if (!buildIsCurrent()) {
  console.log('Building SaferHub into dist/ (it is missing or older than the sources)…');
  try {
    const { ms } = build();
    console.log(`Built in ${(ms / 1000).toFixed(1)} s.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
await import(pathToFileURL(path.join(distDir, 'server.js')).href);
