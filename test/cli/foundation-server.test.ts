import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, serverEntry, signInOverHttp, startServer, tempDir } from './foundation-process.js';

describe('npm start on a fresh machine', () => {
  let dataDir: string;
  let server: ReturnType<typeof startServer> | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    dataDir = tempDir('saferhub-start-');
    server = startServer({ SAFERHUB_DATA_DIR: dataDir });
    baseUrl = await server.ready;
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('says where to go and how to sign in to the demo', () => {
    const out = server!.output();
    expect(out).toMatch(/SaferHub is running at http:\/\/localhost:\d+/);
    expect(out).toContain(`Database: embedded PostgreSQL in ${dataDir}`);
    // The demo signs in with a password alone, and the log says so.
    expect(out).toContain('Sign-in: second factor optional (asked only of people who set one up) (SECOND_FACTOR=off); no single sign-on');
    expect(out).toContain('Demo accounts (password for all: saferhub-demo-2026):');
    for (const email of ['admin@saferhub.example', 'coordinator@southampton.example', 'officer@rushmoor.example'])
      expect(out).toContain(email);
  });

  it('serves the start page, on an embedded database it migrated and loaded with the demo data in the data folder', async () => {
    const start = await fetch(`${baseUrl}/`);
    expect(start.status).toBe(200);
    const html = await start.text();
    expect(html).toContain('<h1 class="govuk-heading-xl">SaferHub</h1>');
    expect(html).toContain('href="/sign-in"');
    // A real PostgreSQL cluster in the data folder, its generated password readable by its owner alone.
    expect(fs.readFileSync(`${dataDir}/postgres/PG_VERSION`, 'utf8').trim()).toBe('18');
    const passwordFile = `${dataDir}/postgres-password`;
    expect(fs.statSync(passwordFile).mode & 0o077).toBe(0);
    expect(server!.output()).not.toContain(fs.readFileSync(passwordFile, 'utf8').trim());

    const cookie = await signInOverHttp(baseUrl, 'officer@rushmoor.example', 'saferhub-demo-2026');
    const list = await (await fetch(`${baseUrl}/partnerships`, { headers: { cookie } })).text();
    expect(list).toContain('Safer North Hampshire');
    const id = /href="\/partnerships\/(\d+)">Safer North Hampshire</.exec(list)![1];
    const page = await (await fetch(`${baseUrl}/partnerships/${id}`, { headers: { cookie } })).text();
    expect(page).toContain('Aldershot Garrison');
    expect(page).toContain('Hart District Council');
  });

  it('runs the command line beside the server, on the same embedded PostgreSQL', async () => {
    const cli = await run(process.execPath, ['bin/saferhub.mjs', 'tokens', 'create', '--email', 'officer@police.example'], {
      env: { SAFERHUB_DATA_DIR: dataDir },
    });
    expect(cli.code, cli.stderr).toBe(0);
    const token = cli.stdout.trim().split('\n').pop()!;
    // The token the command line wrote is at once known to the running server.
    const api = await fetch(`${baseUrl}/api/v1/partnerships`, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain('Southampton Safe City Partnership');
    // The command line let go without stopping the server's database.
    expect((await fetch(`${baseUrl}/partnerships`, { redirect: 'manual' })).status).toBe(303);
    const cookie = await signInOverHttp(baseUrl, 'admin@saferhub.example', 'saferhub-demo-2026');
    expect((await fetch(`${baseUrl}/partnerships`, { headers: { cookie } })).status).toBe(200);
  }, 120_000);

  it('stops cleanly, and starts again on the same folder without loading anything twice', async () => {
    expect(await server!.stop()).toBe(0);
    // Stopping SaferHub stopped its PostgreSQL cleanly.
    expect(fs.existsSync(`${dataDir}/postgres/postmaster.pid`)).toBe(false);
    server = startServer({ SAFERHUB_DATA_DIR: dataDir });
    baseUrl = await server.ready;
    expect(server.output()).not.toContain('Demo data loaded');
    const cookie = await signInOverHttp(baseUrl, 'admin@saferhub.example', 'saferhub-demo-2026');
    const list = await (await fetch(`${baseUrl}/partnerships`, { headers: { cookie } })).text();
    expect(list.match(/>Safer North Hampshire</g)).toHaveLength(1);
  }, 300_000);
});

describe('a SaferHub killed with SIGKILL', () => {
  let dataDir: string;
  let server: ReturnType<typeof startServer> | undefined;
  beforeAll(() => {
    dataDir = tempDir('saferhub-kill-');
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const postmasterPid = () => Number(fs.readFileSync(`${dataDir}/postgres/postmaster.pid`, 'utf8').split('\n')[0]);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('starts again on the same folder with the data intact, and again after its PostgreSQL was killed too', async () => {
    server = startServer({ SAFERHUB_DATA_DIR: dataDir });
    let baseUrl = await server.ready;
    let cookie = await signInOverHttp(baseUrl, 'admin@saferhub.example', 'saferhub-demo-2026');
    // A change made just before the kill: a new agency, through the real form.
    const form = await fetch(`${baseUrl}/agencies/new`, { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const created = await fetch(`${baseUrl}/agencies`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: csrf,
        name: 'Killed Mid-Flight Trust',
        kind: 'voluntary',
        responsibleAuthority: 'false',
      }).toString(),
    });
    expect(created.status).toBe(303);

    server.child.kill('SIGKILL');
    await new Promise((r) => server!.child.once('exit', r));
    server = startServer({ SAFERHUB_DATA_DIR: dataDir });
    baseUrl = await server.ready;
    expect(server.output()).not.toContain('Demo data loaded');
    cookie = await signInOverHttp(baseUrl, 'admin@saferhub.example', 'saferhub-demo-2026');
    expect(await (await fetch(`${baseUrl}/agencies`, { headers: { cookie } })).text()).toContain('Killed Mid-Flight Trust');

    // Now PostgreSQL dies too, leaving its postmaster.pid behind: the next start recovers.
    const pgPid = postmasterPid();
    server.child.kill('SIGKILL');
    process.kill(pgPid, 'SIGKILL');
    await new Promise((r) => server!.child.once('exit', r));
    expect(fs.existsSync(`${dataDir}/postgres/postmaster.pid`)).toBe(true);
    server = startServer({ SAFERHUB_DATA_DIR: dataDir });
    baseUrl = await server.ready;
    cookie = await signInOverHttp(baseUrl, 'admin@saferhub.example', 'saferhub-demo-2026');
    expect(await (await fetch(`${baseUrl}/agencies`, { headers: { cookie } })).text()).toContain('Killed Mid-Flight Trust');
    const restarted = postmasterPid();
    expect(restarted).not.toBe(pgPid);

    expect(await server.stop()).toBe(0);
    // Its PostgreSQL stopped with it (a moment after it removed its postmaster.pid).
    for (let i = 0; i < 50 && alive(restarted); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(restarted)).toBe(false);
    expect(fs.existsSync(`${dataDir}/postgres/postmaster.pid`)).toBe(false);
  }, 300_000);

  it('tells the user how to carry over a database from the earlier PGlite release, deleting nothing', async () => {
    const old = tempDir('saferhub-old-');
    fs.mkdirSync(`${old}/pglite/base`, { recursive: true });
    fs.writeFileSync(`${old}/pglite/PG_VERSION`, '17\n');
    const result = await run(process.execPath, serverEntry(), {
      env: { SAFERHUB_DATA_DIR: old, PORT: '0', LOG_LEVEL: 'warn' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${old}/pglite holds a database from an earlier SaferHub (PGlite)`);
    expect(result.stderr).toContain('npx saferhub import-pglite');
    expect(fs.existsSync(`${old}/pglite/PG_VERSION`)).toBe(true);
    expect(fs.existsSync(`${old}/postgres`)).toBe(false);
    fs.rmSync(old, { recursive: true, force: true });
  }, 60_000);
});

describe('bad settings', () => {
  const start = (env: Record<string, string>) => {
    const base = { NODE_ENV: '', DATABASE_URL: '', SESSION_SECRET: '', SAFERHUB_DATA_DIR: tempDir('saferhub-bad-'), LOG_LEVEL: 'warn' };
    return run(process.execPath, serverEntry(), { env: { ...base, ...env } });
  };

  it('stops with a message naming each bad setting, and a non-zero exit', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: 'abc' }, /SaferHub cannot start: invalid settings\n\s+- PORT: /],
      [{ DATABASE_URL: 'nonsense' }, /- DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/],
      [{ NODE_ENV: 'production' }, /- SESSION_SECRET: is required in production/],
    ];
    for (const [env, message] of cases) {
      const result = await start(env);
      expect(result.code, JSON.stringify(env)).toBe(1);
      expect(result.stderr, JSON.stringify(env)).toMatch(message);
      expect(result.stdout).not.toContain('SaferHub is running');
    }
  }, 120_000);

  it('stops with a clear message when the PostgreSQL server cannot be reached', async () => {
    const result = await start({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/saferhub' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/SaferHub failed to start: .*ECONNREFUSED/);
  }, 60_000);

  it('keeps the embedded database’s folder out of git', async () => {
    const ignored = await run('git', ['check-ignore', '--quiet', '.data/postgres/base']);
    expect(ignored.code).toBe(0);
  });
});
