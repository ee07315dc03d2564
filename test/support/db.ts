import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { createServices, type Services } from '../../src/services.js';

export interface TestRuntime {
  database: Database;
  services: Services;
}

let shared: Promise<TestRuntime> | undefined;

/**
 * One migrated database per test worker, opened on first use and kept for the worker's life:
 * the embedded PGlite in memory, or, when TEST_DATABASE_URL is set, a database of the worker's own
 * on that PostgreSQL server.
 */
export function testRuntime(): Promise<TestRuntime> {
  shared ??= open();
  return shared;
}

async function open(): Promise<TestRuntime> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const databaseUrl = serverUrl ? await workerDatabase(serverUrl) : undefined;
  const database = await openDatabase({ databaseUrl, dataDir: 'memory://', poolSize: 4 });
  await migrate(database);
  const config = loadConfig({ NODE_ENV: 'test', SAFERHUB_DATA_DIR: '.tmp/test-data', LOG_LEVEL: 'silent', SAFERHUB_DEMO: 'false' });
  return { database, services: createServices(database, { ...config, databaseUrl }) };
}

/** Creates (fresh) a database for this worker on the server and returns its URL. */
const workerDatabase = (serverUrl: string) => freshServerDatabase(serverUrl, `saferhub_test_${process.env.VITEST_POOL_ID ?? '1'}`);

/** Drops and creates the named database on the test server; returns its URL. */
export async function freshServerDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Empties every table (keeping the migrations) so each test starts from nothing. */
export async function resetDatabase(database: Database) {
  await database.withSession(async (s) => {
    const { rows } = await s.query<{ tablename: string }>(
      "select tablename from pg_tables where schemaname = 'public' and tablename <> 'saferhub_migrations'",
    );
    if (rows.length) await s.query(`truncate ${rows.map((r) => `"${r.tablename}"`).join(', ')} restart identity cascade`);
  });
}
