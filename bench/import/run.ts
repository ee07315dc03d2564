// Import benchmark, run on demand (`npm run bench:import`), not in CI. It prints figures and never fails a build.
//
//   npm run bench:import -- [--rows 1000000] [--records 10000000] [--runs 20] [--skip-pglite]
//
// Generates --rows police.uk-shaped street-level rows into a temporary CSV (streamed), then, in the same run:
//   - psql \copy of that file into a bare table (12 text columns, no checks) on the PostgreSQL server;
//   - the real import service into a fresh database on that server (DATABASE_URL, default
//     postgres://postgres@127.0.0.1:5432/test; the bench creates saferhub_bench_import beside it);
//   - the real import service into PGlite in a temporary folder.
// Each import runs in a process of its own (bench/import/run-one.ts) so its peak memory (maxRSS) is its own.
// With --records N it then tops the server database up to N police records and times the area profile
// page (bench/import/profile.ts). Targets: server ≥ 0.8× psql \copy; PGlite ≥ 70,000 rows/s; peak memory
// < 400 MB; area profile p95 < 200 ms.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { streetHeader } from '../../src/modules/evidence/imports/police-uk-street.js';
import { generatePoliceFile } from './generate.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rows = option('rows', 1_000_000);
const records = option('records', 0);
const runs = option('runs', 20);
const skipPglite = args.includes('--skip-pglite');
const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const benchDb = 'saferhub_bench_import';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (text: string) => console.log(text);

function urlFor(name: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function freshDatabase() {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${benchDb} with (force)`);
    await admin.query(`create database ${benchDb}`);
  } finally {
    await admin.end();
  }
  return urlFor(benchDb);
}

interface OneRun {
  seconds: number;
  rows: number;
  status: string;
  messages: string[];
  maxRssMb: number;
}

function runOne(file: string, target: string[]): Promise<OneRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/import/run-one.ts', file, ...target], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, DATABASE_URL: '' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`run-one exited ${code}: ${out}`));
      else resolve(JSON.parse(line) as OneRun);
    });
  });
}

async function psqlCopy(url: string, file: string) {
  const columns = streetHeader.map((_, i) => `c${i + 1} text`).join(', ');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop table if exists bench_bare; create table bench_bare (${columns})`);
  await client.end();
  const started = process.hrtime.bigint();
  await promisify(execFile)('psql', [
    url,
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `\\copy bench_bare from '${file}' with (format csv, header true)`,
  ]);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-bench-import-'));
try {
  const file = path.join(work, `bench-${rows}-street.csv`);
  let t = Date.now();
  const bytes = await generatePoliceFile(file, rows);
  log(`Generated ${fmt(rows)} police.uk rows (${fmt(bytes / 1e6, 1)} MB) in ${fmt((Date.now() - t) / 1000, 1)} s`);
  t = Date.now();

  const url = await freshDatabase();
  const copySeconds = await psqlCopy(url, file);
  const copyRate = rows / copySeconds;
  log(`psql \\copy into a bare table:     ${fmt(copySeconds, 2)} s, ${fmt(copyRate)} rows/s`);

  const server = await runOne(file, ['--database-url', url]);
  if (server.status !== 'succeeded') log(`  server import: ${server.status}: ${server.messages.join(' ')}`);
  const serverRate = server.rows / server.seconds;
  log(`Import into PostgreSQL (server):  ${fmt(server.seconds, 2)} s, ${fmt(serverRate)} rows/s, peak RSS ${fmt(server.maxRssMb)} MB`);

  let lite: OneRun | undefined;
  if (!skipPglite) {
    const dir = path.join(work, 'pglite');
    lite = await runOne(file, ['--data-dir', dir]);
    if (lite.status !== 'succeeded') log(`  PGlite import: ${lite.status}: ${lite.messages.join(' ')}`);
    log(
      `Import into PGlite (folder):      ${fmt(lite.seconds, 2)} s, ${fmt(lite.rows / lite.seconds)} rows/s, peak RSS ${fmt(lite.maxRssMb)} MB`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  }

  log('');
  log('Against the targets:');
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const ratio = serverRate / copyRate;
  log(`  PostgreSQL import / psql \\copy = ${fmt(ratio, 2)}× (target ≥ 0.8×): ${verdict(ratio >= 0.8)}`);
  if (lite) {
    const liteRate = lite.rows / lite.seconds;
    log(`  PGlite ${fmt(liteRate)} rows/s = ${fmt(liteRate / 70_000, 2)}× the target of 70,000 rows/s: ${verdict(liteRate >= 70_000)}`);
  }
  const peak = Math.max(server.maxRssMb, lite?.maxRssMb ?? 0);
  log(`  peak memory ${fmt(peak)} MB (target < 400 MB): ${verdict(peak < 400)}`);

  if (records > 0) {
    log('');
    log(`Area profile with ${fmt(records)} police records on the server (${runs} runs per page):`);
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/import/profile.ts', url, String(records), String(runs)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`profile exited ${code}`))));
    });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { records: number; pages: { label: string; p50: number; p95: number }[] };
    for (const page of result.pages)
      log(`  ${page.label}: p50 ${fmt(page.p50, 1)} ms, p95 ${fmt(page.p95, 1)} ms (target < 200 ms): ${verdict(page.p95 < 200)}`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
