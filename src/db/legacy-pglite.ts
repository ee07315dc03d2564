/**
 * The first release kept its embedded database in `<dataDir>/pglite` (PGlite). This reads such a folder as
 * a backup source, so `saferhub import-pglite` can carry its records into the embedded PostgreSQL. PGlite
 * holds about 1 GB of memory while it is open; it is opened only for this one-off command.
 */
import { PGlite } from '@electric-sql/pglite';
import type { BackupSource } from './backup.js';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function openPgliteSource(folder: string): Promise<BackupSource & { close(): Promise<void> }> {
  const lite = await PGlite.create(folder);
  return {
    query: async <T>(text: string) => (await lite.query<T>(text)).rows,
    copyOut: async (table, columns): Promise<Iterable<Buffer>> => {
      const result = await lite.query(`copy ${quote(table)} (${columns.map(quote).join(', ')}) to '/dev/blob'`);
      const blob = result.blob;
      const bytes = blob ? Buffer.from(await blob.arrayBuffer()) : Buffer.alloc(0);
      return bytes.length ? [bytes] : [];
    },
    close: () => lite.close(),
  };
}
