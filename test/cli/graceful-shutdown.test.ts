/**
 * Graceful shutdown: SaferHub as a real process, given SIGTERM while a request's body is still arriving
 * slowly, finishes that request (a sign-in, answered as usual), refuses new connections at once, and exits 0.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { systemActor } from '../../src/modules/access/index.js';
import { createServices } from '../../src/services.js';
import { freshTestDatabase } from '../support/db.js';
import { startServer, tempDir } from './foundation-process.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGTERM', () => {
  let databaseUrl: string;
  const email = 'shutdown@test.example';
  const password = 'a long and unusual test passphrase';

  beforeAll(async () => {
    databaseUrl = await freshTestDatabase(`shutdown_${process.env.VITEST_POOL_ID ?? '1'}`);
    const database = await openDatabase({ databaseUrl, dataDir: '', poolSize: 1 });
    try {
      const services = createServices(database, { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), databaseUrl });
      const agency = await services.partnerships.createAgency(systemActor, {
        name: 'Testshire Council',
        kind: 'local-authority',
        responsibleAuthority: 'yes',
      });
      await services.access.createUser(systemActor, {
        email,
        displayName: 'Shutdown Tester',
        agencyId: agency.id,
        password,
        isAdmin: false,
        roles: [],
      });
    } finally {
      await database.close();
    }
  }, 120_000);

  let server: ReturnType<typeof startServer> | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('finishes a request in flight, refuses new connections and exits 0', async () => {
    server = startServer({ DATABASE_URL: databaseUrl, SAFERHUB_DATA_DIR: tempDir('saferhub-shutdown-'), SAFERHUB_DEMO: 'false' });
    const base = await server.ready;

    // The sign-in form's CSRF token and cookie, as a browser would have them.
    const form = await fetch(`${base}/sign-in`);
    const cookie = form.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const body = new URLSearchParams({ _csrf: csrf, email, password }).toString();

    // The sign-in's body is sent in two halves, with SIGTERM between them.
    const { port } = new URL(base);
    const answer = new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/sign-in',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), cookie },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, location: response.headers.location }));
        },
      );
      request.on('error', reject);
      request.write(body.slice(0, 20));
      (async () => {
        await sleep(300);
        server!.child.kill('SIGTERM');
        await sleep(1_000);
        // Still running, still serving the request in flight, but no longer accepting connections.
        expect(server!.alive()).toBe(true);
        await expect(fetch(`${base}/healthz`)).rejects.toThrow();
        request.end(body.slice(20));
      })().catch(reject);
    });

    const done = await answer;
    expect(done).toEqual({ status: 303, location: '/' });
    const code = await new Promise<number | null>((resolve) => {
      if (server!.child.exitCode !== null) resolve(server!.child.exitCode);
      else server!.child.once('exit', (c) => resolve(c));
    });
    expect(code).toBe(0);
    expect(server.output()).not.toMatch(/error/i);
  }, 180_000);
});
