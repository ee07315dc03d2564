/**
 * `npm run bench:reports`: time and peak memory to make each report in each format on the demo data.
 *
 *   npm run bench:reports -- [--runs N] [--server URL [--police-records N]]
 *
 * Without --server it uses the configured database (the embedded PostgreSQL in SAFERHUB_DATA_DIR, or the server
 * of DATABASE_URL). With --server URL (e.g. postgres://postgres@127.0.0.1:5432) it creates a throwaway
 * database, saferhub_bench_reports, on that server, runs there and drops the database at the end (also after
 * an error or Ctrl-C). With --police-records N (only with --server) it then adds N synthetic police.uk
 * street-level records in Southampton's wards (police-records.ts) and derives their monthly and financial-year
 * counts as an import does, before timing.
 *
 * Loads the demo first (idempotent), measures this process's RSS when idle, then makes each report `--runs`
 * times (default 3) and prints the fastest and median times, the peak RSS above idle (sampled every 20 ms;
 * RSS seldom falls back, so it is the process's high-water mark so far) and how much it rose while that
 * report was made, against the targets: an annual review PDF in under 2 s on a server (5 s embedded), peak
 * memory under 300 MB above idle. PostgreSQL's own memory is not counted.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadDemo } from '../../src/demo/index.js';
import { withServices } from '../../src/runtime.js';
import { systemActor } from '../../src/modules/access/index.js';
import { reportFormats, type ReportKind } from '../../src/modules/reports/index.js';
import { addPoliceRecords } from './police-records.js';

const args = process.argv.slice(2);
const usage = 'usage: npm run bench:reports -- [--runs N] [--server URL [--police-records N]]';
const valued = ['--runs', '--server', '--police-records'];
for (let i = 0; i < args.length; i++) {
  if (!valued.includes(args[i]!) || args[i + 1] === undefined) {
    console.error(`bench:reports: unknown or incomplete option ${args[i]}\n${usage}`);
    process.exit(2);
  }
  i++;
}
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(option('runs') ?? 3);
const server = option('server');
const policeRecords = Number(option('police-records') ?? 0);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(policeRecords) || policeRecords < 0) {
  console.error(`bench:reports: --runs and --police-records take whole numbers\n${usage}`);
  process.exit(2);
}
if (policeRecords && !server) {
  console.error(`bench:reports: --police-records needs --server (it writes into a throwaway database there)\n${usage}`);
  process.exit(2);
}

const BENCH_DB = 'saferhub_bench_reports';
const mb = (bytes: number) => bytes / 1024 / 1024;
const log = (line: string) => console.log(line);

async function onServer(sql: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
let dropped = false;
async function dropBenchDatabase() {
  if (!server || dropped) return;
  dropped = true;
  await onServer(`drop database if exists ${BENCH_DB} with (force)`);
  log(`Dropped the database ${BENCH_DB}.`);
}

const cases: { kind: ReportKind; partnership: string; period: string }[] = [
  { kind: 'annual-review', partnership: 'Southampton Safe City Partnership', period: '2016/17' },
  { kind: 'assurance', partnership: 'Hampshire Community Safety Strategy Group', period: '2021/22-Q3' },
  { kind: 'progress-table', partnership: 'Southampton Safe City Partnership', period: '2020/21-Q3' },
];

if (server) {
  const url = new URL(server);
  url.pathname = `/${BENCH_DB}`;
  await onServer(`drop database if exists ${BENCH_DB} with (force)`);
  await onServer(`create database ${BENCH_DB}`);
  process.env.DATABASE_URL = url.toString();
  delete process.env.DATABASE_OWNER_URL;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      void dropBenchDatabase().finally(() => process.exit(130));
    });
}

try {
  await withServices(async (services) => {
    let started = performance.now();
    await loadDemo(services, { withUsers: false });
    log(`Demo data loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    if (policeRecords) {
      started = performance.now();
      log(`Adding ${policeRecords.toLocaleString('en-GB')} synthetic police.uk records in Southampton's wards:`);
      await addPoliceRecords(process.env.DATABASE_URL!, policeRecords, log);
    }
    global.gc?.();
    const idle = mb(process.memoryUsage().rss);
    const databaseUrl = services.config.databaseUrl;
    log(
      `Database: ${databaseUrl ? `PostgreSQL server${server ? ` (throwaway database ${BENCH_DB})` : ' (DATABASE_URL)'}` : 'embedded PostgreSQL'}; ` +
        `idle RSS ${idle.toFixed(0)} MB; ${runs} runs each`,
    );
    log('report          format  fastest ms  median ms  peak MB above idle  rise MB  bytes');
    for (const c of cases) {
      const { id } = await services.partnerships.resolvePartnership(c.partnership);
      for (const format of reportFormats) {
        const times: number[] = [];
        const before = mb(process.memoryUsage().rss);
        let peak = before;
        let size = 0;
        const sampler = setInterval(() => (peak = Math.max(peak, mb(process.memoryUsage().rss))), 20);
        for (let i = 0; i < runs; i++) {
          const start = performance.now();
          const file = await services.reports.download(systemActor, id, c.kind, c.period, format);
          times.push(performance.now() - start);
          size = file.bytes.length;
          peak = Math.max(peak, mb(process.memoryUsage().rss));
        }
        clearInterval(sampler);
        times.sort((a, b) => a - b);
        const median = times[Math.floor(times.length / 2)]!;
        const target = c.kind === 'annual-review' && format === 'pdf' ? (databaseUrl ? 2000 : 5000) : null;
        log(
          `${c.kind.padEnd(15)} ${format.padEnd(6)} ${times[0]!.toFixed(0).padStart(10)} ${median.toFixed(0).padStart(10)} ${(peak - idle).toFixed(0).padStart(19)} ${(peak - before).toFixed(0).padStart(8)}  ${size}` +
            (target ? `  target < ${target} ms: ${median < target ? 'met' : 'MISSED'}` : '') +
            (peak - idle >= 300 ? '  memory target MISSED' : ''),
        );
      }
    }
  });
} finally {
  await dropBenchDatabase();
}
