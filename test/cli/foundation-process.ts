import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serverEntry } from '../support/server-entry.js';

export { serverEntry };

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Settings that must not leak from the developer's shell into a process under test. */
const cleanEnv = () => {
  const env = { ...process.env };
  for (const key of [
    'DATABASE_URL',
    'TEST_DATABASE_URL',
    'SAFERHUB_DATA_DIR',
    'PORT',
    'NODE_ENV',
    'SESSION_SECRET',
    'SAFERHUB_DEMO',
    'SECOND_FACTOR',
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
    'OIDC_CLIENT_SECRET',
    'VITEST',
    'VITEST_POOL_ID',
  ])
    delete env[key];
  return env;
};

/** Runs a command to completion, optionally writing `input` to its standard input. */
export function run(command: string, args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  return new Promise<ProcessResult>((resolve, reject) => {
    const child = spawn(command, args, { env: { ...cleanEnv(), ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    // A command may refuse and exit before it reads its input.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The saferhub command exactly as package.json's bin runs it. */
export const saferhub = (dataDir: string, args: string[], input?: string) =>
  run(process.execPath, ['bin/saferhub.mjs', ...args], { env: { SAFERHUB_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, input });

/**
 * A fresh temporary folder. It is made passable (0711) so that, when the tests run as root, the embedded
 * PostgreSQL (which then runs as the system user `postgres`) can reach a data folder inside it.
 */
export const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o711);
  return dir;
};

/**
 * SaferHub's server as a real process (by default `serverEntry()`), on loopback and a free port. `ready` resolves with its address once the whole start-up message
 * (which ends with the sign-in help) is printed; `stop` sends SIGTERM and resolves with the exit code.
 */
export function startServer(env: Record<string, string>, args = serverEntry()) {
  const child = spawn(process.execPath, args, {
    env: { ...cleanEnv(), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const url = /SaferHub is running at (http:\/\/localhost:\d+)/.exec(output)?.[1];
      if (url && /(Demo accounts|Create an account with)[\s\S]*\n\s*$/.test(output)) {
        clearInterval(timer);
        resolve(url.replace('localhost', '127.0.0.1'));
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`SaferHub exited with ${code}:\n${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    return new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  };
  return { child, ready, stop, output: () => output, alive: () => child.exitCode === null && child.signalCode === null };
}

/** Signs in through the real sign-in form over HTTP and returns the cookies a browser would then send. */
export async function signInOverHttp(baseUrl: string, email: string, password: string) {
  const form = await fetch(`${baseUrl}/sign-in`);
  const csrfCookies = form.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookies.join('; ') },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  expect(response.status).toBe(303);
  return [...csrfCookies, ...response.headers.getSetCookie().map((c) => c.split(';')[0]!)].join('; ');
}
