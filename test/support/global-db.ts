import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.js';
import { openEmbeddedPostgres, type EmbeddedCluster } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { adminUrl: string; template: string; prefix: string };
  }
}

let cluster: EmbeddedCluster | undefined;
let clusterDir: string | undefined;
let adminUrl = '';
let prefix = '';

/**
 * Once per test run: a PostgreSQL to test on (an embedded one in a temporary folder, or the server named by
 * TEST_DATABASE_URL) and one migrated template database, which each test worker clones with
 * CREATE DATABASE … TEMPLATE (a few milliseconds) instead of migrating its own.
 */
export async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    adminUrl = serverUrl;
  } else {
    clusterDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-test-pg-'));
    fs.chmodSync(clusterDir, 0o711); // as root, PostgreSQL runs as the user `postgres`, which must reach it
    cluster = await openEmbeddedPostgres({ dataDir: clusterDir, durable: false });
    adminUrl = cluster.adminUrl;
  }
  prefix = `saferhub_t${process.pid}`;
  const template = `${prefix}_template`;
  await admin(async (client) => {
    await client.query(`drop database if exists ${template} with (force)`);
    await client.query(`create database ${template}`);
  });
  const database = await openDatabase({ databaseUrl: withDatabase(adminUrl, template), dataDir: '', poolSize: 1 });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
  project.provide('testDatabase', { adminUrl, template, prefix });
}

export async function teardown() {
  try {
    if (!cluster) {
      await admin(async (client) => {
        const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [
          `${prefix}\\_%`,
        ]);
        for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
      });
    }
  } finally {
    await cluster?.release({ force: true });
    if (clusterDir) fs.rmSync(clusterDir, { recursive: true, force: true });
  }
}

async function admin(fn: (client: pg.Client) => Promise<void>) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
