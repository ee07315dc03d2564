/** Indicators: `key,name,unit,multiplier,polarity,period_type,source` (optionally `,small_number_threshold`). */
import {
  indicatorPeriodTypes,
  indicatorUnits,
  polarities,
  type IndicatorPeriodType,
  type IndicatorUnit,
  type Polarity,
} from '../schema.js';
import { upsertIndicators, type IndicatorRow } from './repository.js';
import { parseCount, parseNumber, quote, sameHeader } from './problems.js';
import { checkedRows, readHeaderLine, splitHeader } from './source.js';
import type { HandlerResult, ImportContext } from './types.js';

export const indicatorsHeader = ['key', 'name', 'unit', 'multiplier', 'polarity', 'period_type', 'source'] as const;
const indicatorsHeaderLong = [...indicatorsHeader, 'small_number_threshold'] as const;

export async function importIndicators(context: ImportContext): Promise<HandlerResult> {
  const { filePath, problems } = context;
  const header = splitHeader(await readHeaderLine(filePath));
  const long = sameHeader(header, indicatorsHeaderLong);
  if (!long && !sameHeader(header, indicatorsHeader)) {
    problems.header([...indicatorsHeader], header);
    return { rowsRead: 0, rowsWritten: 0, messages: [] };
  }
  const out = new Map<string, IndicatorRow & { line: number }>();
  const read = { rows: 0 };
  for await (const { line, fields } of checkedRows(filePath, header.length, problems, context.onProgress, read)) {
    const [key = '', name = '', unit = '', multiplierText = '', polarity = '', periodType = '', source = '', threshold = ''] = fields.map(
      (f) => f.trim(),
    );
    const before = problems.count;
    if (!/^[a-z0-9][a-z0-9:._-]*$/.test(key)) problems.add(line, 'key', `${quote(key)} is not a key (lower-case letters, digits, : . _ -)`);
    if (!name) problems.add(line, 'name', 'is empty');
    if (!(indicatorUnits as readonly string[]).includes(unit))
      problems.add(line, 'unit', `${quote(unit)} is not one of ${indicatorUnits.join(', ')}`);
    const multiplier = multiplierText === '' && unit === 'count' ? 1 : parseNumber(multiplierText);
    if (multiplier === null || multiplier <= 0)
      problems.add(
        line,
        'multiplier',
        `${quote(multiplierText)} is not a positive number (1000 for a rate per 1,000, 100 for a percentage)`,
      );
    if (!(polarities as readonly string[]).includes(polarity))
      problems.add(line, 'polarity', `${quote(polarity)} is not one of ${polarities.join(', ')}`);
    if (!(indicatorPeriodTypes as readonly string[]).includes(periodType))
      problems.add(line, 'period_type', `${quote(periodType)} is not one of ${indicatorPeriodTypes.join(', ')}`);
    const smallNumberThreshold = long && threshold ? parseCount(threshold) : 5;
    if (smallNumberThreshold === null) problems.add(line, 'small_number_threshold', `${quote(threshold)} is not a whole number`);
    if (out.has(key)) problems.add(line, 'key', `${key} is already on line ${out.get(key)!.line}`);
    if (problems.count > before) continue;
    out.set(key, {
      key,
      name,
      unit: unit as IndicatorUnit,
      multiplier: multiplier!,
      polarity: polarity as Polarity,
      periodType: periodType as IndicatorPeriodType,
      source,
      smallNumberThreshold: smallNumberThreshold!,
      importId: context.importId,
      line,
    });
  }
  const rowsRead = read.rows;
  if (problems.any) return { rowsRead, rowsWritten: 0, messages: [] };
  const all = [...out.values()].map(({ line: _line, ...row }) => row);
  await upsertIndicators(context.session.db, all);
  return { rowsRead, rowsWritten: all.length, messages: [`${all.length} indicators imported.`] };
}
