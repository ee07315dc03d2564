/**
 * Reading an import file without ever holding it whole: its content's sha256, its header, its rows as chunks
 * of CSV text that end on row boundaries (for COPY), or its rows parsed one by one (for the small files). The
 * readers expect UTF-8 (a byte-order mark is skipped): the import checks the file's encoding first, and
 * reads a UTF-8 copy of a UTF-16 file and an unpacked copy of a gzip file (encoding.ts, gzip.ts).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parse } from 'csv-parse';
import type { Problems } from './problems.js';
import { decodeHead, readHead } from './encoding.js';
import { gunzipDigest, gunzipHead, isGzip } from './gzip.js';

export interface Progress {
  bytesDone: number;
  bytesTotal: number;
  rows: number;
}
export type ProgressListener = (progress: Progress) => void;

/**
 * The sha256 and size of a file's content: of a gzip file, its unpacked content (so a file and its gzip copy
 * are the same import); of a gzip file that cannot be unpacked, the file itself (its import is then refused).
 */
export async function contentDigest(filePath: string): Promise<{ sha256: string; bytes: number }> {
  if (isGzip(await readHead(filePath, 2))) {
    const unpacked = await gunzipDigest(filePath);
    if (unpacked) return unpacked;
  }
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The sha256 of a file's content (see `contentDigest`): what makes an import the same as an earlier one. */
export const hashFile = async (filePath: string) => (await contentDigest(filePath)).sha256;

export const fileSize = (filePath: string) => fs.statSync(filePath).size;

/** Splits a CSV header line into names, trimming a byte-order mark, quotes and spaces. */
export function splitHeader(line: string): string[] {
  const names: string[] = [];
  let cell = '';
  let quoted = false;
  for (const ch of line.replace(/^\uFEFF/, '').replace(/\r$/, '')) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      names.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  names.push(cell.trim());
  return names;
}

/**
 * The first line of a file (its header), read from the first 64 KiB; a UTF-16 file's is decoded and a gzip
 * file's unpacked (the import itself reads a UTF-8 or unpacked copy of such a file: see encoding.ts).
 */
export async function readHeaderLine(filePath: string): Promise<string> {
  let head = await readHead(filePath, 65536);
  if (isGzip(head)) head = await gunzipHead(filePath, 65536);
  const text = decodeHead(head);
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}

/**
 * The data rows of a CSV file (the header line skipped) as Buffers of about `chunkBytes`, each ending at a
 * row boundary (a newline outside quotes), with progress reported per chunk.
 */
export async function* rowChunks(
  filePath: string,
  options: { chunkBytes?: number; onProgress?: ProgressListener | undefined } = {},
): AsyncGenerator<Buffer> {
  const chunkBytes = options.chunkBytes ?? 4 << 20;
  const bytesTotal = fileSize(filePath);
  let pending: Buffer = Buffer.alloc(0);
  let headerSkipped = false;
  let quoted = false;
  let rows = 0;
  let bytesDone = 0;
  for await (const data of fs.createReadStream(filePath, { highWaterMark: chunkBytes })) {
    const piece = data as Buffer;
    bytesDone += piece.length;
    let buffer = pending.length ? Buffer.concat([pending, piece]) : piece;
    let scanFrom = pending.length;
    if (!headerSkipped) {
      const nl = buffer.indexOf(0x0a);
      if (nl < 0) {
        pending = buffer;
        continue;
      }
      buffer = buffer.subarray(nl + 1);
      scanFrom = 0;
      headerSkipped = true;
    }
    // Find the last row boundary in the buffer, tracking quotes from where the last scan stopped.
    let lastBoundary = -1;
    let rowsHere = 0;
    for (let i = scanFrom; i < buffer.length; i++) {
      const c = buffer[i];
      if (c === 0x22) quoted = !quoted;
      else if (c === 0x0a && !quoted) {
        lastBoundary = i;
        rowsHere++;
      }
    }
    if (lastBoundary < 0) {
      pending = buffer;
      continue;
    }
    // Re-scan state: everything after lastBoundary is pending and was scanned outside quotes at the boundary.
    quoted = false;
    for (let i = lastBoundary + 1; i < buffer.length; i++) if (buffer[i] === 0x22) quoted = !quoted;
    pending = Buffer.from(buffer.subarray(lastBoundary + 1));
    rows += rowsHere;
    options.onProgress?.({ bytesDone: bytesDone - pending.length, bytesTotal, rows });
    yield buffer.subarray(0, lastBoundary + 1);
  }
  if (pending.length && pending.toString('utf8').trim().length) {
    rows++;
    yield pending;
  }
  options.onProgress?.({ bytesDone: bytesTotal, bytesTotal, rows });
}

export interface ParsedRow {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;
  fields: string[];
}

/** Every row after the header, parsed; rows of the wrong length are yielded as they are, to be reported. */
export async function* parsedRows(filePath: string, onProgress?: ProgressListener): AsyncGenerator<ParsedRow> {
  const bytesTotal = fileSize(filePath);
  const stream = fs.createReadStream(filePath);
  const parser = stream.pipe(
    parse({
      bom: true,
      record_delimiter: ['\r\n', '\n'],
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      from_line: 2,
      relax_quotes: true,
    }),
  );
  let rows = 0;
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    rows++;
    if (onProgress && rows % 5000 === 0) onProgress({ bytesDone: stream.bytesRead, bytesTotal, rows });
    yield { line: record.info.lines, fields: record.record };
  }
  onProgress?.({ bytesDone: bytesTotal, bytesTotal, rows });
}

/**
 * The data rows of a CSV file that have exactly `width` fields. A row with another number of fields, and a
 * file that ends part-way through a row, become problems; `read.rows` counts every row read.
 */
export async function* checkedRows(
  filePath: string,
  width: number,
  problems: Problems,
  onProgress?: ProgressListener,
  read = { rows: 0 },
): AsyncGenerator<ParsedRow> {
  try {
    for await (const row of parsedRows(filePath, onProgress)) {
      read.rows++;
      if (row.fields.length !== width) {
        problems.add(row.line, null, `has ${row.fields.length} fields where ${width} were expected`);
        continue;
      }
      yield row;
    }
  } catch (error) {
    problems.add(null, null, `the file ends part-way through a row or has a broken quote (${(error as Error).message})`);
  }
}
