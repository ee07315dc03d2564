/**
 * Backup and restore of a whole SaferHub database, the same on the embedded PostgreSQL and on a server.
 *
 * A backup is one gzip file: a first line of JSON (format, version, when, the migrations the database had,
 * and each table's columns and row count), then each table's rows in PostgreSQL's COPY text format between
 * a `\table <name>` line and a `\.` line. Tables come parents first (by their foreign keys), so a restore
 * loads them in file order. Everything the app stores is in it, the audit log included, row for row.
 *
 * A restore goes into an empty database (it refuses one that holds records): it applies the migrations the
 * backup was made with, loads every table in one transaction, moves each identity sequence past the
 * highest id, then applies any later migrations this SaferHub has. A backup made by a newer SaferHub
 * (a migration this one does not know) is refused.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable, type Writable } from 'node:stream';
import zlib from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Database } from './database.js';
import { migrate, migrationNames } from './migrate.js';

export const BACKUP_FORMAT = 'saferhub-backup';
const VERSION = 1;

export interface TableInfo {
  name: string;
  columns: string[];
  rows: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  migrations: string[];
  tables: TableInfo[];
}

/** Where a backup reads from: a PostgreSQL connection, or (import-pglite) the earlier embedded database. */
export interface BackupSource {
  query<T>(text: string): Promise<T[]>;
  /** The table's rows in COPY text format. */
  copyOut(table: string, columns: string[]): AsyncIterable<Buffer> | Promise<AsyncIterable<Buffer> | Iterable<Buffer>>;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The app's tables, parents before children, each with the columns a restore can write. */
export async function describeTables(source: BackupSource): Promise<{ name: string; columns: string[] }[]> {
  const tables = await source.query<{ name: string }>(
    "select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'saferhub_migrations' order by tablename",
  );
  const columns = await source.query<{ table: string; column: string }>(
    `select c.relname as table, a.attname as column
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      order by c.relname, a.attnum`,
  );
  const references = await source.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent
       from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = 'public' and c.relname <> p.relname`,
  );
  const names = tables.map((t) => t.name);
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const r of references) parents.get(r.child)?.add(r.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter((n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p) || !parents.has(p)));
    if (ready.length === 0)
      throw new BackupError(`Tables refer to each other in a cycle: ${names.filter((n) => !placed.has(n)).join(', ')}`);
    for (const n of ready) {
      ordered.push(n);
      placed.add(n);
    }
  }
  return ordered.map((name) => ({ name, columns: columns.filter((c) => c.table === name).map((c) => c.column) }));
}

/** Writes a backup of the source to `file`; returns its header. */
export async function writeBackup(source: BackupSource, file: string): Promise<BackupHeader> {
  const migrations = (await source.query<{ name: string }>('select name from saferhub_migrations order by name')).map((r) => r.name);
  const tables = await describeTables(source);
  const infos: TableInfo[] = [];
  for (const t of tables) {
    const [row] = await source.query<{ n: string | number }>(`select count(*) as n from ${quote(t.name)}`);
    infos.push({ ...t, rows: Number(row?.n ?? 0) });
  }
  const header: BackupHeader = { format: BACKUP_FORMAT, version: VERSION, createdAt: new Date().toISOString(), migrations, tables: infos };
  const partial = `${file}.partial`;
  const gzip = zlib.createGzip();
  const out = fs.createWriteStream(partial, { mode: 0o600 });
  const done = pipeline(gzip, out);
  try {
    await write(gzip, `${JSON.stringify(header)}\n`);
    for (const t of tables) {
      await write(gzip, `\\table ${t.name}\n`);
      for await (const chunk of await source.copyOut(t.name, t.columns)) await write(gzip, chunk);
      await write(gzip, '\\.\n');
    }
    gzip.end();
    await done;
  } catch (error) {
    gzip.destroy();
    await done.catch(() => undefined);
    fs.rmSync(partial, { force: true });
    throw error;
  }
  // Only a finished backup takes the name asked for.
  fs.renameSync(partial, file);
  return header;
}

function write(stream: Writable, data: string | Buffer): Promise<void> {
  if (stream.write(data)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.once('drain', resolve);
    stream.once('error', reject);
  });
}

/** A PostgreSQL database (embedded or server) as a backup source. */
export function databaseSource(client: pg.PoolClient): BackupSource {
  return {
    query: async <T>(text: string) => (await client.query(text)).rows as T[],
    copyOut: (table, columns) => client.query(copyTo(`copy ${quote(table)} (${columns.map(quote).join(', ')}) to stdout`)),
  };
}

/** Backs up the database to `file`, from one consistent snapshot. */
export async function backupDatabase(database: Database, file: string): Promise<BackupHeader> {
  const client = await database.pool.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const header = await writeBackup(databaseSource(client), file);
    await client.query('commit');
    return header;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Reads a backup's header without loading it. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = backupLines(file);
  for await (const line of lines) return parseHeader(file, line);
  throw new BackupError(`${file} is empty: it is not a SaferHub backup.`);
}

function backupLines(file: string) {
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const gunzip = zlib.createGunzip();
  const input = fs.createReadStream(file);
  input.pipe(gunzip);
  input.on('error', (e) => gunzip.destroy(e));
  return readline.createInterface({ input: gunzip, crlfDelay: Infinity });
}

function parseHeader(file: string, line: string): BackupHeader {
  let header: BackupHeader;
  try {
    header = JSON.parse(line) as BackupHeader;
  } catch {
    throw new BackupError(`${file} is not a SaferHub backup (its first line is not a backup header).`);
  }
  if (header.format !== BACKUP_FORMAT) throw new BackupError(`${file} is not a SaferHub backup.`);
  if (header.version !== VERSION)
    throw new BackupError(`${file} is a SaferHub backup of format version ${header.version}, which this SaferHub cannot read.`);
  return header;
}

export interface RestoreSummary {
  tables: number;
  rows: number;
  laterMigrations: string[];
}

/** Restores a backup into an empty database (see the file's comment). */
export async function restoreDatabase(database: Database, file: string): Promise<RestoreSummary> {
  const header = await readBackupHeader(file);
  const known = new Set(migrationNames());
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length)
    throw new BackupError(
      `${file} was made by a newer SaferHub (it has migration ${unknown.join(', ')}, which this one does not know). Restore it with that version or a later one.`,
    );
  await migrate(database, { only: new Set(header.migrations) });
  await refuseUnlessEmpty(database);

  const client = await database.pool.connect();
  const counted = { rows: 0 };
  let tables = 0;
  try {
    await client.query('begin');
    const lines = backupLines(file)[Symbol.asyncIterator]();
    await lines.next(); // the header
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      const m = /^\\table (\S+)$/.exec(next.value);
      if (!m) throw new BackupError(`${file} is damaged: expected a table, found ${JSON.stringify(next.value.slice(0, 60))}.`);
      const table = m[1]!;
      const info = header.tables.find((t) => t.name === table);
      if (!info) throw new BackupError(`${file} is damaged: table ${table} is not in its header.`);
      const copy = client.query(copyFrom(`copy ${quote(table)} (${info.columns.map(quote).join(', ')}) from stdin`));
      try {
        await pipeline(Readable.from(tableRows(lines, file, table, counted)), copy);
      } catch (error) {
        if (error instanceof BackupError) throw error;
        throw new BackupError(`Restoring table ${table} failed: ${(error as Error).message}`);
      }
      tables++;
    }
    const expected = header.tables.reduce((n, t) => n + t.rows, 0);
    if (counted.rows !== expected)
      throw new BackupError(`${file} is damaged: it holds ${counted.rows} rows where its header promises ${expected}.`);
    await resetSequences(client);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  const laterMigrations = await migrate(database);
  return { tables, rows: counted.rows, laterMigrations };
}

/** One table's rows from the backup, in chunks of about 64 KB, up to its `\.` line. */
async function* tableRows(lines: AsyncIterator<string>, file: string, table: string, counted: { rows: number }) {
  let chunk = '';
  for (;;) {
    const next = await lines.next();
    if (next.done) throw new BackupError(`${file} is damaged: it ends in the middle of table ${table}.`);
    if (next.value === '\\.') break;
    chunk += `${next.value}\n`;
    counted.rows++;
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

async function refuseUnlessEmpty(database: Database) {
  await database.withSession(async (s) => {
    const { rows: tables } = await s.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'saferhub_migrations'",
    );
    const held: string[] = [];
    for (const t of tables) {
      const { rows } = await s.query<{ any: boolean }>(`select exists (select 1 from ${quote(t.name)}) as any`);
      if (rows[0]?.any) held.push(t.name);
    }
    if (held.length)
      throw new BackupError(
        `The database already holds records (in ${held.slice(0, 5).join(', ')}${held.length > 5 ? ', …' : ''}). ` +
          'A restore goes into an empty database: point SAFERHUB_DATA_DIR at a new folder, or DATABASE_URL at a new database, and run it again.',
      );
  });
}

/** Moves each identity column's sequence past the highest id restored. */
async function resetSequences(client: pg.PoolClient) {
  const { rows } = await client.query<{ table: string; column: string }>(
    `select c.relname as table, a.attname as column
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and a.attidentity <> '' and not a.attisdropped`,
  );
  for (const { table, column } of rows) {
    await client.query(
      `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${quote(column)}) from ${quote(table)}), 0) + 1, false)`,
      [quote(table), column],
    );
  }
}
