import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateAsOwner } from '../db/migrate.js';
import { loadDemo } from '../demo/index.js';
import { AppError } from '../lib/errors.js';
import { withServices } from '../runtime.js';
import { tokensCommand } from './tokens.js';
import { usersCommand } from './users.js';
import { extraCommands } from './registry.js';

const program = new Command('saferhub')
  .description(
    'SaferHub command line. Uses the same settings as the server: DATABASE_URL, or the embedded database in SAFERHUB_DATA_DIR (default ./.data).',
  )
  .showHelpAfterError();

program
  .command('migrate')
  .description('Apply any database migrations not yet applied')
  .action(async () => {
    const config = loadConfig();
    const options = { databaseUrl: config.databaseUrl, databaseOwnerUrl: config.databaseOwnerUrl, dataDir: config.dataDir };
    const database = await openDatabase(options);
    try {
      const applied = await migrateAsOwner(options, database);
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
    } finally {
      await database.close();
    }
  });

const demo = program.command('demo').description('The demo dataset drawn from the partnership documents');
demo
  .command('load')
  .description('Load the demo data. Running it again changes nothing.')
  .option('--with-users', 'also create the demo accounts (never do this on a real deployment)', false)
  .action(async (opts: { withUsers: boolean }) => {
    await withServices(async (services) => {
      const { created } = await loadDemo(services, { withUsers: opts.withUsers, log: (l) => console.log(l) });
      console.log(created ? `Demo data loaded: ${created} records created.` : 'Demo data already loaded: nothing changed.');
    });
  });

program.addCommand(usersCommand());
program.addCommand(tokensCommand());
for (const command of extraCommands()) program.addCommand(command);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof AppError)
    console.error(`saferhub: ${error.message}${error.details ? '\n' + JSON.stringify(error.details) : ''}`);
  else console.error(`saferhub: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
