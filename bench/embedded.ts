// The benchmarks' PostgreSQL processes: for the embedded default, a fresh SaferHub data folder in a temporary
// folder of the bench's own, its process tree, and a last-resort stop when SaferHub failed to stop it; for a
// server on this machine, the backends serving the bench database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clusterDir } from '../src/db/embedded.js';
import pg from 'pg';
import { childrenTable, commandLine, parentOf, postmasterPid, withDescendants } from './memory.js';

/**
 * A temporary folder made 0711: as root, SaferHub runs its PostgreSQL as the `postgres` user, which must be
 * able to pass through every folder above the cluster (or SaferHub would put the cluster under /var/lib/saferhub).
 */
export function benchFolder(prefix: string): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(work, 0o711);
  return work;
}

/** The embedded PostgreSQL's postmaster and all its children (backends, io workers, checkpointer…), or none. */
export function postgresTree(dataDir: string): number[] {
  const postmaster = postmasterPid(path.join(clusterDir(dataDir), 'postmaster.pid'));
  return postmaster ? withDescendants(postmaster) : [];
}

/** Stops a PostgreSQL still running on the cluster in `dataDir` (a folder of the bench's own), and waits for it. */
export async function stopLeftoverPostgres(dataDir: string, log: (text: string) => void = console.log) {
  const cluster = clusterDir(dataDir);
  const pid = postmasterPid(path.join(cluster, 'postmaster.pid'));
  if (pid && commandLine(pid).includes(cluster)) {
    log(`(stopping the embedded PostgreSQL left running in ${cluster})`);
    process.kill(pid, 'SIGINT'); // fast shutdown
    for (let i = 0; i < 300 && fs.existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 200));
  }
  if (cluster !== path.join(dataDir, 'postgres') && cluster.startsWith('/var/lib/saferhub/')) {
    log(`(the embedded cluster was placed in ${cluster}; removing it)`);
    fs.rmSync(path.dirname(cluster), { recursive: true, force: true });
  }
}

/**
 * A PostgreSQL server's postmaster, when the server runs on this machine: the parent of our own backend, checked
 * to be a backend of `database` by its process title. Null when it cannot be seen (another machine, a container).
 */
export async function localPostmaster(url: string, database: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const pid = rows[0]!.pid;
    return commandLine(pid).includes(` ${database} `) ? parentOf(pid) : null;
  } finally {
    await client.end();
  }
}

/** The server's backends connected to `database` ("postgres: … user database 127.0.0.1(port) state"). */
export function backendsFor(postmaster: number, database: string): number[] {
  return (childrenTable().get(postmaster) ?? []).filter((pid) => commandLine(pid).includes(` ${database} `));
}
