/**
 * Observations: `indicator,area_code,period,numerator,denominator`. The value is the count for count
 * indicators and numerator / denominator × multiplier otherwise; a rate with no denominator takes the area's
 * population for the period's year. Rows are checked and written in batches inside the import's
 * transaction, so a large file never sits in memory and a bad row anywhere undoes it all.
 */
import { parsePeriod, PeriodError } from '../../../lib/periods.js';
import { listAllPopulations, listAreaCodes, listIndicatorDefinitions, upsertObservations, type ObservationRow } from './repository.js';
import { parseNumber, quote, sameHeader } from './problems.js';
import { checkedRows, readHeaderLine, splitHeader } from './source.js';
import type { HandlerResult, ImportContext } from './types.js';

export const observationsHeader = ['indicator', 'area_code', 'period', 'numerator', 'denominator'] as const;
const BATCH = 2000;

export async function importObservations(context: ImportContext): Promise<HandlerResult> {
  const { filePath, problems, session } = context;
  const header = splitHeader(await readHeaderLine(filePath));
  if (!sameHeader(header, observationsHeader)) {
    problems.header([...observationsHeader], header);
    return { rowsRead: 0, rowsWritten: 0, messages: [] };
  }
  const indicators = new Map((await listIndicatorDefinitions(session.db)).map((i) => [i.key, i]));
  const areaCodes = new Set((await listAreaCodes(session.db)).map((a) => a.code));
  const populations = new Map((await listAllPopulations(session.db)).map((p) => [`${p.areaCode}|${p.year}`, p.population]));
  const seen = new Map<string, number>();
  let batch: ObservationRow[] = [];
  const read = { rows: 0 };
  let rowsWritten = 0;
  for await (const { line, fields } of checkedRows(filePath, observationsHeader.length, problems, context.onProgress, read)) {
    const [key = '', code = '', periodText = '', numText = '', denText = ''] = fields.map((f) => f.trim());
    const before = problems.count;
    const indicator = indicators.get(key);
    if (!indicator) problems.add(line, 'indicator', `${quote(key)} is not a known indicator (import it with the indicators first)`);
    if (!areaCodes.has(code)) problems.add(line, 'area_code', `${quote(code)} is not a known area (import it with the areas first)`);
    let period = null;
    try {
      period = parsePeriod(periodText);
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      problems.add(line, 'period', error.message);
    }
    const numerator = parseNumber(numText);
    if (numerator === null) problems.add(line, 'numerator', `${quote(numText)} is not a number`);
    else if (numerator < 0) problems.add(line, 'numerator', `${numText} is negative: a count cannot be below 0`);
    let denominator = denText === '' ? null : parseNumber(denText);
    if (denText !== '' && denominator === null) problems.add(line, 'denominator', `${quote(denText)} is not a number`);
    else if (denominator !== null && denominator <= 0) problems.add(line, 'denominator', `is ${denText}: a denominator must be above 0`);
    if (indicator && period && denominator === null && indicator.unit !== 'count') {
      const population = indicator.unit === 'rate' ? populations.get(`${code}|${period.populationYear}`) : undefined;
      if (population) denominator = population;
      else if (indicator.unit === 'rate')
        problems.add(line, 'denominator', `is empty and ${code} has no population for ${period.populationYear}`);
      else problems.add(line, 'denominator', 'is empty: a proportion needs its denominator');
    }
    if (indicator?.unit === 'proportion' && numerator !== null && denominator !== null && numerator > denominator)
      problems.add(line, 'numerator', `${numText} is more than the denominator ${denominator}`);
    const id = `${key}|${code}|${period?.key ?? periodText}`;
    if (seen.has(id)) problems.add(line, null, `${key} for ${code} in ${periodText} is already on line ${seen.get(id)}`);
    else seen.set(id, line);
    if (problems.count > before || problems.any || !indicator || !period || numerator === null) continue;
    const value = indicator.unit === 'count' ? numerator : (numerator / denominator!) * indicator.multiplier;
    batch.push({
      indicatorKey: key,
      areaCode: code,
      period: period.key,
      periodType: period.type,
      periodStart: period.start,
      numerator,
      denominator,
      value,
      importId: context.importId,
    });
    if (batch.length >= BATCH) {
      await upsertObservations(session.db, batch);
      rowsWritten += batch.length;
      batch = [];
    }
  }
  const rowsRead = read.rows;
  if (problems.any) return { rowsRead, rowsWritten: 0, messages: [] };
  await upsertObservations(session.db, batch);
  rowsWritten += batch.length;
  const keys = new Set([...seen.keys()].map((k) => k.split('|')[0]));
  return {
    rowsRead,
    rowsWritten,
    messages: [`${rowsWritten.toLocaleString('en-GB')} observations imported for ${keys.size} indicator(s).`],
  };
}
