// Load and soak benchmark, run on demand (`npm run bench:load`), never in CI. It prints figures and verdicts.
//
// Over loopback only: a fresh database (BENCH_DATABASE_NAME, default saferhub_load) on the PostgreSQL server
// at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres, trust auth), loaded with the
// demo data and accounts by `saferhub demo load --with-users`; then SaferHub as a real process on it
// (NODE_ENV=production, 127.0.0.1, a free port). The bench signs in as the demo coordinator, makes an API
// token for the demo officer, and sends a mix of signed-in pages and API reads with autocannon at a fixed
// 200 requests per second (BENCH_RATE) for 5 minutes (BENCH_SECONDS), after a 15 s warm-up at the same rate.
// Every read of a partnership record is logged in the audit log (s62), so the mix measures that cost too.
// It samples SaferHub's RSS every second: the figure at the start (after the warm-up) against the end.
// Targets: no errors (non-2xx, socket errors and timeouts all count), p99 under 100 ms, RSS growth under 10%.
// Bounded: the whole run is stopped after BENCH_SECONDS + BENCH_TIMEOUT_EXTRA (default 300) seconds.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = process.env.BENCH_DATABASE_NAME ?? 'saferhub_load';
const duration = Number(process.env.BENCH_SECONDS ?? 300);
const rate = Number(process.env.BENCH_RATE ?? 200);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const warmup = Number(process.env.BENCH_WARMUP_SECONDS ?? 15);
const timeoutSeconds = duration + warmup + Number(process.env.BENCH_TIMEOUT_EXTRA ?? 300);
const TARGET_P99_MS = 100;
const TARGET_GROWTH = 0.1;

const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');

const children = new Set<ChildProcess>();
function spawnNode(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function freshDatabase(): Promise<string> {
  if (!/^postgres(ql)?:\/\/[^/]*@?(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(serverUrl))
    throw new Error('bench:load runs on loopback only: BENCH_DATABASE_URL must name 127.0.0.1 or localhost');
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

/** Runs the saferhub command to the end and returns its standard output. */
function cli(args: string[], env: Record<string, string>) {
  return new Promise<string>((resolve, reject) => {
    const child = spawnNode(['--import', 'tsx', 'src/cli/index.ts', ...args], { LOG_LEVEL: 'warn', ...env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`saferhub ${args.join(' ')} exited with ${code}:\n${err}`)),
    );
  });
}

function startServer(env: Record<string, string>) {
  const child = spawnNode(['--import', 'tsx', 'src/server.ts'], env);
  let output = '';
  const ready = new Promise<number>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const port = /SaferHub is running at http:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (port) resolve(Number(port));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`SaferHub exited with ${code}:\n${output}`)));
  });
  return { child, ready, output: () => output };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

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
  if (response.status !== 303) throw new Error(`sign-in as ${email} answered ${response.status}`);
  return [...cookies, ...response.headers.getSetCookie().map((c) => c.split(';')[0]!)].join('; ');
}

/** RSS of one process in MB, from /proc (Linux). */
const rssMb = (pid: number) => Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function main() {
  console.log(`bench:load: ${rate} requests/s for ${duration} s (after ${warmup} s warm-up), ${connections} connections; load ${load()}`);
  const databaseUrl = await freshDatabase();
  const env = { DATABASE_URL: databaseUrl, SAFERHUB_DATA_DIR: fs.mkdtempSync(`${os.tmpdir()}/saferhub-load-`) };
  await cli(['demo', 'load', '--with-users'], env);
  const token = (await cli(['tokens', 'create', '--email', 'officer@police.example', '--name', 'bench-load'], env))
    .trim()
    .split('\n')
    .pop()!;
  const server = startServer({
    ...env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123456789',
    COOKIE_SECURE: 'false',
  });
  const port = await server.ready;
  const base = `http://127.0.0.1:${port}`;
  const cookie = await signIn(base, 'coordinator@southampton.example', 'saferhub-demo-2026');
  const api = { authorization: `Bearer ${token}` };
  const listed = (await (await fetch(`${base}/api/v1/partnerships`, { headers: api })).json()) as { data: { id: number }[] };
  const officerIds = listed.data.map((p) => p.id);
  const pagesList = await (await fetch(`${base}/partnerships`, { headers: { cookie } })).text();
  const pageIds = [...new Set([...pagesList.matchAll(/href="\/partnerships\/(\d+)"/g)].map((m) => Number(m[1])))];
  if (pageIds.length === 0 || officerIds.length === 0) throw new Error('no partnerships to read: the demo data did not load');

  // The mix: two thirds pages (cookie), one third API reads (bearer token), over every partnership each can see.
  const page = (path: string) => ({ method: 'GET' as const, path, headers: { cookie } });
  const read = (path: string) => ({ method: 'GET' as const, path, headers: api });
  const requests = [
    page('/'),
    page('/partnerships'),
    ...pageIds.flatMap((id) => [page(`/partnerships/${id}`), page(`/partnerships/${id}/meetings`), page(`/partnerships/${id}/risks`)]),
    read('/api/v1/partnerships'),
    ...officerIds.map((id) => read(`/api/v1/partnerships/${id}`)),
  ];
  const apiShare = requests.filter((r) => 'authorization' in r.headers).length / requests.length;
  console.log(`mix: ${requests.length} addresses in turn (${Math.round((1 - apiShare) * 100)}% pages, ${Math.round(apiShare * 100)}% API)`);

  const run = (seconds: number) => autocannon({ url: base, connections, duration: seconds, overallRate: rate, requests, timeout: 10 });
  await run(warmup);
  const pid = server.child.pid!;
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rssMb(pid)), 1000);
  const startRss = rssMb(pid);
  const startLoad = load();
  const result = await run(duration);
  clearInterval(sampler);
  const endRss = rssMb(pid);
  const errors = result.errors + result.timeouts + result.non2xx;
  const growth = (endRss - startRss) / startRss;
  const exitCode = await stop(server.child);

  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(`\nrequests: ${result.requests.total} in ${result.duration} s (${result.requests.average} requests/s on average)`);
  console.log(
    `errors: ${errors} (non-2xx ${result.non2xx}, socket errors ${result.errors}, timeouts ${result.timeouts})  target 0: ${mark(errors === 0)}`,
  );
  console.log(
    `latency: p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms  target p99 < ${TARGET_P99_MS} ms: ${mark(result.latency.p99 < TARGET_P99_MS)}`,
  );
  console.log(
    `memory (SaferHub RSS): ${startRss.toFixed(1)} MB at start, ${endRss.toFixed(1)} MB at end (peak ${Math.max(...samples, endRss).toFixed(1)} MB), growth ${(growth * 100).toFixed(1)}%  target < ${TARGET_GROWTH * 100}%: ${mark(growth < TARGET_GROWTH)}`,
  );
  console.log(`load average: ${startLoad} at start, ${load()} at end (${os.cpus().length} CPUs)`);
  console.log(`SaferHub stopped with exit code ${exitCode} after SIGTERM`);
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const { rows } = await admin.query<{ action: string; n: string }>(
    "select action, count(*) as n from audit_log where action in ('record.view', 'record.download') group by action",
  );
  await admin.end();
  console.log(`audit entries of consultations written during the run: ${rows.map((r) => `${r.action} ${r.n}`).join(', ') || 'none'}`);
}

const watchdog = setTimeout(() => {
  console.error(`bench:load: stopped after ${timeoutSeconds} s`);
  for (const child of children) child.kill('SIGKILL');
  process.exit(2);
}, timeoutSeconds * 1000);
watchdog.unref();

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const child of [...children]) await stop(child);
  });
