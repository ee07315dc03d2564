/** `saferhub import …`: the evidence import commands (the command line acts as the system). */
import path from 'node:path';
import { Command } from 'commander';
import { withServices } from '../../../runtime.js';
import { systemActor } from '../../access/index.js';
import { importChoices, type ImportChoice } from './service.js';
import type { Progress } from './source.js';

const describe: Record<ImportChoice, string> = {
  areas: 'areas: CSV area_code,name,type,parent_code (or the ONS LAD → CSP → PFA lookup)',
  population: 'populations: CSV area_code,year,population, or an ONS mid-year estimates table (CSV or XLSX)',
  indicators: 'indicators: CSV key,name,unit,multiplier,polarity,period_type,source',
  observations: 'observations: CSV indicator,area_code,period,numerator,denominator',
  'police-uk': 'police.uk street-level, outcomes or stop-and-search files (one or more)',
  'home-office': 'the Home Office table of police recorded crime by CSP (years as columns)',
};

/** A progress line on standard error, rewritten in place at a terminal. */
function progressPrinter(fileName: string) {
  let last = 0;
  let finished = false;
  return (p: Progress) => {
    const now = Date.now();
    if (finished || (now - last < 500 && p.bytesDone < p.bytesTotal)) return;
    last = now;
    finished = p.bytesDone >= p.bytesTotal;
    const percent = p.bytesTotal ? Math.floor((p.bytesDone / p.bytesTotal) * 100) : 100;
    const text = `${fileName}: ${percent}% (${p.rows.toLocaleString('en-GB')} rows read)`;
    process.stderr.write(process.stderr.isTTY ? `\r${text}` : `${text}\n`);
  };
}

export function importCommand() {
  const command = new Command('import').description(
    'Import evidence files. Each file is imported whole or not at all; the same file again changes nothing.',
  );
  for (const choice of importChoices) {
    command
      .command(`${choice} <files...>`)
      .description(`Import ${describe[choice]}`)
      .option('--year <year>', 'population: the mid-year of an ONS file whose name does not say it', (v) => Number(v))
      .option('--force <force>', 'stop and search: the force, when the file name does not say it (e.g. thames-valley)')
      .action(async (files: string[], opts: { year?: number; force?: string }) => {
        let failed = 0;
        await withServices(async (services) => {
          for (const file of files) {
            const fileName = path.basename(file);
            const outcome = await services.evidenceImports.importFile(systemActor, {
              choice,
              filePath: path.resolve(file),
              fileName,
              options: { year: opts.year, force: opts.force },
              onProgress: progressPrinter(fileName),
            });
            if (process.stderr.isTTY) process.stderr.write('\n');
            if (outcome.status === 'refused') {
              failed++;
              console.error(outcome.messages.join('\n'));
              for (const problem of outcome.problems) console.error(`  ${problem}`);
              if (outcome.problemCount > outcome.problems.length)
                console.error(`  … and ${outcome.problemCount - outcome.problems.length} more`);
            } else {
              console.log(
                outcome.status === 'succeeded' ? `Imported ${fileName} (import ${outcome.importId}).` : `Already imported: ${fileName}.`,
              );
              for (const message of outcome.messages) console.log(`  ${message}`);
            }
          }
        });
        if (failed) process.exitCode = 1;
      });
  }
  return command;
}
