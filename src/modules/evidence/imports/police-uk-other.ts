/** police.uk outcomes files and stop-and-search files: every row kept, COPied straight in. */
import path from 'node:path';
import { locatedHeader } from './police-uk-street.js';
import { parseNumber, quote, sameHeader } from './problems.js';
import { parsedRows, readHeaderLine, rowChunks, splitHeader } from './source.js';
import { copyPoliceRows, CopyError, countPoliceRows, setStopSearchForce, type PoliceFile } from './repository.js';
import type { HandlerResult, ImportContext } from './types.js';

export const outcomesHeader = [...locatedHeader, 'Outcome type'] as const;

export const stopSearchHeader = [
  'Type',
  'Date',
  'Part of a policing operation',
  'Policing operation',
  'Latitude',
  'Longitude',
  'Gender',
  'Age range',
  'Self-defined ethnicity',
  'Officer-defined ethnicity',
  'Legislation',
  'Object of search',
  'Outcome',
  'Outcome linked to object of search',
  'Removal of more than just outer clothing',
] as const;

/** COPY the whole file into its table; when COPY refuses it, read it again to name the problems by line and field. */
async function copyWhole(
  context: ImportContext,
  file: PoliceFile,
  header: readonly string[],
  check: (line: number, fields: string[]) => void,
): Promise<HandlerResult> {
  const { session, filePath, problems, importId } = context;
  const found = splitHeader(await readHeaderLine(filePath));
  if (!sameHeader(found, header)) {
    problems.header([...header], found);
    return { rowsRead: 0, rowsWritten: 0, messages: [] };
  }
  try {
    await copyPoliceRows(session, file, rowChunks(filePath, { onProgress: context.onProgress }));
  } catch (error) {
    if (!(error instanceof CopyError)) throw error;
    try {
      for await (const { line, fields } of parsedRows(filePath)) {
        if (fields.length !== header.length)
          problems.add(line, null, `has ${fields.length} fields where ${header.length} were expected (a ragged or truncated row)`);
        else check(line, fields);
      }
    } catch (parseError) {
      problems.add(null, null, `the file ends part-way through a row or has a broken quote (${(parseError as Error).message})`);
    }
    if (!problems.any) throw error;
    return { rowsRead: 0, rowsWritten: 0, messages: [] };
  }
  const n = await countPoliceRows(session, file, importId);
  return { rowsRead: n, rowsWritten: n, messages: [`${n.toLocaleString('en-GB')} records imported.`] };
}

const month = /^\d{4}-(0[1-9]|1[0-2])$/;

export function importPoliceUkOutcomes(context: ImportContext) {
  const { problems } = context;
  return copyWhole(context, 'outcomes', outcomesHeader, (line, f) => {
    if (!f[0]) problems.add(line, 'Crime ID', 'is empty');
    if (!month.test(f[1]!)) problems.add(line, 'Month', `${quote(f[1]!)} is not a month written YYYY-MM`);
    if (f[4] && parseNumber(f[4]) === null) problems.add(line, 'Longitude', `${quote(f[4])} is not a number`);
    if (f[5] && parseNumber(f[5]) === null) problems.add(line, 'Latitude', `${quote(f[5])} is not a number`);
    if (!f[9]) problems.add(line, 'Outcome type', 'is empty');
  });
}

/** The force of a stop-and-search file: --force, else the name (2022-01-thames-valley-stop-and-search.csv). */
export const forceFromFileName = (name: string) => /^\d{4}-\d{2}-(.+)-stop-and-search/i.exec(path.basename(name))?.[1] ?? null;

export async function importStopSearch(context: ImportContext): Promise<HandlerResult> {
  const { problems, session } = context;
  const force = context.options.force ?? forceFromFileName(context.fileName);
  if (!force) {
    problems.add(null, null, 'the file name does not say which force it is from: give the force (--force thames-valley)');
    return { rowsRead: 0, rowsWritten: 0, messages: [] };
  }
  await setStopSearchForce(session, force);
  const bool = /^(true|false)?$/i;
  return copyWhole(context, 'stop-and-search', stopSearchHeader, (line, f) => {
    if (!f[0]) problems.add(line, 'Type', 'is empty');
    if (Number.isNaN(Date.parse(f[1]!))) problems.add(line, 'Date', `${quote(f[1]!)} is not a date and time`);
    for (const i of [2, 13, 14]) if (!bool.test(f[i]!)) problems.add(line, stopSearchHeader[i]!, `${quote(f[i]!)} is not True or False`);
    if (f[4] && parseNumber(f[4]) === null) problems.add(line, 'Latitude', `${quote(f[4])} is not a number`);
    if (f[5] && parseNumber(f[5]) === null) problems.add(line, 'Longitude', `${quote(f[5])} is not a number`);
  });
}
