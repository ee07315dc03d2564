/**
 * Areas: `area_code,name,type,parent_code` (optionally followed by `ward_code,centroid_lon,centroid_lat`
 * for LSOAs), or the ONS lookup of local authority → CSP → police force area
 * (`LAD17CD,LAD17NM,CSP17CD,CSP17NM,PFA17CD,PFA17NM,…`), from which the three levels are created under
 * England or Wales. Parents may come later in the file or already be held.
 */
import { areaTypes, type AreaType } from '../schema.js';
import { inBatches, listAreaCodes, upsertAreas, type AreaRow } from './repository.js';
import { parseNumber, quote, sameHeader } from './problems.js';
import { checkedRows, readHeaderLine, splitHeader } from './source.js';
import type { HandlerResult, ImportContext } from './types.js';

export const areasHeader = ['area_code', 'name', 'type', 'parent_code'] as const;
const areasHeaderLong = [...areasHeader, 'ward_code', 'centroid_lon', 'centroid_lat'] as const;
const onsCode = /^[EWSNK]\d{8}$/;
const countries: Record<string, { code: string; name: string }> = {
  E: { code: 'E92000001', name: 'England' },
  W: { code: 'W92000004', name: 'Wales' },
};

export async function importAreas(context: ImportContext): Promise<HandlerResult> {
  const { filePath, problems } = context;
  const header = splitHeader(await readHeaderLine(filePath));
  const lookup = /^LAD\d\dCD$/i.test(header[0] ?? '') && /^CSP\d\dCD$/i.test(header[2] ?? '') && /^PFA\d\dCD$/i.test(header[4] ?? '');
  const long = sameHeader(header, areasHeaderLong);
  if (!lookup && !long && !sameHeader(header, areasHeader)) {
    problems.header([...areasHeader], header);
    return { rowsRead: 0, rowsWritten: 0, messages: [] };
  }
  const rows = new Map<string, AreaRow & { line: number }>();
  const read = { rows: 0 };
  const put = (line: number, row: AreaRow) => {
    const seen = rows.get(row.code);
    if (seen && !lookup) problems.add(line, 'area_code', `${row.code} is already on line ${seen.line}`);
    else if (!seen) rows.set(row.code, { ...row, line });
  };
  for await (const { line, fields } of checkedRows(filePath, header.length, problems, context.onProgress, read)) {
    if (lookup) readLookupRow(context, line, fields, put);
    else readAreaRow(context, line, fields, long, put);
  }
  const rowsRead = read.rows;
  const held = new Map((await listAreaCodes(context.session.db)).map((a) => [a.code, a.type]));
  for (const row of rows.values()) {
    if (row.parentCode && !rows.has(row.parentCode) && !held.has(row.parentCode))
      problems.add(row.line, 'parent_code', `${row.parentCode} is not an area in this file or already held`);
    if (row.wardCode && (rows.get(row.wardCode)?.type ?? held.get(row.wardCode)) !== 'ward')
      problems.add(row.line, 'ward_code', `${row.wardCode} is not a ward in this file or already held`);
  }
  if (problems.any) return { rowsRead, rowsWritten: 0, messages: [] };
  const all = [...rows.values()].map(({ line: _line, ...row }) => ({ ...row, importId: context.importId }));
  await inBatches(all, 1000, (batch) => upsertAreas(context.session.db, batch));
  const byType = new Map<string, number>();
  for (const row of all) byType.set(row.type, (byType.get(row.type) ?? 0) + 1);
  const created = all.filter((r) => !held.has(r.code)).length;
  return {
    rowsRead,
    rowsWritten: all.length,
    messages: [
      `${all.length.toLocaleString('en-GB')} areas imported (${created.toLocaleString('en-GB')} new, ${(all.length - created).toLocaleString('en-GB')} updated): ${[...byType].map(([t, n]) => `${n} ${t}`).join(', ')}.`,
    ],
  };
}

function readAreaRow(
  { problems }: ImportContext,
  line: number,
  fields: string[],
  long: boolean,
  put: (line: number, row: AreaRow) => void,
) {
  const [code = '', name = '', type = '', parent = '', ward = '', lon = '', lat = ''] = fields.map((f) => f.trim());
  let ok = true;
  const bad = (field: string, message: string) => {
    problems.add(line, field, message);
    ok = false;
  };
  if (!onsCode.test(code)) bad('area_code', `${quote(code)} is not an ONS area code (a letter and eight digits, like E05000001)`);
  if (!name) bad('name', 'is empty');
  if (!(areaTypes as readonly string[]).includes(type)) bad('type', `${quote(type)} is not one of ${areaTypes.join(', ')}`);
  if (parent && !onsCode.test(parent)) bad('parent_code', `${quote(parent)} is not an ONS area code`);
  if (parent && parent === code) bad('parent_code', 'an area cannot be its own parent');
  if (long && ward && type !== 'lsoa') bad('ward_code', 'only an LSOA has a best-fit ward');
  const centroidLon = long && lon ? parseNumber(lon) : null;
  const centroidLat = long && lat ? parseNumber(lat) : null;
  if (long && lon && (centroidLon === null || Math.abs(centroidLon) > 180)) bad('centroid_lon', `${quote(lon)} is not a longitude`);
  if (long && lat && (centroidLat === null || Math.abs(centroidLat) > 90)) bad('centroid_lat', `${quote(lat)} is not a latitude`);
  if (ok)
    put(line, {
      code,
      name,
      type: type as AreaType,
      parentCode: parent || null,
      wardCode: (long && ward) || null,
      centroidLon,
      centroidLat,
    });
}

function readLookupRow({ problems }: ImportContext, line: number, fields: string[], put: (line: number, row: AreaRow) => void) {
  const [lad = '', ladName = '', csp = '', cspName = '', pfa = '', pfaName = ''] = fields.map((f) => f.trim());
  for (const [field, code] of [
    ['LAD code', lad],
    ['CSP code', csp],
    ['PFA code', pfa],
  ] as const)
    if (!onsCode.test(code)) {
      problems.add(line, field, `${quote(code)} is not an ONS area code`);
      return;
    }
  const country = countries[pfa[0]!];
  if (country) put(line, { code: country.code, name: country.name, type: 'country', parentCode: null });
  put(line, { code: pfa, name: pfaName, type: 'police-force-area', parentCode: country?.code ?? null });
  put(line, { code: csp, name: cspName, type: 'csp', parentCode: pfa });
  put(line, { code: lad, name: ladName, type: 'local-authority', parentCode: csp });
}
