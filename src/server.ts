import { buildApp, loggerOptions } from './app.js';
import { ConfigError, loadConfig, signInSummary } from './config.js';
import { demoSignInHelp, loadDemo } from './demo/index.js';
import type { Database } from './db/database.js';
import { cookieSecret, openRuntime } from './runtime.js';
import { removeLeftoverImportFiles } from './modules/evidence/index.js';
import { startNotifications } from './modules/notifications/index.js';

let opened: Database | undefined;

async function main() {
  const config = loadConfig();
  const { database, services, applied } = await openRuntime(config);
  opened = database;
  if (config.demo) {
    const summary = await loadDemo(services, { withUsers: true });
    if (summary.created > 0 || applied.length > 0) console.log(`Demo data loaded (${summary.created} records created).`);
  }
  // Sessions idle past their expiry hold no secret, but are removed at start and hourly to keep the table small.
  await services.access.cleanExpiredSessions();
  setInterval(() => void services.access.cleanExpiredSessions().catch(() => undefined), 60 * 60 * 1000).unref();
  await removeLeftoverImportFiles(); // temporary files of uploads and imports whose process was killed
  // The audit log's hash chain: everything unsealed at start, then recent entries every 2 s, all hourly.
  await services.auditChain.seal();
  const timers = [
    setInterval(() => void services.auditChain.seal({ recentOnly: true }).catch(() => undefined), 2_000).unref(),
    setInterval(() => void services.auditChain.seal().catch(() => undefined), 60 * 60 * 1000).unref(),
  ];
  const app = await buildApp({ services, cookieSecret: cookieSecret(config), logger: loggerOptions(config.logLevel) });
  // Reminders and digests (every process; one at a time by an advisory lock) and the e-mail outbox worker.
  const notifications = startNotifications(database.db, config, app.log);

  // Graceful shutdown (SIGTERM from systemd, SIGINT from a terminal): stop accepting connections, let the
  // requests in flight finish (at most SHUTDOWN_GRACE_MS; then their connections are cut and the exit
  // code is 1), seal what they wrote into the audit chain, and close the database.
  const SHUTDOWN_GRACE_MS = 20_000;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    let cut = false;
    const deadline = setTimeout(() => {
      cut = true;
      app.log.warn('requests still running after the grace period: closing their connections');
      app.server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS).unref();
    try {
      await notifications.stop();
      await app.close();
      clearTimeout(deadline);
      for (const timer of timers) clearInterval(timer);
      await services.auditChain.seal({ recentOnly: true }).catch(() => undefined);
      await database.close();
      process.exit(cut ? 1 : 0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${(app.server.address() as { port: number }).port}`;
  console.log(`\nSaferHub is running at ${url}`);
  console.log(config.databaseUrl ? 'Database: PostgreSQL server (DATABASE_URL)' : `Database: embedded PostgreSQL in ${config.dataDir}`);
  console.log(signInSummary(config));
  console.log(notifications.message);
  if (config.demo) console.log(demoSignInHelp());
  else console.log('Create an account with: npx saferhub users create --email … --agency … --role … --partnership …');
}

main().catch(async (error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('SaferHub failed to start:', error instanceof Error ? error.message : error);
  // A start that fails after the database opened lets go of it (the embedded one stops when no one else uses it).
  await opened?.close().catch(() => undefined);
  process.exit(1);
});
