import { Command } from 'commander';
import { withServices } from '../runtime.js';

/** `saferhub audit verify`: checks the audit log's hash chain from the first entry to the last. */
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
        const n = result.entries.toLocaleString('en-GB');
        if (result.ok) {
          console.log(`${n} entries verified`);
          return;
        }
        console.error(
          `Audit log entry ${result.entryId} (link ${result.seq}) does not verify: ${result.reason}. ` + `${n} entries before it verified.`,
        );
        process.exitCode = 1;
      });
    });
  return audit;
}
