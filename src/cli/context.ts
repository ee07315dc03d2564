import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../config.js';
import { openRuntime } from '../runtime.js';
import type { Services } from '../services.js';

/**
 * The embedded database (PGlite) can be opened by one process at a time: a second process would not see
 * the first one's writes and could damage the folder. The server marks the folder it uses with this file.
 */
const serverMarker = (config: Config) => path.join(config.dataDir, 'server.json');

/** The SaferHub server running on this embedded database folder, if any (a stale marker is ignored). */
export function runningServer(config: Config): { pid: number; url: string } | null {
  if (config.databaseUrl) return null;
  try {
    const marker = JSON.parse(fs.readFileSync(serverMarker(config), 'utf8')) as { pid: number; url: string };
    if (marker.pid === process.pid) return null;
    process.kill(marker.pid, 0);
    return marker;
  } catch {
    return null;
  }
}

/** Refuses to open the embedded database while a SaferHub server holds it, saying what to do instead. */
export function ensureEmbeddedDatabaseFree(config: Config) {
  const server = runningServer(config);
  if (server)
    throw new Error(
      `SaferHub is running on the embedded database in ${config.dataDir} (process ${server.pid}, ${server.url}). ` +
        'The embedded database serves one process at a time: stop the server (Ctrl+C), run this command, then start it again. ' +
        'With a PostgreSQL server (DATABASE_URL) the server and the command line can run together.',
    );
}

/** Marks the embedded database folder as held by this server process; returns the function that clears it. */
export function markServerRunning(config: Config, url: string): () => void {
  if (config.databaseUrl) return () => undefined;
  const file = serverMarker(config);
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, url }));
  return () => {
    try {
      if ((JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number }).pid === process.pid) fs.rmSync(file);
    } catch {
      // already gone
    }
  };
}

/** Opens the database named by the same settings as the server, runs the command, and closes it. */
export async function withServices<T>(fn: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig();
  ensureEmbeddedDatabaseFree(config);
  const { database, services } = await openRuntime(config);
  try {
    return await fn(services);
  } finally {
    await database.close();
  }
}

/** Reads a secret from standard input: typed without echo at a terminal, or the first line of a pipe. */
export async function readSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  let value = '';
  return new Promise((resolve, reject) => {
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          return resolve(value);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          return reject(new Error('Cancelled'));
        }
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
