#!/usr/bin/env node
// The one test command (`npm test`): typecheck, lint, format and architecture checks, the unit/route/CLI tests on the
// embedded PostgreSQL, the same tests on the PostgreSQL server when CI=true (or TEST_DATABASE_URL is
// set), then the browser tests. Ends with one line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const bin = (name) => path.join('node_modules', '.bin', name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-test-'));
let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

/** A check that is one test: passes when the command exits 0. */
function check(label, command, args) {
  if (run(label, command, args)) passed++;
  else {
    failed++;
    console.log(`FAILED: ${label}`);
  }
}

/** A vitest run, counted test by test from its JSON report. */
function vitest(label, project, env = {}) {
  const report = path.join(tmp, `${label.replace(/\W+/g, '-')}.json`);
  const ok = run(
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

check('typecheck', bin('tsc'), ['--noEmit']);
check('lint', bin('eslint'), ['--max-warnings', '0', '.']);
check('format', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
check('architecture (dependency rules in .dependency-cruiser.cjs)', bin('depcruise'), [
  'src',
  '--config',
  '.dependency-cruiser.cjs',
  '--output-type',
  'err',
]);
// The production build first: a check of its own, and the command line and servers the tests start then run
// the compiled code (bin/saferhub.mjs and the test servers use dist/ when it is current), as `npm start` does.
check('build (npm run build)', process.execPath, ['scripts/build.mjs']);
vitest('unit and route tests on the embedded PostgreSQL', 'unit', { TEST_DATABASE_URL: '' });
const serverUrl = process.env.TEST_DATABASE_URL || (process.env.CI === 'true' ? 'postgres://postgres@127.0.0.1:5432/test' : '');
// vitest.config.ts leaves out, on the server, the process tests that always make their own embedded database.
if (serverUrl) vitest('unit and route tests on the PostgreSQL server', 'unit', { TEST_DATABASE_URL: serverUrl });
else console.log('\n=== PostgreSQL server run skipped: set CI=true or TEST_DATABASE_URL to include it');
vitest('browser tests in Chromium', 'e2e');

fs.rmSync(tmp, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
