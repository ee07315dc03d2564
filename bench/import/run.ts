// Import benchmark, run on demand (`npm run bench:import`), not in CI. It prints figures and never fails a build.
//
//   npm run bench:import -- [--rows 1000000] [--records 10000000] [--runs 20] [--skip-embedded]
//
// Generates --rows police.uk-shaped street-level rows into a temporary CSV (streamed), then, in the same run
// and on the same file:
//   - psql \copy of that file into a bare table (12 text columns, no checks) on the PostgreSQL server;
//   - the real import service into a fresh database on that server (DATABASE_URL, default
//     postgres://postgres@127.0.0.1:5432/test; the bench creates saferhub_bench_import beside it);
//   - the real import service into SaferHub's embedded PostgreSQL (the default without DATABASE_URL) in a
//     fresh data folder in the temporary folder, which is made 0711 so that, as root, the `postgres` user
//     that runs the embedded PostgreSQL can reach it.
// Each import runs in a process of its own (bench/import/run-one.ts). Memory is sampled from /proc every
// 200 ms (bench/memory.ts): SaferHub's process, plus for the embedded database its whole PostgreSQL process
// tree (the postmaster in <data>/postgres/postmaster.pid and its children), plus for the server the backends
// serving the bench database when the server runs on this machine. The figure held against the target is
// SaferHub's RSS plus PostgreSQL's PSS at the sample where their sum peaks; the all-PSS and all-RSS sums are
// printed beside it, with the CPU time each used during the import, the WAL written and the load average.
// With --records N it then tops the server database up to N police records and times the area profile
// page (bench/import/profile.ts).
// Targets: embedded import ≥ 0.8× the server's rows/s; embedded peak (SaferHub + its PostgreSQL) < 400 MB;
// server import ≥ 0.8× psql \copy; server peak < 400 MB; area profile p95 < 200 ms.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { streetHeader } from '../../src/modules/evidence/imports/police-uk-street.js';
import { backendsFor, benchFolder, localPostmaster, postgresTree, stopLeftoverPostgres } from '../embedded.js';
import { commandLine, cpuBetween, group, peakOf, sampleMemory, withDescendants, type Mark, type Sample } from '../memory.js';
import { generatePoliceFile } from './generate.js';

const args = process.argv.slice(2);
const valued = ['--rows', '--records', '--runs'];
const flags = ['--skip-embedded'];
for (let i = 0; i < args.length; i++) {
  if (valued.includes(args[i]!) && Number.isFinite(Number(args[i + 1]))) i++;
  else if (!flags.includes(args[i]!)) {
    console.error(
      `bench:import: unknown or incomplete option ${args[i]}\nusage: npm run bench:import -- [--rows N] [--records N] [--runs N] [--skip-embedded]`,
    );
    process.exit(2);
  }
}
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rows = option('rows', 1_000_000);
const records = option('records', 0);
const runs = option('runs', 20);
const skipEmbedded = args.includes('--skip-embedded');
const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const benchDb = 'saferhub_bench_import';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (text: string) => console.log(text);
const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');

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
  openSeconds: number;
  /** The PostgreSQL settings that matter for a bulk load, as the import's database reports them. */
  settings: Record<string, string>;
  seconds: number;
  /** Write-ahead log the import wrote (all of the cluster's, during the import). */
  walMb: number;
  rows: number;
  status: string;
  messages: string[];
  maxRssMb: number;
  memory: Sample[];
  /** The samples taken as the timed import started and ended. */
  marks: Record<string, Mark>;
}

type Groups = (child: number) => () => { saferhub: number[]; postgres: number[]; backends: number[] };

function runOne(file: string, target: string[], groups: Groups): Promise<OneRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/import/run-one.ts', file, ...target], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, DATABASE_URL: '' },
    });
    const sampler = sampleMemory(groups(child.pid!));
    let out = '';
    let seen = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      for (const line of lines.slice(seen, -1)) {
        if (line.startsWith('{"phase":"import"}')) sampler.mark('start');
        else if (line.startsWith('{"openSeconds"')) sampler.mark('end');
      }
      seen = lines.length - 1;
    });
    child.on('error', (error) => {
      sampler.stop();
      reject(error);
    });
    child.on('close', (code) => {
      const { samples, marks } = sampler.stop();
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{"openSeconds"')) reject(new Error(`run-one exited ${code}: ${out}`));
      else resolve({ ...(JSON.parse(line) as Omit<OneRun, 'memory' | 'marks'>), memory: samples, marks });
    });
  });
}

/** SaferHub's process and what it starts, apart from the PostgreSQL tree counted on its own. */
const saferhubTree = (child: number, postgres: number[]) => withDescendants(child).filter((pid) => !postgres.includes(pid));
/** PostgreSQL's client backends, by their process title ("postgres: … user database 127.0.0.1(port) …"). */
const backendsOf = (pids: number[]) => pids.filter((pid) => /\d\(\d+\)/.test(commandLine(pid)));

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

/**
 * The figure held against the target: SaferHub's process counted whole (RSS, with tsx's esbuild helper) plus
 * PostgreSQL's processes by PSS (their shared buffers once, not once per process), at the sample where the sum peaks.
 */
const footprint = (sample: Sample) => group(sample, 'saferhub').rssMb + group(sample, 'postgres').pssMb;

function describeSettings(run: OneRun) {
  const s = run.settings;
  log(
    `  PostgreSQL ${s.server_version?.split(' ')[0]}: data checksums ${s.data_checksums}, shared_buffers ${s.shared_buffers}, ` +
      `fsync ${s.fsync}, synchronous_commit ${s.synchronous_commit}, max_wal_size ${s.max_wal_size}; ` +
      `${fmt(run.walMb)} MB of WAL written during the import`,
  );
}

function describeMemory(run: OneRun, postgresLabel: string) {
  describeSettings(run);
  const peak = peakOf(run.memory, footprint);
  const s = group(peak.sample, 'saferhub');
  const p = group(peak.sample, 'postgres');
  const allPss = peakOf(run.memory, (x) => group(x, 'saferhub').pssMb + group(x, 'postgres').pssMb).mb;
  const allRss = peakOf(run.memory, (x) => group(x, 'saferhub').rssMb + group(x, 'postgres').rssMb).mb;
  const ownPeak = peakOf(run.memory, (x) => group(x, 'postgres').pssMb).mb;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 'es'}`;
  log(
    `  peak memory ${fmt(peak.mb)} MB = SaferHub ${fmt(s.rssMb)} MB RSS (${plural(s.processes, 'process')}) + ` +
      `${postgresLabel} ${fmt(p.pssMb)} MB PSS (${plural(p.processes, 'process')})`,
  );
  log(`    all by PSS ${fmt(allPss)} MB; all by RSS summed ${fmt(allRss)} MB (counts shared pages once per process)`);
  log(
    `    separate peaks added: SaferHub's own maxRSS ${fmt(run.maxRssMb)} MB + PostgreSQL ${fmt(ownPeak)} MB PSS = ` +
      `${fmt(run.maxRssMb + ownPeak)} MB; ${run.memory.length} samples`,
  );
  const { start, end } = run.marks;
  if (start && end) {
    const cpu = (name: string) => fmt(cpuBetween(start, end, name), 1);
    log(
      `  CPU time during the import: SaferHub ${cpu('saferhub')} s, ${postgresLabel} ${cpu('postgres')} s (client backends ${cpu('backends')} s)`,
    );
  }
  return peak.mb;
}

const work = benchFolder('saferhub-bench-import-');
const embeddedDir = path.join(work, 'embedded');
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
try {
  log(`Load average at start (1, 5, 15 min): ${load()} on ${os.cpus().length} cores`);
  const file = path.join(work, `bench-${rows}-street.csv`);
  const t = Date.now();
  const bytes = await generatePoliceFile(file, rows);
  log(`Generated ${fmt(rows)} police.uk rows (${fmt(bytes / 1e6, 1)} MB) in ${fmt((Date.now() - t) / 1000, 1)} s`);

  const url = await freshDatabase();
  const copySeconds = await psqlCopy(url, file);
  const copyRate = rows / copySeconds;
  log(`psql \\copy into a bare table (server):  ${fmt(copySeconds, 2)} s, ${fmt(copyRate)} rows/s`);

  const serverPostmaster = await localPostmaster(url, benchDb);
  log(`Load average before the server import: ${load()}`);
  const server = await runOne(file, ['--database-url', url], (child) => () => {
    const backends = serverPostmaster ? backendsFor(serverPostmaster, benchDb) : [];
    return { saferhub: saferhubTree(child, backends), postgres: backends, backends };
  });
  if (server.status !== 'succeeded') log(`  server import: ${server.status}: ${server.messages.join(' ')}`);
  const serverRate = server.rows / server.seconds;
  log(`Import into PostgreSQL (server):         ${fmt(server.seconds, 2)} s, ${fmt(serverRate)} rows/s`);
  const serverPeak = describeMemory(server, "the server's backends for the bench database");
  if (!serverPostmaster) log("    (the server's backends are not on this machine, or not visible: not counted)");

  let embedded: OneRun | undefined;
  let embeddedPeak = 0;
  if (!skipEmbedded) {
    log(`Load average before the embedded import: ${load()}`);
    embedded = await runOne(file, ['--data-dir', embeddedDir], (child) => () => {
      const tree = postgresTree(embeddedDir);
      return { saferhub: saferhubTree(child, tree), postgres: tree, backends: backendsOf(tree) };
    });
    if (embedded.status !== 'succeeded') log(`  embedded import: ${embedded.status}: ${embedded.messages.join(' ')}`);
    log(
      `Import into embedded PostgreSQL (folder): ${fmt(embedded.seconds, 2)} s, ${fmt(embedded.rows / embedded.seconds)} rows/s ` +
        `(cluster created and started in ${fmt(embedded.openSeconds, 1)} s, not timed)`,
    );
    embeddedPeak = describeMemory(embedded, 'its PostgreSQL');
  }

  log('');
  log('Against the targets:');
  const ratio = serverRate / copyRate;
  log(`  server import / psql \\copy = ${fmt(ratio, 2)}× (target ≥ 0.8×): ${verdict(ratio >= 0.8)}`);
  log(`  server import peak ${fmt(serverPeak)} MB (target < 400 MB): ${verdict(serverPeak < 400)}`);
  if (embedded) {
    const embeddedRate = embedded.rows / embedded.seconds;
    const share = embeddedRate / serverRate;
    log(
      `  embedded import ${fmt(embeddedRate)} rows/s = ${fmt(share, 3)}× the server's ${fmt(serverRate)} rows/s (target ≥ 0.8×): ${verdict(share >= 0.8)}`,
    );
    const work = (run: OneRun) =>
      run.marks.start && run.marks.end
        ? cpuBetween(run.marks.start, run.marks.end, 'saferhub') + cpuBetween(run.marks.start, run.marks.end, 'backends')
        : undefined;
    const [e, s] = [work(embedded), work(server)];
    if (e && s)
      log(
        `    CPU time of SaferHub and the client backends: embedded ${fmt(e, 1)} s, server ${fmt(s, 1)} s; ` +
          `if CPU alone set the pace the embedded import would run at ${fmt(s / e, 2)}× the server's rows/s (less swayed by other work than wall time)`,
      );
    log(
      `  embedded peak, SaferHub + its PostgreSQL, ${fmt(embeddedPeak)} MB during a ${fmt(rows)}-row import (target < 400 MB): ` +
        verdict(embeddedPeak < 400),
    );
  }

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
  log('');
  log(`Load average at end (1, 5, 15 min): ${load()}`);
} finally {
  await stopLeftoverPostgres(embeddedDir, log);
  fs.rmSync(work, { recursive: true, force: true });
}
