import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
