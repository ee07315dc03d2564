#!/usr/bin/env node
// The production build (`npm run build`): compiles src/ into dist/ with tsc (tsconfig.build.json) and copies
// every other file under src/ (views, SQL migrations, stylesheets, scripts, images) to the same place in dist/.
// dist/ mirrors src/ at the same depth, so paths the code resolves relative to its own file (views, migrations,
// assets, ../../data/demo, the shared data folder) point at the same places from either. dist/.build-stamp.json
// records what the build was made from; `npm start` and bin/saferhub.mjs use it to tell whether dist/ is current.
//
// As a module: buildIsCurrent() and build(), used by scripts/start.mjs and bin/saferhub.mjs.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const srcDir = path.join(root, 'src');
export const distDir = path.join(root, 'dist');
const stampFile = path.join(distDir, '.build-stamp.json');

/** Files besides src/ whose change can change the build. */
const buildInputs = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'];

/** Every file under `dir`, as paths relative to `base`, sorted. */
function filesUnder(dir, base = dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full, base));
    else if (entry.isFile()) out.push(path.relative(base, full));
  }
  return out.sort();
}

/**
 * What the build is made from: the name and content of every file under src/ and of the build settings. An
 * added, removed, renamed or edited file changes it; a file merely touched (a checkout, a copy) does not.
 */
export function sourceFingerprint() {
  const hash = crypto.createHash('sha256');
  const files = [...filesUnder(srcDir).map((f) => path.join('src', f)), ...buildInputs.filter((f) => fs.existsSync(path.join(root, f)))];
  for (const file of files) {
    let content;
    try {
      content = fs.readFileSync(path.join(root, file));
    } catch (error) {
      if (error.code === 'ENOENT') continue; // removed while we looked (an editor's temporary file)
      throw error;
    }
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}

/**
 * True when dist/ was built from the sources as they are now. Without src/ (a deployment that ships dist/
 * alone) a finished build is current by definition.
 */
export function buildIsCurrent() {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return false;
  }
  if (!fs.existsSync(srcDir)) return true;
  return stamp.fingerprint === sourceFingerprint();
}

/**
 * Builds into a fresh folder under .tmp/ and then puts it in place of dist/, so a failed build leaves the
 * previous one untouched, files deleted from src/ do not linger in dist/, and a server already running from
 * dist/ never sees a half-written folder. `output` is the file descriptor for tsc's messages (2 keeps standard
 * output clean for the command line). Throws when tsc reports an error.
 */
export function build({ output = 1 } = {}) {
  const started = Date.now();
  // Taken before compiling, so that a source edited during the build makes the result out of date.
  const fingerprint = sourceFingerprint();
  const work = path.join(root, '.tmp', `build-${process.pid}-${Date.now()}`);
  const next = path.join(work, 'dist');
  fs.mkdirSync(work, { recursive: true });
  try {
    const tsc = typescriptCompiler();
    const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', next], {
      cwd: root,
      stdio: ['ignore', output, output],
    });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`tsc failed (exit ${result.status}): SaferHub was not built`);

    // Everything else under src/ is read at run time relative to the module that uses it: copy it alongside.
    for (const file of filesUnder(srcDir)) {
      if (file.endsWith('.ts')) continue;
      fs.mkdirSync(path.dirname(path.join(next, file)), { recursive: true });
      try {
        fs.copyFileSync(path.join(srcDir, file), path.join(next, file));
      } catch (error) {
        if (error.code !== 'ENOENT') throw error; // an editor's temporary file, gone already
      }
    }
    fs.writeFileSync(
      path.join(next, '.build-stamp.json'),
      JSON.stringify({ fingerprint, builtAt: new Date().toISOString(), node: process.version }, null, 2) + '\n',
    );
    swapInto(next, distDir, work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { ms: Date.now() - started };
}

/** tsc, which the build needs with the type declarations, all devDependencies. */
function typescriptCompiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    throw new Error(
      'SaferHub cannot be built: TypeScript is not installed. The build needs the devDependencies: run `npm ci` ' +
        '(not --omit=dev, and without NODE_ENV=production), then `npm run build`; `npm prune --omit=dev` may follow.',
    );
  }
}

/** Renames `next` to `target`, moving any existing `target` aside first; retried if another build swaps meanwhile. */
function swapInto(next, target, work) {
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(next, target);
      return;
    } catch (error) {
      if (!['ENOTEMPTY', 'EEXIST', 'EPERM'].includes(error.code) || attempt >= 5) throw error;
    }
    try {
      fs.renameSync(target, path.join(work, `previous-${attempt}`));
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { ms } = build();
    console.log(`Built SaferHub into dist/ in ${(ms / 1000).toFixed(1)} s.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
