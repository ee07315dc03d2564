// One timed import in a process of its own, so that its memory is its alone:
//   node --import tsx bench/import/run-one.ts FILE (--database-url URL | --data-dir DIR)
// With --data-dir it opens SaferHub's embedded PostgreSQL in DIR, as SaferHub does without DATABASE_URL
// (creates the cluster, starts it, stops it again on close). Migrates, imports the demo areas (not timed),
// then imports FILE through the real import service. Prints a line { phase: 'import' } as the timed import
// starts, and one as it ends: { openSeconds, settings, seconds, walMb, rows, status, messages, maxRssMb } (maxRssMb: this
// process's own high-water mark).
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateAsOwner } from '../../src/db/migrate.js';
import { systemActor } from '../../src/modules/access/actor.js';
import { createServices } from '../../src/services.js';

const [file, flag, target] = process.argv.slice(2);
if (!file || !flag || !target || !['--database-url', '--data-dir'].includes(flag))
  throw new Error('usage: run-one.ts FILE (--database-url URL | --data-dir DIR)');
const databaseUrl = flag === '--database-url' ? target : undefined;
// With a database URL the data folder is never used.
const dataDir = flag === '--data-dir' ? target : path.join(os.tmpdir(), 'saferhub-bench-unused');

let started = process.hrtime.bigint();
const options = { databaseUrl, dataDir };
const database = await openDatabase({ ...options, poolSize: 2 });
const openSeconds = Number(process.hrtime.bigint() - started) / 1e9;
try {
  // As SaferHub does: migrations as the owner role, the import as the app's role.
  await migrateAsOwner(options, database);
  const settings = await database.withSession(async (session) => {
    const names = ['server_version', 'data_checksums', 'shared_buffers', 'fsync', 'synchronous_commit', 'max_wal_size'];
    const { rows } = await session.query<{ name: string; setting: string }>(
      'select name, current_setting(name) as setting from unnest($1::text[]) as name',
      [names],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  });
  const config = loadConfig({ NODE_ENV: 'test', SAFERHUB_DATA_DIR: dataDir, LOG_LEVEL: 'silent', SAFERHUB_DEMO: 'false' });
  const services = createServices(database, { ...config, databaseUrl });
  const areas = path.resolve('data/demo/evidence/areas.csv');
  await services.evidenceImports.importFile(systemActor, { choice: 'areas', filePath: areas, fileName: 'areas.csv' });

  console.log(JSON.stringify({ phase: 'import' })); // for the parent's CPU and memory sampling
  const lsn = async () =>
    database.withSession(
      async (session) => (await session.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0]!.lsn,
    );
  const walBefore = await lsn();
  started = process.hrtime.bigint();
  const outcome = await services.evidenceImports.importFile(systemActor, {
    choice: 'police-uk',
    filePath: file,
    fileName: path.basename(file),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const walAfter = await lsn();
  const walMb = await database.withSession(
    async (session) =>
      (await session.query<{ mb: number }>('select pg_wal_lsn_diff($1, $2)::float8 / 1048576 as mb', [walAfter, walBefore])).rows[0]!.mb,
  );
  console.log(
    JSON.stringify({
      openSeconds,
      settings,
      seconds,
      walMb,
      rows: outcome.status === 'succeeded' ? outcome.rowsRead : 0,
      status: outcome.status,
      messages: outcome.messages,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
} finally {
  // For the embedded database this also stops its PostgreSQL (no one else is connected).
  await database.close();
}
