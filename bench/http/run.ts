// HTTP benchmark, run on demand (`npm run bench:http`), not in CI. It prints figures and never fails a build.
//
// Starts, in the same run and over loopback only:
//   - SaferHub as a real process on a PostgreSQL server (BENCH_DATABASE_URL, default a fresh database
//     saferhub_bench on postgres://postgres@127.0.0.1:5432);
//   - SaferHub as a real process on its embedded default (no DATABASE_URL): a fresh data folder in a
//     temporary folder made 0711, so that as root the `postgres` user running the embedded PostgreSQL can reach it;
//   - a bare Fastify handler (bare-server.ts).
// Both SaferHubs get the demo data and accounts from `saferhub demo load --with-users` before they start
// with NODE_ENV=production (which refuses SAFERHUB_DEMO=true). The bench signs in to each as a demo
// coordinator, then measures with autocannon: the bare handler and the signed-in partnership page on each
// database as fast as they go (BENCH_ROUNDS times each, alternately: server, embedded, embedded, server…, to
// even out changes in the machine's load), then all three at a fixed 200 requests per second. It also
// samples the CPU time and memory of each SaferHub and the PostgreSQL processes serving it.
// Targets: the partnership page (server) reaches at least 25% of the bare handler's throughput; p99 under
// 50 ms at 200 requests per second; the page on the embedded default within 20% of the page on the server.
// Bounded: 4 + 2 × BENCH_ROUNDS measurements of BENCH_SECONDS each (after 2 s warm-ups); the whole run is stopped after
// BENCH_TIMEOUT_SECONDS.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { backendsFor, benchFolder, localPostmaster, postgresTree, stopLeftoverPostgres } from '../embedded.js';
import { cpuBetween, group, peakOf, sampleMemory, withDescendants } from '../memory.js';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = process.env.BENCH_DATABASE_NAME ?? 'saferhub_bench';
const duration = Number(process.env.BENCH_SECONDS ?? 10);
/** Flat-out measurements of each partnership page (the two alternate). */
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const timeoutSeconds = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 600);
const fixedRate = 200;
const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');

interface Figures {
  label: string;
  mode: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  /** CPU milliseconds per request of the SaferHub process and the PostgreSQL processes serving it, when known. */
  cpuMs?: number;
}

async function freshDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${databaseName} with (force)`);
    await admin.query(`create database ${databaseName}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

const children = new Set<ChildProcess>();

function spawnNode(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Runs the SaferHub command line to the end (migrations and the demo data with its accounts). */
function demoLoad(env: Record<string, string>) {
  return new Promise<void>((resolve, reject) => {
    const child = spawnNode(['--import', 'tsx', 'src/cli/index.ts', 'demo', 'load', '--with-users'], { LOG_LEVEL: 'warn', ...env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`saferhub demo load exited with ${code}:\n${output}`))));
  });
}

/** Starts a process and resolves with its port once it prints the line that `pattern` matches. */
function startProcess(args: string[], env: Record<string, string>, pattern: RegExp) {
  const child = spawnNode(args, env);
  let output = '';
  const ready = new Promise<number>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const port = pattern.exec(output)?.[1];
      if (port) resolve(Number(port));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`process exited with ${code}:\n${output}`)));
  });
  return { child, ready };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Signs in through the real form and returns the cookie header a browser would send. */
async function signIn(base: string, email: string, password: string) {
  const form = await fetch(`${base}/sign-in`);
  const cookies = form.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  if (response.status !== 303) throw new Error(`sign-in failed: ${response.status}`);
  return [...cookies, ...response.headers.getSetCookie().map((c) => c.split(';')[0]!)].join('; ');
}

/** Signs in as the demo coordinator and returns Southampton Safe City Partnership's page and the cookie. */
async function partnershipPage(port: number) {
  const base = `http://127.0.0.1:${port}`;
  const cookie = await signIn(base, 'coordinator@southampton.example', 'saferhub-demo-2026');
  const list = await (await fetch(`${base}/partnerships`, { headers: { cookie } })).text();
  const id = /href="\/partnerships\/(\d+)">Southampton Safe City Partnership</.exec(list)?.[1];
  if (!id) throw new Error(`the demo partnership was not found on ${base}`);
  const url = `${base}/partnerships/${id}`;
  const check = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  if (check.status !== 200) throw new Error(`the partnership page on ${base} answered ${check.status}`);
  return { url, headers: { cookie } };
}

async function measure(label: string, url: string, headers: Record<string, string>, rate?: number): Promise<Figures> {
  const result = await autocannon({ url, connections, duration, headers, ...(rate ? { overallRate: rate } : {}) });
  return {
    label,
    mode: rate ? `fixed ${rate} req/s` : 'as fast as it goes',
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

/** The mean of several flat-out measurements of the same target. */
function mean(runs: Figures[]): Figures {
  const avg = (f: (r: Figures) => number) => runs.reduce((sum, r) => sum + f(r), 0) / runs.length;
  return {
    label: runs[0]!.label,
    mode: `${runs[0]!.mode} (mean of ${runs.length})`,
    rps: avg((r) => r.rps),
    p50: avg((r) => r.p50),
    p99: avg((r) => r.p99),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    cpuMs: runs.every((r) => r.cpuMs !== undefined) ? avg((r) => r.cpuMs!) : undefined,
  };
}

const mb = (n: number) => `${Math.round(n)} MB`;

const work = benchFolder('saferhub-bench-http-');
const dataDir = path.join(work, 'data');

/** Stops every process the bench started (the embedded SaferHub stops its PostgreSQL) and removes the folder. */
let cleaning: Promise<void> | undefined;
function cleanUp() {
  cleaning ??= (async () => {
    await Promise.all([...children].map((child) => stop(child)));
    await stopLeftoverPostgres(dataDir);
    fs.rmSync(work, { recursive: true, force: true });
  })();
  return cleaning;
}

async function main() {
  console.log(`Load average at start (1, 5, 15 min): ${load()} on ${os.cpus().length} cores`);
  const common = {
    NODE_ENV: 'production',
    SAFERHUB_DEMO: '',
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123456789',
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
  };
  const running = /SaferHub is running at http:\/\/localhost:(\d+)/;
  try {
    const databaseUrl = await freshDatabase();
    console.log(
      `SaferHub on the server ${databaseUrl.replace(/\/\/[^@]*@/, '//…@')} and on the embedded PostgreSQL in ${dataDir}; ` +
        `${connections} connections, ${duration} s per measurement`,
    );
    let t = Date.now();
    await demoLoad({ DATABASE_URL: databaseUrl });
    await demoLoad({ DATABASE_URL: '', SAFERHUB_DATA_DIR: dataDir });
    console.log(`Demo data loaded into both in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    t = Date.now();
    const onServer = startProcess(['--import', 'tsx', 'src/server.ts'], { ...common, DATABASE_URL: databaseUrl }, running);
    const embedded = startProcess(
      ['--import', 'tsx', 'src/server.ts'],
      { ...common, DATABASE_URL: '', SAFERHUB_DATA_DIR: dataDir },
      running,
    );
    const bare = startProcess(['--import', 'tsx', 'bench/http/bare-server.ts', '0'], {}, /listening (\d+)/);
    const [serverPort, embeddedPort, barePort] = await Promise.all([onServer.ready, embedded.ready, bare.ready]);
    console.log(`Started in ${((Date.now() - t) / 1000).toFixed(1)} s (the embedded one starting its PostgreSQL)`);
    const serverPage = await partnershipPage(serverPort);
    const embeddedPage = await partnershipPage(embeddedPort);
    const bareUrl = `http://127.0.0.1:${barePort}/`;

    // Warm up all three (JIT, connection pools, template cache).
    await autocannon({ url: serverPage.url, connections, duration: 2, headers: serverPage.headers });
    await autocannon({ url: embeddedPage.url, connections, duration: 2, headers: embeddedPage.headers });
    await autocannon({ url: bareUrl, connections, duration: 2 });

    // Memory and CPU time of each SaferHub while measured: its process (and tsx's esbuild helper), plus its
    // PostgreSQL: for the embedded default its whole process tree, for the server the backends serving the
    // bench database when the server runs on this machine (its shared background processes are not counted).
    const serverPostmaster = await localPostmaster(databaseUrl, databaseName);
    const memory = sampleMemory(() => {
      const tree = postgresTree(dataDir);
      return {
        server: withDescendants(onServer.child.pid!),
        serverPostgres: serverPostmaster ? backendsFor(serverPostmaster, databaseName) : [],
        embedded: withDescendants(embedded.child.pid!).filter((pid) => !tree.includes(pid)),
        embeddedPostgres: tree,
      };
    });
    let marks = 0;
    /** A page measured with the CPU time its SaferHub and PostgreSQL used meanwhile. */
    const measurePage = async (name: 'server' | 'embedded', rate?: number) => {
      const page = name === 'server' ? serverPage : embeddedPage;
      const before = `${marks++}`;
      memory.mark(before);
      const figures = await measure(name === 'server' ? server : embeddedLabel, page.url, page.headers, rate);
      const after = `${marks++}`;
      memory.mark(after);
      const { marks: taken } = memory.peek();
      const cpu = cpuBetween(taken[before]!, taken[after]!, name) + cpuBetween(taken[before]!, taken[after]!, `${name}Postgres`);
      if (name === 'embedded' || serverPostmaster) figures.cpuMs = (cpu * 1000) / Math.max(1, figures.requests);
      return figures;
    };
    const server = 'partnership page, server';
    const embeddedLabel = 'partnership page, embedded';
    const bareFlat = await measure('bare Fastify handler', bareUrl, {});
    // ABBA order (server, embedded, embedded, server, server, embedded…): a drift in the machine's load
    // falls on both pages alike.
    const flat: Figures[] = [];
    for (let i = 0; i < rounds; i++) {
      const order: ('server' | 'embedded')[] = i % 2 === 0 ? ['server', 'embedded'] : ['embedded', 'server'];
      for (const name of order) flat.push(await measurePage(name));
    }
    const serverFlat = mean(flat.filter((r) => r.label === server));
    const embeddedFlat = mean(flat.filter((r) => r.label === embeddedLabel));
    const bareFixed = await measure('bare Fastify handler', bareUrl, {}, fixedRate);
    const serverFixed = await measurePage('server', fixedRate);
    const embeddedFixed = await measurePage('embedded', fixedRate);
    const { samples } = memory.stop();

    const results = [bareFlat, ...flat, serverFlat, embeddedFlat, bareFixed, serverFixed, embeddedFixed];
    console.log('');
    console.table(
      results.map((r) => ({
        target: r.label,
        load: r.mode,
        'req/s': Math.round(r.rps),
        'p50 ms': Math.round(r.p50 * 10) / 10,
        'p99 ms': Math.round(r.p99 * 10) / 10,
        'errors/non-2xx': r.errors,
        ...(r.cpuMs === undefined ? {} : { 'CPU ms/req': Math.round(r.cpuMs * 10) / 10 }),
      })),
    );
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    const share = serverFlat.rps / bareFlat.rps;
    console.log(
      `Partnership page (server) throughput: ${(share * 100).toFixed(1)}% of the bare handler (target at least 25%): ${verdict(share >= 0.25)}`,
    );
    for (const r of [serverFixed, embeddedFixed])
      console.log(`${r.label}, p99 at ${fixedRate} req/s: ${r.p99} ms (target under 50 ms): ${verdict(r.p99 < 50)}`);
    const ratio = embeddedFlat.rps / serverFlat.rps;
    console.log(
      `Partnership page on the embedded default: ${Math.round(embeddedFlat.rps)} req/s = ${ratio.toFixed(2)}× the server's ` +
        `${Math.round(serverFlat.rps)} req/s (target within 20%, at least 0.80×): ${verdict(ratio >= 0.8)}`,
    );
    if (embeddedFlat.cpuMs !== undefined && serverFlat.cpuMs !== undefined)
      console.log(
        `CPU time per page, SaferHub and its PostgreSQL together: embedded ${embeddedFlat.cpuMs.toFixed(1)} ms, server ` +
          `${serverFlat.cpuMs.toFixed(1)} ms (${(embeddedFlat.cpuMs / serverFlat.cpuMs).toFixed(2)}×; much less swayed than req/s by other work on the machine)`,
      );
    else console.log("(the server's backends are not on this machine: CPU time per page on the server not known)");
    const onServerPeak = peakOf(samples, (x) => group(x, 'server').rssMb).mb;
    const embeddedPeak = peakOf(samples, (x) => group(x, 'embedded').rssMb + group(x, 'embeddedPostgres').pssMb);
    console.log(
      `Peak memory while measured: SaferHub on the server ${mb(onServerPeak)} RSS; SaferHub on the embedded default with its ` +
        `PostgreSQL ${mb(embeddedPeak.mb)} (${mb(group(embeddedPeak.sample, 'embedded').rssMb)} RSS + ` +
        `${mb(group(embeddedPeak.sample, 'embeddedPostgres').pssMb)} PSS)`,
    );
    console.log(`Load average at end (1, 5, 15 min): ${load()}`);
  } finally {
    await cleanUp();
  }
}

// Bounded in time whatever happens: a stuck run is stopped, its processes with it.
const watchdog = setTimeout(() => {
  console.error(`bench:http: stopped after ${timeoutSeconds} s (BENCH_TIMEOUT_SECONDS)`);
  void cleanUp().finally(() => process.exit(1));
}, timeoutSeconds * 1000);
watchdog.unref();

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
