/** `saferhub export observations`: the observations export, as CSV or JSON, to standard output or a file. */
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { withServices } from '../../../runtime.js';
import type { Services } from '../../../services.js';
import { systemActor } from '../../access/index.js';
import { observationsCsv, observationsJson } from '../presenters.js';
import type { ExportQuery } from './service.js';

export const exportFormats = ['csv', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** The command line acts as the system, so it gets every figure (policy.ts). */
export async function writeObservationsExport(
  services: Services,
  opts: ExportQuery & { format: ExportFormat; output?: string | undefined },
) {
  const rows = await services.evidenceReports.exportObservations(systemActor, opts);
  const text = opts.format === 'json' ? observationsJson(rows) : observationsCsv(rows);
  // An export is a disclosure (s62): logged with what was asked for, channel 'cli'.
  await services.audit.disclosed(systemActor, {
    action: 'record.export',
    entityType: 'indicator',
    entityId: opts.indicator,
    details: { format: opts.format, rows: rows.length, area: opts.area ?? null, period: opts.period ?? null },
  });
  if (opts.output) {
    fs.writeFileSync(opts.output, text);
    process.stderr.write(`Wrote ${rows.length} observations to ${opts.output}\n`);
  } else process.stdout.write(text);
}

export function exportCommand() {
  const command = new Command('export').description('Export evidence');
  command
    .command('observations')
    .description('Observations of one indicator with their value, 95% and 99.8% confidence limits and comparison with a benchmark')
    .requiredOption('--indicator <key>', 'the indicator key, e.g. police-uk:burglary')
    .option('--area <code>', 'only this area (ONS code)')
    .option('--period <period>', 'only this period (2017-05, 2020/21-Q3, 2016/17, 2017)')
    .option('--benchmark <code>', 'compare each observation with this area (e.g. E92000001 England)')
    .addOption(
      new Option('--format <format>', 'csv (snake_case columns) or json (camelCase names, as the API)')
        .choices([...exportFormats])
        .default('csv'),
    )
    .option('--output <file>', 'write to this file instead of standard output')
    .action(
      async (opts: { indicator: string; area?: string; period?: string; benchmark?: string; format: ExportFormat; output?: string }) => {
        process.stdout.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EPIPE') throw error;
        });
        await withServices(async (services) => {
          await writeObservationsExport(services, opts);
        });
      },
    );
  return command;
}
