// HTTP benchmark, run on demand (`npm run bench:http`), not in CI. It prints figures and never fails a build.
//
// Starts SaferHub as a real process on a PostgreSQL server (BENCH_DATABASE_URL, default a fresh
// database saferhub_bench on postgres://postgres@127.0.0.1:5432), with the demo data; signs in as a demo
// coordinator; then, over loopback with autocannon, measures the signed-in partnership page and a bare
// Fastify handler in the same run: first as fast as they go, then at a fixed 200 requests per second.
// Target: the partnership page reaches at least 25% of the bare handler's throughput, with p99 under 50 ms
// at 200 requests per second.
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import pg from 'pg';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = process.env.BENCH_DATABASE_NAME ?? 'saferhub_bench';
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const fixedRate = 200;

interface Figures {
  label: string;
  mode: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
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

/** Starts a process and resolves with its port once it prints the line that `pattern` matches. */
function startProcess(args: string[], env: Record<string, string>, pattern: RegExp) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<number>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const port = pattern.exec(output)?.[1];
      if (port) resolve(Number(port));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`process exited with ${code}:\n${output}`)));
  });
  return { child, ready };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
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

async function measure(label: string, url: string, headers: Record<string, string>, rate?: number): Promise<Figures> {
  const result = await autocannon({ url, connections, duration, headers, ...(rate ? { overallRate: rate } : {}) });
  return {
    label,
    mode: rate ? `fixed ${rate} req/s` : 'as fast as it goes',
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function main() {
  const databaseUrl = await freshDatabase();
  console.log(`SaferHub on ${databaseUrl.replace(/\/\/[^@]*@/, '//…@')}, ${connections} connections, ${duration} s per measurement`);
  const saferhub = startProcess(
    ['--import', 'tsx', 'src/server.ts'],
    {
      DATABASE_URL: databaseUrl,
      SAFERHUB_DEMO: 'true',
      NODE_ENV: 'production',
      SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123456789',
      COOKIE_SECURE: 'false',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: '0',
    },
    /SaferHub is running at http:\/\/localhost:(\d+)/,
  );
  const bare = startProcess(['--import', 'tsx', 'bench/http/bare-server.ts', '0'], {}, /listening (\d+)/);
  try {
    const [appPort, barePort] = await Promise.all([saferhub.ready, bare.ready]);
    const base = `http://127.0.0.1:${appPort}`;
    const cookie = await signIn(base, 'coordinator@southampton.example', 'saferhub-demo-2026');
    const list = await (await fetch(`${base}/partnerships`, { headers: { cookie } })).text();
    const id = />Southampton Safe City Partnership</.test(list)
      ? /href="\/partnerships\/(\d+)">Southampton Safe City Partnership</.exec(list)?.[1]
      : undefined;
    if (!id) throw new Error('the demo partnership was not found');
    const pageUrl = `${base}/partnerships/${id}`;
    const check = await fetch(pageUrl, { headers: { cookie }, redirect: 'manual' });
    if (check.status !== 200) throw new Error(`the partnership page answered ${check.status}`);
    const bareUrl = `http://127.0.0.1:${barePort}/`;

    // Warm up both (JIT, connection pools, template cache).
    await autocannon({ url: pageUrl, connections, duration: 2, headers: { cookie } });
    await autocannon({ url: bareUrl, connections, duration: 2 });

    const results: Figures[] = [];
    results.push(await measure('bare Fastify handler', bareUrl, {}));
    results.push(await measure('signed-in partnership page', pageUrl, { cookie }));
    results.push(await measure('bare Fastify handler', bareUrl, {}, fixedRate));
    results.push(await measure('signed-in partnership page', pageUrl, { cookie }, fixedRate));

    console.log('');
    console.table(
      results.map((r) => ({
        target: r.label,
        load: r.mode,
        'req/s': Math.round(r.rps),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'errors/non-2xx': r.errors,
      })),
    );
    const share = results[1]!.rps / results[0]!.rps;
    const p99 = results[3]!.p99;
    console.log(
      `Partnership page throughput: ${(share * 100).toFixed(1)}% of the bare handler (target at least 25%): ${share >= 0.25 ? 'met' : 'NOT met'}`,
    );
    console.log(`Partnership page p99 at ${fixedRate} req/s: ${p99} ms (target under 50 ms): ${p99 < 50 ? 'met' : 'NOT met'}`);
  } finally {
    await Promise.all([stop(saferhub.child), stop(bare.child)]);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
