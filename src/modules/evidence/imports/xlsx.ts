/**
 * Just enough of XLSX to read an ONS table: the zip's central directory, inflate the workbook, its shared
 * strings and its sheets, and turn rows of cells into strings. (An XLSX workbook is read whole; ONS tables
 * are a few megabytes. Large data comes as CSV.)
 */
import fs from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import type { ParsedRow } from './source.js';

function unzip(buffer: Buffer): Map<string, () => string> {
  let eocd = buffer.length - 22;
  while (eocd >= 0 && buffer.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not an XLSX file (no zip directory)');
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => string>();
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('broken zip directory');
    const method = buffer.readUInt16LE(at + 10);
    const compressed = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    entries.set(name, () => {
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + compressed);
      return (method === 0 ? data : inflateRawSync(data)).toString('utf8');
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&');

const columnIndex = (ref: string) => {
  let n = 0;
  for (const ch of ref.replace(/\d+$/, '')) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
};

function sheetRows(xml: string, strings: string[]): ParsedRow[] {
  const rows: ParsedRow[] = [];
  for (const row of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const line = Number(/\br="(\d+)"/.exec(row[1]!)?.[1] ?? rows.length + 1);
    const fields: string[] = [];
    for (const cell of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = cell[1]!;
      const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1];
      const type = /\bt="(\w+)"/.exec(attrs)?.[1];
      const body = cell[2] ?? '';
      let value = '';
      if (type === 'inlineStr') value = decode(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
      else {
        const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? '';
        value = type === 's' ? (strings[Number(v)] ?? '') : decode(v);
      }
      const index = ref ? columnIndex(ref) : fields.length;
      while (fields.length < index) fields.push('');
      fields[index] = value;
    }
    rows.push({ line, fields });
  }
  return rows;
}

/**
 * Finds the first sheet (those named "Persons" first) with a row that `isHeader` accepts, and gives that
 * header and the rows below it.
 */
export async function xlsxRows(
  filePath: string,
  isHeader: (cells: string[]) => boolean,
): Promise<{ sheet: string; header: string[]; rows: AsyncIterable<ParsedRow> } | null> {
  const zip = unzip(await fs.promises.readFile(filePath));
  const workbook = zip.get('xl/workbook.xml')?.() ?? '';
  const rels = zip.get('xl/_rels/workbook.xml.rels')?.() ?? '';
  const targets = new Map([...rels.matchAll(/<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
  const sheets = [...workbook.matchAll(/<sheet\b[^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"/g)].map((m) => ({
    name: decode(m[1]!),
    path: `xl/${(targets.get(m[2]!) ?? '').replace(/^\/?xl\//, '')}`,
  }));
  sheets.sort((a, b) => Number(/persons/i.test(b.name)) - Number(/persons/i.test(a.name)));
  const shared = zip.get('xl/sharedStrings.xml')?.() ?? '';
  const strings = [...shared.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => decode(m[1]!));
  for (const sheet of sheets) {
    const xml = zip.get(sheet.path)?.();
    if (!xml) continue;
    const rows = sheetRows(xml, strings);
    const at = rows.findIndex((r) => isHeader(r.fields));
    if (at < 0) continue;
    const body = rows.slice(at + 1);
    return {
      sheet: sheet.name,
      header: rows[at]!.fields.map((f) => f.trim()),
      rows: (async function* () {
        yield* body;
      })(),
    };
  }
  return null;
}
