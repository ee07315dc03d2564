import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createServices, type Services } from '../../src/services.js';
import { withDatabase } from './global-db.js';

export interface TestRuntime {
  database: Database;
  services: Services;
}

let shared: Promise<TestRuntime> | undefined;

/**
 * One database per test worker, cloned from the run's migrated template on first use and kept for the
 * worker's life, on the run's PostgreSQL (embedded by default, or the server named by TEST_DATABASE_URL).
 */
export function testRuntime(): Promise<TestRuntime> {
  shared ??= open();
  return shared;
}

/** The worker's database if a test has opened it, else undefined. */
export const openedRuntime = () => shared;

async function open(): Promise<TestRuntime> {
  const { adminUrl, template, prefix } = inject('testDatabase');
  const name = `${prefix}_w${process.env.VITEST_POOL_ID ?? '1'}`;
  const databaseUrl = await cloneDatabase(adminUrl, template, name);
  const database = await openDatabase({ databaseUrl, dataDir: '', poolSize: 4 });
  const config = loadConfig({ NODE_ENV: 'test', SAFERHUB_DATA_DIR: '.tmp/test-data', LOG_LEVEL: 'silent', SAFERHUB_DEMO: 'false' });
  return { database, services: createServices(database, { ...config, databaseUrl }) };
}

/** Creates (fresh) a database named `name` from the migrated template; returns its URL. */
export async function cloneDatabase(adminUrl: string, template: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  return withDatabase(adminUrl, name);
}

/** A fresh migrated database of the given name on the run's PostgreSQL, for tests that need one of their own. */
export function freshTestDatabase(name: string): Promise<string> {
  const { adminUrl, template, prefix } = inject('testDatabase');
  return cloneDatabase(adminUrl, template, `${prefix}_${name}`);
}

/** Empties every table (keeping the migrations) so each test starts from nothing. */
export async function resetDatabase(database: Database) {
  await database.withSession(async (s) => {
    const { rows } = await s.query<{ tablename: string }>(
      "select tablename from pg_tables where schemaname = 'public' and tablename <> 'saferhub_migrations'",
    );
    // The audit tables refuse TRUNCATE by trigger; the tests' superuser empties them with triggers off.
    await s.query('set session_replication_role = replica');
    if (rows.length) await s.query(`truncate ${rows.map((r) => `"${r.tablename}"`).join(', ')} restart identity cascade`);
    await s.query('set session_replication_role = default');
  });
}
