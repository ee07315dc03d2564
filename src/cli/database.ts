import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { backupDatabase, restoreDatabase, writeBackup, type RestoreSummary } from '../db/backup.js';
import { grantAppRole } from '../db/roles.js';
import { openDatabase } from '../db/database.js';
import { legacyPgliteDir } from '../db/embedded.js';
import { openPgliteSource } from '../db/legacy-pglite.js';

/**
 * Restores write every table and move sequences, so they run as the owner role; then the app's role is
 * given its privileges on what was restored, as after a migration.
 */
async function restoreAsOwner(config: Config, file: string, besideLegacy = false): Promise<RestoreSummary> {
  const options = { databaseUrl: config.databaseUrl, databaseOwnerUrl: config.databaseOwnerUrl, dataDir: config.dataDir, besideLegacy };
  const app = await openDatabase({ ...options, poolSize: 1 });
  try {
    const owner = await openDatabase({ ...options, role: 'owner', poolSize: 2 });
    try {
      const summary = await restoreDatabase(owner, file);
      if (owner.user !== app.user) await owner.withSession((s) => grantAppRole(s, app.user));
      return summary;
    } finally {
      await owner.close();
    }
  } finally {
    await app.close();
  }
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

/** `saferhub backup`, `saferhub restore` and `saferhub import-pglite`: whole-database copies. */
export function databaseCommands(): Command[] {
  const backup = new Command('backup')
    .description('Write a backup of the whole database (every record, the audit log included) to one file')
    .requiredOption('--out <file>', 'the backup file to write (gzip); refused if it exists')
    .action(async (opts: { out: string }) => {
      const out = path.resolve(opts.out);
      if (fs.existsSync(out)) throw new Error(`${out} already exists: choose a new file name.`);
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
      try {
        const header = await backupDatabase(database, out);
        const rows = header.tables.reduce((n, t) => n + t.rows, 0);
        console.log(`Backed up ${plural(header.tables.length, 'table')} and ${plural(rows, 'record')} to ${out}`);
      } finally {
        await database.close();
      }
    });

  const restore = new Command('restore')
    .description('Restore a backup into an empty database (a new SAFERHUB_DATA_DIR folder, or a new database for DATABASE_URL)')
    .argument('<file>', 'a file written by saferhub backup')
    .action(async (file: string) => {
      const config = loadConfig();
      const summary = await restoreAsOwner(config, path.resolve(file));
      console.log(`Restored ${plural(summary.tables, 'table')} and ${plural(summary.rows, 'record')} from ${file}`);
      if (summary.laterMigrations.length) console.log(`Then applied ${summary.laterMigrations.length} later migration(s).`);
    });

  const importPglite = new Command('import-pglite')
    .description('Carry the records of an earlier SaferHub’s embedded database (PGlite, in <data folder>/pglite) into this one')
    .option('--from <folder>', 'the PGlite folder', undefined)
    .action(async (opts: { from?: string }) => {
      const config = loadConfig();
      const from = path.resolve(opts.from ?? legacyPgliteDir(config.dataDir));
      if (!fs.existsSync(path.join(from, 'PG_VERSION'))) throw new Error(`${from} holds no PGlite database.`);
      const dump = path.join(config.dataDir, `.pglite-export-${process.pid}.gz`);
      const source = await openPgliteSource(from);
      try {
        console.log(`Reading ${from} …`);
        await writeBackup(source, dump);
      } finally {
        await source.close();
      }
      try {
        const summary = await restoreAsOwner(config, dump, true);
        console.log(`Imported ${plural(summary.rows, 'record')} in ${plural(summary.tables, 'table')} from ${from}.`);
      } finally {
        fs.rmSync(dump, { force: true });
      }
      if (from === legacyPgliteDir(config.dataDir)) {
        fs.renameSync(from, `${from}.imported`);
        console.log(`The old folder is now ${from}.imported; delete it yourself once you are happy with the import.`);
      }
    });

  return [backup, restore, importPglite];
}
