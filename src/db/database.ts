import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import pg from 'pg';
import { openEmbeddedPostgres, type EmbeddedCluster } from './embedded.js';

/** The Drizzle handle: the same type whether the database is embedded or a server. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Repository functions take either the database or an open transaction. */
export type DbOrTx = Db | Tx;

export interface SqlSession {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Database {
  /** Which PostgreSQL: the embedded one in the data folder, or the server named by DATABASE_URL. */
  kind: 'embedded' | 'server';
  db: Db;
  /** The connection pool: both kinds are a real PostgreSQL reached over a socket. */
  pool: pg.Pool;
  /** The role connected as (from the URL): the app's, or the owner for migrations and restores. */
  user: string;
  /** Run raw SQL on one connection (migrations, advisory locks, bulk loads). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** The owner role's URL on a server (migrations, restores); without it the app's URL serves for both. */
  databaseOwnerUrl?: string | undefined;
  /** Which role to connect as: the app's (default) or the owner (migrations, restores). */
  role?: 'app' | 'owner';
  /** Folder for the embedded database (used when no databaseUrl is given). */
  dataDir: string;
  poolSize?: number;
  /** Embedded only: open beside a PGlite folder from an earlier release (the import-pglite command). */
  besideLegacy?: boolean;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const poolSize = options.poolSize ?? 10;
  const owner = options.role === 'owner';
  if (options.databaseUrl) return openPool('server', (owner && options.databaseOwnerUrl) || options.databaseUrl, poolSize);
  const cluster = await openEmbeddedPostgres({ dataDir: options.dataDir, besideLegacy: options.besideLegacy });
  try {
    return await openPool('embedded', owner ? cluster.ownerUrl : cluster.url, poolSize, cluster);
  } catch (error) {
    await cluster.release();
    throw error;
  }
}

async function openPool(kind: Database['kind'], url: string, poolSize: number, cluster?: EmbeddedCluster): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'saferhub' });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // Fail fast with a clear error when the server cannot be reached.
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const db = drizzle(pool) as unknown as Db;
  let closed = false;
  return {
    kind,
    db,
    pool,
    user: decodeURIComponent(new URL(url).username) || 'postgres',
    withSession: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn({
          query: async <T>(text: string, params?: unknown[]) => {
            // Several statements in one text answer with one result each: the last one's rows count.
            const result = (await client.query(text, params)) as pg.QueryResult | pg.QueryResult[];
            const rows: unknown[] = Array.isArray(result) ? (result[result.length - 1]?.rows ?? []) : result.rows;
            return { rows: rows as T[] };
          },
        });
      } finally {
        client.release();
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
      await cluster?.release();
    },
  };
}

/** Runs a raw SQL query and returns its rows. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}
