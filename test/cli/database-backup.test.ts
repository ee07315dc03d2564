/**
 * `saferhub backup`, `saferhub restore` and `saferhub import-pglite` as real processes: the restore drill
 * (back up, wipe, restore, the same records), refusals that say why, and an earlier release's PGlite folder
 * carried over. On the embedded PostgreSQL by default; on the test server too when TEST_DATABASE_URL is set.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrationNames, migrationsDir } from '../../src/db/migrate.js';
import { freshTestDatabase } from '../support/db.js';
import { run, tempDir } from './foundation-process.js';

const onServer = Boolean(process.env.TEST_DATABASE_URL);
let work: string;

/** The saferhub command on a data folder, or on a database of the test server. */
function saferhub(target: { dataDir: string; databaseUrl?: string | undefined }, args: string[]) {
  return run(process.execPath, ['bin/saferhub.mjs', ...args], {
    env: { SAFERHUB_DATA_DIR: target.dataDir, LOG_LEVEL: 'silent', ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}) },
  });
}

/** Every table's row count and a fingerprint of its contents. */
async function fingerprint(target: { dataDir: string; databaseUrl?: string | undefined }) {
  const database = await openDatabase({ dataDir: target.dataDir, databaseUrl: target.databaseUrl, poolSize: 1 });
  try {
    return await database.withSession(async (s) => {
      const { rows: tables } = await s.query<{ name: string }>(
        "select tablename as name from pg_tables where schemaname = 'public' order by tablename",
      );
      const out: Record<string, string> = {};
      for (const { name } of tables) {
        // Migrations are compared by name: a restore applies them afresh, at a new time.
        const row = name === 'saferhub_migrations' ? 't.name' : 't::text';
        const { rows } = await s.query<{ n: number; md5: string | null }>(
          `select count(*)::int as n, md5(string_agg(${row}, '|' order by ${row})) as md5 from "${name}" t`,
        );
        out[name] = `${rows[0]!.n}:${rows[0]!.md5 ?? ''}`;
      }
      return out;
    });
  } finally {
    await database.close();
  }
}

const target = async (name: string) => ({
  dataDir: path.join(work, name),
  databaseUrl: onServer ? await freshTestDatabase(`backup_${name}_${process.env.VITEST_POOL_ID ?? '1'}`) : undefined,
});

beforeAll(() => {
  work = tempDir('saferhub-backup-');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('saferhub backup and restore', () => {
  // One database with the demo data and its accounts, which both tests back up (neither changes it).
  let source: Awaited<ReturnType<typeof target>>;
  beforeAll(async () => {
    source = await target('source');
    const load = await saferhub(source, ['demo', 'load', '--with-users']);
    if (load.code !== 0) throw new Error(`saferhub demo load failed:\n${load.stderr}`);
  }, 300_000);

  it('passes the restore drill: back up, wipe, restore, and every record is back, the audit log included', async () => {
    const before = await fingerprint(source);
    expect(before['audit_log']).toMatch(/^[1-9]\d*:/);
    expect(before['plan_actions']).toMatch(/^[1-9]\d*:/);

    const file = path.join(work, 'saferhub.backup.gz');
    const backup = await saferhub(source, ['backup', '--out', file]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up \d+ tables and [\d,]+ records to /);
    expect(fs.statSync(file).mode & 0o077).toBe(0);

    // Wipe: a new, empty place to restore into.
    const restored = await target('restored');
    const restore = await saferhub(restored, ['restore', file]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/^Restored \d+ tables and [\d,]+ records from /);
    expect(await fingerprint(restored)).toEqual(before);

    // The audit log's hash chain came over whole.
    const verify = await saferhub(restored, ['audit', 'verify']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^[\d,]+ entries verified$/m);

    // New records get fresh ids after a restore, and the restored accounts still sign in to tokens.
    const token = await saferhub(restored, ['tokens', 'create', '--email', 'officer@police.example']);
    expect(token.code, token.stderr).toBe(0);
  }, 300_000);

  it('refuses to restore over records, and refuses a file that is not a backup, changing nothing', async () => {
    const file = path.join(work, 'busy.backup.gz');
    expect((await saferhub(source, ['backup', '--out', file])).code).toBe(0);
    const before = await fingerprint(source);

    const over = await saferhub(source, ['restore', file]);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('The database already holds records');
    expect(over.stderr).toContain('A restore goes into an empty database');

    const notBackup = path.join(work, 'notes.gz');
    fs.writeFileSync(notBackup, (await import('node:zlib')).gzipSync('hello\n'));
    const wrong = await saferhub(await target('empty'), ['restore', notBackup]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('is not a SaferHub backup');

    const again = await saferhub(source, ['backup', '--out', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(await fingerprint(source)).toEqual(before);
  }, 300_000);
});

describe('saferhub import-pglite', () => {
  it('carries an earlier release’s PGlite database into the database and keeps the old folder', async () => {
    const legacy = await target('legacy');
    const dataDir = legacy.dataDir;
    // A PGlite folder as the first release left it: its migrations and some records.
    fs.mkdirSync(path.join(dataDir, 'pglite'), { recursive: true });
    const lite = await PGlite.create(path.join(dataDir, 'pglite'));
    await lite.exec('create table saferhub_migrations (name text primary key, applied_at timestamptz not null default now())');
    for (const name of migrationNames().filter((n) => n < '0003')) {
      await lite.exec(fs.readFileSync(path.join(migrationsDir, name), 'utf8'));
      await lite.query('insert into saferhub_migrations (name) values ($1)', [name]);
    }
    await lite.query(
      "insert into agencies (name, kind, responsible_authority) values ('Old Release Borough Council', 'local-authority', true)",
    );
    await lite.close();

    // Into the embedded PostgreSQL, or into the server named by DATABASE_URL when the tests run on one.
    const result = await saferhub(legacy, ['import-pglite']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Imported 1 record in');
    expect(fs.existsSync(path.join(dataDir, 'pglite.imported', 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(false);

    const after = await fingerprint(legacy);
    expect(after['agencies']).toMatch(/^1:/);
    // Later migrations were applied on top.
    expect(Object.keys(after).length).toBeGreaterThan(5);
  }, 300_000);
});
