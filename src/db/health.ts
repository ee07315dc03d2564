import { sql } from 'drizzle-orm';
import { queryRows, type Db } from './database.js';

/** Whether the database answers a trivial query within the time allowed (for the health check). */
export async function databaseAnswers(db: Db, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = queryRows<{ ok: number }>(db, sql`select 1 as ok`).then(
    (rows) => Number(rows[0]?.ok) === 1,
    () => false,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
