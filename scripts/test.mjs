#!/usr/bin/env node
// The one test command (`npm test`): typecheck, lint, format and architecture checks, the production build, the
// unit/route/CLI tests on the embedded PostgreSQL, the same tests (less the process tests vitest.config.ts names)
// on the PostgreSQL server when CI=true (or TEST_DATABASE_URL is set), then the browser tests. Ends with one
// line: "N passed, N failed".
//
// The work runs in two lanes side by side, so that both cores stay busy while one lane waits on a process or a
// database: lane A makes the build, runs the browser tests, then the format and architecture checks; lane B runs
// the typecheck and lint, the tests on the embedded PostgreSQL (once the build is there, so that the commands and
// servers they start run dist/) and then those on the server. Each step's output is printed whole when the step
// ends, under its name.
// TEST_LANES=1 runs the same steps one after another instead.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const bin = (name) => path.join('node_modules', '.bin', name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-test-'));
const started = Date.now();
let passed = 0;
let failed = 0;
let skipped = 0;
let serial = Promise.resolve();

/** Runs a command with its output kept in a file; prints the output under the step's name when it ends. */
function run(label, command, args, env = {}) {
  const go = () =>
    new Promise((resolve) => {
      const logFile = path.join(tmp, `${label.replace(/\W+/g, '-')}.log`);
      const log = fs.openSync(logFile, 'w');
      const t0 = Date.now();
      const child = spawn(command, args, { stdio: ['ignore', log, log], env: { ...process.env, ...env } });
      const finish = (code) => {
        fs.closeSync(log);
        const seconds = ((Date.now() - t0) / 1000).toFixed(0);
        console.log(`\n=== ${label} (${seconds} s, ended ${((Date.now() - started) / 1000).toFixed(0)} s in)\n`);
        process.stdout.write(fs.readFileSync(logFile, 'utf8'));
        resolve(code === 0);
      };
      child.on('error', (error) => {
        fs.writeSync(log, `${error.message}\n`);
        finish(1);
      });
      child.on('close', finish);
    });
  if (process.env.TEST_LANES !== '1') return go();
  const next = serial.then(go);
  serial = next.then(() => undefined);
  return next;
}

/** A check that is one test: passes when the command exits 0. */
async function check(label, command, args) {
  if (await run(label, command, args)) passed++;
  else {
    failed++;
    console.log(`FAILED: ${label}`);
  }
}

/** A vitest run, counted test by test from its JSON report. */
async function vitest(label, project, env = {}) {
  const report = path.join(tmp, `${label.replace(/\W+/g, '-')}.json`);
  const ok = await run(
    label,
    bin('vitest'),
    ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    env,
  );
  if (!fs.existsSync(report)) {
    failed++;
    console.log(`FAILED: ${label} produced no report`);
    return;
  }
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  if (r.numTotalTests === 0) {
    failed++;
    console.log(`FAILED: ${label} ran no test`);
  } else if (!ok && r.numFailedTests === 0) {
    failed++;
    console.log(`FAILED: ${label} exited with an error outside the tests`);
  }
}

const serverUrl = process.env.TEST_DATABASE_URL || (process.env.CI === 'true' ? 'postgres://postgres@127.0.0.1:5432/test' : '');

// The production build: a check of its own, and the command line and servers the tests start then run the
// compiled code (bin/saferhub.mjs and the test servers use dist/ when it is current), as `npm start` does.
const build = check('build (npm run build)', process.execPath, ['scripts/build.mjs']);

const laneA = (async () => {
  await build;
  await vitest('browser tests in Chromium', 'e2e');
  await check('format', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
  await check('architecture (dependency rules in .dependency-cruiser.cjs)', bin('depcruise'), [
    'src',
    '--config',
    '.dependency-cruiser.cjs',
    '--output-type',
    'err',
  ]);
})();

const laneB = (async () => {
  await check('typecheck', bin('tsc'), ['--noEmit']);
  await check('lint', bin('eslint'), ['--max-warnings', '0', '.']);
  await build;
  await vitest('unit and route tests on the embedded PostgreSQL', 'unit', { TEST_DATABASE_URL: '' });
  // vitest.config.ts leaves out, on the server, the process tests that only repeat the embedded run.
  if (serverUrl) await vitest('unit and route tests on the PostgreSQL server', 'unit', { TEST_DATABASE_URL: serverUrl });
  else console.log('\n=== PostgreSQL server run skipped: set CI=true or TEST_DATABASE_URL to include it');
})();

await Promise.all([laneA, laneB]);
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`\nAll steps took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
// Not process.exit(): the output above, written to a pipe, must all reach it first.
process.exitCode = failed > 0 ? 1 : 0;
