/**
 * The import repository's plumbing (repository.ts holds the queries): one transaction on one connection,
 * for imports: Drizzle bound to that connection (so the audit entry and the import's rows commit together),
 * raw SQL, and COPY FROM of CSV text streamed through pg-copy-streams.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
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
  const client = await database.pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    const session: BulkSession = {
      db: drizzlePg(client),
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
