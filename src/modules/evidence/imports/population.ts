/**
 * Populations: `area_code,year,population`, or an ONS mid-year estimates table (MYE2 "Persons": columns
 * Code, Name, Geography, All ages, then single years of age; numbers may carry thousands separators) as CSV
 * or XLSX. The mid-year of an ONS file comes from --year or its name (mid2020, mye23, …estimates2019…);
 * areas in an ONS file that are not held are skipped and counted. The companion rates per 1,000 residents of
 * police.uk and Home Office counts are then worked out again with the populations held (rates.ts).
 */
import path from 'node:path';
import { inBatches, listAreaCodes, upsertPopulations, type PopulationRow } from './repository.js';
import { parseCount, quote, sameHeader } from './problems.js';
import { parsedRows, readHeaderLine, splitHeader, type ParsedRow } from './source.js';
import { xlsxRows, XlsxRefusedError, type XlsxSheetRows } from './xlsx.js';
import { detectEncoding, readHead } from './encoding.js';
import { companionRatePrefixes, refreshCompanionRates } from './rates.js';
import type { HandlerResult, ImportContext } from './types.js';

export const populationHeader = ['area_code', 'year', 'population'] as const;

/** The mid-year an ONS file is for, from its name. */
export function yearFromFileName(name: string): number | null {
  const base = path.basename(name).toLowerCase();
  let m = /mid[-_ ]?(\d{4})/.exec(base) ?? /midyearestimates(\d{4})/.exec(base);
  if (m) return Number(m[1]);
  m = /mye(\d{2})/.exec(base);
  return m ? 2000 + Number(m[1]) : null;
}

export async function importPopulation(context: ImportContext): Promise<HandlerResult> {
  const { filePath, fileName, problems } = context;
  const isXlsx = /\.xlsx$/i.test(fileName) || detectEncoding(await readHead(filePath, 4)) === 'zip';
  const held = new Set((await listAreaCodes(context.session.db)).map((a) => a.code));
  let rows: AsyncIterable<ParsedRow>;
  let header: string[];
  let closeWorkbook: () => Promise<void> = () => Promise.resolve();
  if (isXlsx) {
    let found: XlsxSheetRows | null;
    try {
      found = await xlsxRows(filePath, (cells) => cells[0]?.trim() === 'Code' && cells.some((c) => /^all ages$/i.test(c.trim())));
    } catch (error) {
      if (!(error instanceof XlsxRefusedError)) throw error;
      problems.add(null, null, error.message);
      return { rowsRead: 0, rowsWritten: 0, messages: [] };
    }
    if (!found) {
      problems.add(null, null, 'no sheet has a header row starting "Code" with an "All ages" column (the ONS MYE2 Persons table)');
      return { rowsRead: 0, rowsWritten: 0, messages: [] };
    }
    header = found.header;
    rows = found.rows;
    closeWorkbook = found.close;
  } else {
    header = splitHeader(await readHeaderLine(filePath));
    rows = parsedRows(filePath, context.onProgress);
  }
  try {
    return await importRows(context, header, rows, held);
  } finally {
    await closeWorkbook();
  }
}

async function importRows(
  context: ImportContext,
  header: string[],
  rows: AsyncIterable<ParsedRow>,
  held: Set<string>,
): Promise<HandlerResult> {
  const { fileName, problems } = context;
  const ons = header[0] === 'Code' && header.some((h) => /^all ages$/i.test(h));
  if (!ons && !sameHeader(header, populationHeader)) {
    problems.header([...populationHeader], header);
    return { rowsRead: 0, rowsWritten: 0, messages: [] };
  }
  const onsYear = context.options.year ?? yearFromFileName(fileName);
  if (ons && !onsYear) {
    problems.add(null, null, 'the file name does not say which mid-year it estimates: give the year (--year 2020)');
    return { rowsRead: 0, rowsWritten: 0, messages: [] };
  }
  const allAges = header.findIndex((h) => /^all ages$/i.test(h));
  const out = new Map<string, PopulationRow & { line: number }>();
  let rowsRead = 0;
  let skipped = 0;
  try {
    for await (const { line, fields } of rows) {
      rowsRead++;
      if (ons) {
        const code = (fields[0] ?? '').trim();
        if (!code) continue;
        if (!held.has(code)) {
          skipped++;
          continue;
        }
        const population = parseCount(fields[allAges] ?? '');
        if (population === null) problems.add(line, 'All ages', `${quote(fields[allAges] ?? '')} is not a whole number of people`);
        else out.set(`${code}|${onsYear}`, { areaCode: code, year: onsYear!, population, importId: context.importId, line });
        continue;
      }
      if (fields.length !== populationHeader.length) {
        problems.add(line, null, `has ${fields.length} fields where ${populationHeader.length} were expected`);
        continue;
      }
      const [code = '', yearText = '', popText = ''] = fields.map((f) => f.trim());
      let ok = true;
      if (!held.has(code)) {
        problems.add(line, 'area_code', `${quote(code)} is not a known area (import it with the areas first)`);
        ok = false;
      }
      const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
      if (year === null) {
        problems.add(line, 'year', `${quote(yearText)} is not a year like 2017`);
        ok = false;
      }
      const population = parseCount(popText);
      if (population === null) {
        problems.add(
          line,
          'population',
          popText.trim().startsWith('-') ? 'cannot be negative' : `${quote(popText)} is not a whole number of people`,
        );
        ok = false;
      }
      const key = `${code}|${year}`;
      if (ok && out.has(key)) problems.add(line, 'area_code', `${code} ${year} is already on line ${out.get(key)!.line}`);
      else if (ok) out.set(key, { areaCode: code, year: year!, population: population!, importId: context.importId, line });
    }
  } catch (error) {
    if (error instanceof XlsxRefusedError) problems.add(null, null, error.message);
    else problems.add(null, null, `the file ends part-way through a row or has a broken quote (${(error as Error).message})`);
  }
  if (problems.any) return { rowsRead, rowsWritten: 0, messages: [] };
  const all = [...out.values()].map(({ line: _line, ...row }) => row);
  await inBatches(all, 2000, (batch) => upsertPopulations(context.session.db, batch));
  const years = [...new Set(all.map((r) => r.year))].sort();
  // Counts imported before these populations get (or update) their rates per 1,000 residents now.
  let rates = 0;
  for (const prefix of companionRatePrefixes)
    rates += await refreshCompanionRates(context.session, context.importId, { prefix, periods: null });
  return {
    rowsRead,
    rowsWritten: all.length,
    messages: [
      `${all.length.toLocaleString('en-GB')} populations imported for ${years.join(', ') || 'no year'}.`,
      ...(skipped ? [`${skipped.toLocaleString('en-GB')} rows were for areas not held and were skipped.`] : []),
      ...(rates
        ? [
            `${rates.toLocaleString('en-GB')} rates per 1,000 residents of police.uk and Home Office counts worked out with the populations held.`,
          ]
        : []),
    ],
  };
}
