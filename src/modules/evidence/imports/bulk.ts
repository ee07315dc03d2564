/**
 * One transaction on one connection, for imports: Drizzle bound to that connection (so the audit entry and
 * the import's rows commit together), raw SQL, and COPY FROM of CSV text. On a PostgreSQL server COPY
 * streams through pg-copy-streams; on PGlite each chunk goes through COPY FROM '/dev/blob'.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Db } from '../../../db/database.js';

export interface BulkSession {
  db: Db;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * COPY CSV text (no header) into `table (columns)`. `chunks` yields whole rows only. On failure the
   * error's `copyRow` is the 1-based row (within everything passed to this call) PostgreSQL complained about.
   */
  copyCsv(table: string, columns: string[], chunks: AsyncIterable<Buffer>): Promise<void>;
}

export class CopyError extends Error {
  constructor(
    message: string,
    readonly copyRow: number | null,
  ) {
    super(message);
  }
}

const lineOf = (error: unknown): number | null => {
  const where = (error as { where?: string }).where ?? (error as Error).message;
  const m = /line (\d+)/.exec(String(where));
  return m ? Number(m[1]) : null;
};

/** Runs fn in one transaction; anything thrown rolls it all back. */
export async function withBulkTransaction<T>(database: Database, fn: (session: BulkSession) => Promise<T>): Promise<T> {
  if (database.pglite) return pgliteTransaction(database.pglite, fn);
  if (database.pool) return serverTransaction(database, fn);
  throw new Error('No database connection');
}

async function pgliteTransaction<T>(pglite: PGlite, fn: (session: BulkSession) => Promise<T>): Promise<T> {
  return pglite.transaction(async (tx: Transaction) => {
    const session: BulkSession = {
      db: drizzlePglite(tx as unknown as PGlite) as unknown as Db,
      query: async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params ?? [])).rows,
      copyCsv: async (table, columns, chunks) => {
        let rowsBefore = 0;
        for await (const chunk of chunks) {
          try {
            await tx.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob' with (format csv)`, [], {
              blob: new Blob([new Uint8Array(chunk)]),
            });
          } catch (error) {
            const line = lineOf(error);
            throw new CopyError((error as Error).message, line === null ? null : rowsBefore + line);
          }
          rowsBefore += countRows(chunk);
        }
      },
    };
    return fn(session);
  });
}

async function serverTransaction<T>(database: Database, fn: (session: BulkSession) => Promise<T>): Promise<T> {
  const client = await database.pool!.connect();
  let broken = false;
  try {
    await client.query('begin');
    const session: BulkSession = {
      db: drizzlePg(client) as unknown as Db,
      query: async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
      copyCsv: async (table, columns, chunks) => {
        const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin with (format csv)`));
        try {
          await pipeline(Readable.from(chunks), stream);
        } catch (error) {
          throw new CopyError((error as Error).message, lineOf(error));
        }
      },
    };
    const result = await fn(session);
    await client.query('commit');
    return result;
  } catch (error) {
    try {
      await client.query('rollback');
    } catch {
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Rows in a chunk of CSV that ends at a row boundary: newlines outside quotes. */
export function countRows(chunk: Buffer): number {
  let rows = 0;
  let quoted = false;
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk[i];
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x0a && !quoted) rows++;
  }
  if (chunk.length && chunk[chunk.length - 1] !== 0x0a) rows++;
  return rows;
}
