import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateAsOwner } from './db/migrate.js';
import { randomToken } from './lib/tokens.js';
import { createServices, type Services } from './services.js';
import type { AuditChannel } from './modules/access/index.js';

/** Opens the configured database, migrates it and wires the services: shared by the server and the CLI. */
export async function openRuntime(config: Config, wiring: { channel?: AuditChannel } = {}) {
  const options = { databaseUrl: config.databaseUrl, databaseOwnerUrl: config.databaseOwnerUrl, dataDir: config.dataDir };
  const database: Database = await openDatabase(options);
  try {
    const applied = await migrateAsOwner(options, database);
    return { database, services: createServices(database, config, wiring), applied };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** For the command line: opens the database named by the same settings as the server, runs `fn` with the services, and closes it. */
export async function withServices<T>(fn: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { database, services } = await openRuntime(config, { channel: 'cli' });
  try {
    const result = await fn(services);
    // What the command wrote to the audit log is sealed into its hash chain before it lets go.
    await services.auditChain.seal({ recentOnly: true });
    return result;
  } finally {
    await database.close();
  }
}

/**
 * The secret that signs cookies: SESSION_SECRET when set; otherwise, on the embedded database, one
 * generated on first start and kept in the data folder; otherwise a per-process one (development only).
 */
export function cookieSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  if (!config.databaseUrl) {
    const file = path.join(config.dataDir, 'session-secret');
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
    fs.mkdirSync(config.dataDir, { recursive: true });
    const secret = randomToken(48);
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
  return randomToken(48);
}
