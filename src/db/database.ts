import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import pg from 'pg';

/** The Drizzle handle: the same type whether the database is embedded or a server. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Repository functions take either the database or an open transaction. */
export type DbOrTx = Db | Tx;

export interface SqlSession {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Run raw SQL on one connection (migrations, advisory locks, bulk loads). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** The embedded database, when that is what runs. */
  pglite?: PGlite;
  /** The connection pool, when a PostgreSQL server is used. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** Folder for the embedded database; `memory://` for a throwaway one. */
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openServer(options.databaseUrl, options.poolSize ?? 10);
  return openEmbedded(options.dataDir);
}

async function openEmbedded(dataDir: string): Promise<Database> {
  let location = 'memory://';
  if (dataDir !== 'memory://') {
    location = path.join(dataDir, 'pglite');
    fs.mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create(location);
  const db = drizzlePglite(client) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    withSession: (fn) =>
      fn({
        query: async <T>(text: string, params?: unknown[]) => {
          if (!params || params.length === 0) {
            const results = await client.exec(text);
            const last = results[results.length - 1];
            return { rows: (last?.rows ?? []) as T[] };
          }
          const result = await client.query<T>(text, params);
          return { rows: result.rows };
        },
      }),
    close: () => client.close(),
  };
}

async function openServer(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Fail fast with a clear error when the server cannot be reached.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg(pool) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    pool,
    withSession: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn({
          query: async <T>(text: string, params?: unknown[]) => {
            const result = await client.query(text, params);
            const rows = Array.isArray(result) ? (result[result.length - 1]?.rows ?? []) : result.rows;
            return { rows: rows as T[] };
          },
        });
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Runs a raw SQL query and returns its rows, the same way on both drivers. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
