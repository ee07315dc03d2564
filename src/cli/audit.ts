import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createAuditChain, systemActor } from '../modules/access/index.js';
import { withServices } from '../runtime.js';

const count = (n: number) => n.toLocaleString('en-GB');
const day = (d: Date) => d.toISOString().slice(0, 10);

/** `saferhub audit verify` checks the audit log's hash chain; `saferhub audit prune` applies the retention setting. */
export function auditCommand() {
  const audit = new Command('audit').description('The audit log');
  audit
    .command('verify')
    .description(
      'Check the audit log’s hash chain: prints "N entries verified" and exits 0, or names the first entry that fails and exits 1',
    )
    .action(async () => {
      await withServices(async (services) => {
        const result = await services.auditChain.verify();
        const n = count(result.entries);
        if (result.ok) {
          console.log(`${n} entries verified`);
          const cp = result.checkpoint;
          if (cp)
            console.log(
              `The chain starts after link ${count(cp.seq)}: entries before ${day(cp.removedBefore)} were pruned on ${day(cp.prunedAt)}.`,
            );
          return;
        }
        console.error(
          `Audit log entry ${result.entryId} (link ${result.seq}) does not verify: ${result.reason}. ` + `${n} entries before it verified.`,
        );
        process.exitCode = 1;
      });
    });
  audit
    .command('prune')
    .description(
      'Remove audit entries older than AUDIT_RETENTION_DAYS (default six years), as the database owner, keeping the chain verifiable',
    )
    .action(async () => {
      const config = loadConfig();
      if (config.auditRetentionDays === null) {
        console.log('AUDIT_RETENTION_DAYS is forever: nothing removed.');
        return;
      }
      const days = config.auditRetentionDays;
      const before = new Date(Date.now() - days * 86_400_000);
      await withServices(async (services) => {
        // The app's role may not delete from the log: the prune runs as the owner (DATABASE_OWNER_URL on a server).
        const owner = await openDatabase({
          databaseUrl: config.databaseUrl,
          databaseOwnerUrl: config.databaseOwnerUrl,
          dataDir: config.dataDir,
          role: 'owner',
          poolSize: 1,
        });
        let result;
        try {
          result = await createAuditChain(owner.db).prune(before);
        } finally {
          await owner.close();
        }
        if (!result.ok) {
          const p = result.problem;
          console.error(
            p.ok
              ? 'The audit log does not verify: nothing removed.'
              : `Nothing removed: audit log entry ${p.entryId} (link ${p.seq}) does not verify: ${p.reason}. Run saferhub audit verify.`,
          );
          process.exitCode = 1;
          return;
        }
        await services.audit.record(systemActor, {
          action: 'audit.prune',
          entityType: 'audit_log',
          details: { removed: result.removed, removedBefore: before.toISOString(), checkpointSeq: result.checkpoint?.seq ?? null },
        });
        console.log(
          result.removed === 0
            ? `No audit entries older than ${count(days)} days (before ${day(before)}): nothing removed.`
            : `${count(result.removed)} audit entries older than ${count(days)} days (before ${day(before)}) removed; the chain now starts after link ${count(result.checkpoint!.seq)}.`,
        );
      });
    });
  return audit;
}
