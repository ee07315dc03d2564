import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { serverEntry } from '../support/server-entry.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The e2e server's data folder: a test may start a second SaferHub process on the same embedded database. */
    dataDir: string;
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

let child: ChildProcess | undefined;
let dataDir: string | undefined;

/**
 * Starts SaferHub as a real process on a fresh embedded database with the demo data, as `npm start` does (the
 * compiled dist/server.js when dist/ is current, otherwise the sources through tsx), and waits until it answers.
 */
export async function setup(project: TestProject) {
  const port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-e2e-'));
  // Passable, so that as root the embedded PostgreSQL (run as the user `postgres`) can reach it.
  fs.chmodSync(dataDir, 0o711);
  const log = fs.openSync(path.join(dataDir, 'server.log'), 'w');
  child = spawn(process.execPath, serverEntry(), {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SAFERHUB_DATA_DIR: dataDir,
      DATABASE_URL: '',
      NODE_ENV: 'test',
      // The demo accounts sign in with a password alone (SECOND_FACTOR off, as outside production).
      SECOND_FACTOR: 'off',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', log, log],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`SaferHub exited early:\n${fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8')}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('SaferHub did not start within 300 seconds');
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide('baseUrl', baseUrl);
  project.provide('dataDir', dataDir);
}

export async function teardown() {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
