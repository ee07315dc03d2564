/**
 * `saferhub report <kind> --partnership NAME --period P --format html|pdf|docx --out FILE [--version N]`:
 * the same bytes as the report page's download. The partnership is named by id or a unique
 * case-insensitive part of its name; a draft unless --version names a published version.
 */
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { AppError } from '../../lib/errors.js';
import { withServices } from '../../runtime.js';
import { systemActor } from '../access/index.js';
import { reportPeriod } from './inputs.js';
import { reportFormats, reportKinds, type ReportFormat, type ReportKind } from './schema.js';

const examples: Record<ReportKind, string> = {
  'annual-review': '2016/17',
  assurance: '2021/22-Q3',
  'progress-table': '2020/21-Q3',
};

export function reportCommand() {
  const command = new Command('report').description('Make a report (annual-review, assurance, progress-table) as HTML, PDF or DOCX');
  for (const kind of reportKinds) {
    command
      .command(kind)
      .description(`The ${kind.replace('-', ' ')} of a partnership for a period`)
      .requiredOption('--partnership <name>', 'the partnership: its id or a unique part of its name')
      .requiredOption('--period <period>', `the period, e.g. ${examples[kind]}`)
      .addOption(new Option('--format <format>', 'html, pdf or docx').choices([...reportFormats]).default('pdf'))
      .requiredOption('--out <file>', 'the file to write')
      .option('--version <n>', 'a published version (a draft when left out)')
      .action(async (opts: { partnership: string; period: string; format: ReportFormat; out: string; version?: string }) => {
        try {
          await withServices(async (services) => {
            const partnership = await services.partnerships.resolvePartnership(opts.partnership);
            const period = reportPeriod(kind, opts.period);
            const version = opts.version === undefined ? undefined : Number(opts.version);
            if (version !== undefined && !(Number.isInteger(version) && version > 0))
              throw new AppError('validation_failed', `--version must be a whole number from 1, not “${opts.version}”`);
            const file = await services.reports.download(systemActor, partnership.id, kind, period, opts.format, version);
            fs.writeFileSync(opts.out, file.bytes);
            process.stderr.write(`Wrote ${file.fileName} (${file.bytes.length.toLocaleString('en-GB')} bytes) to ${opts.out}\n`);
          });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const details =
            'fieldErrors' in error && Array.isArray(error.fieldErrors)
              ? (error.fieldErrors as { message: string }[]).map((e) => e.message)
              : [];
          process.stderr.write(`${details.length ? details.join('\n') : error.message}\n`);
          process.exitCode = 1;
        }
      });
  }
  return command;
}
