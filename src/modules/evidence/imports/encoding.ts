/**
 * The text encoding of an import file, checked before anything reads it. UTF-8 is read, with or without a
 * byte-order mark. UTF-16 (little- or big-endian, known by its byte-order mark or by the NUL bytes of its
 * ASCII characters, as Excel's "Unicode text" writes it) is decoded to a UTF-8 copy while streaming, and the
 * copy is imported. Anything else is refused with the line and byte where it stops being UTF-8: nothing is
 * ever turned silently into U+FFFD.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { makeTempDir, removeTempDir } from './temp-files.js';
import { GzipError, gunzipToFile, isGzip } from './gzip.js';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'zip';

export const encodingNames: Record<Encoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with a byte-order mark',
  'utf-16le': 'UTF-16 little-endian',
  'utf-16be': 'UTF-16 big-endian',
  'utf-32le': 'UTF-32 little-endian',
  'utf-32be': 'UTF-32 big-endian',
  zip: 'a zip file (an XLSX workbook?)',
};

/** How many bytes from the start are looked at to recognise UTF-16 without a byte-order mark. */
const SNIFF_BYTES = 4096;

/** The encoding of a file from its first bytes (a byte-order mark, the zip signature, or NUL bytes every other byte). */
export function detectEncoding(head: Buffer): Encoding {
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0) return 'utf-32le';
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) return 'utf-32be';
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // Without a mark: text in UTF-16 has a NUL beside nearly every ASCII character, always on the same side.
  const pairs = Math.floor(Math.min(head.length, SNIFF_BYTES) / 2);
  if (pairs < 2) return 'utf-8';
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  if (oddNul >= pairs * 0.3 && evenNul <= pairs * 0.02) return 'utf-16le';
  if (evenNul >= pairs * 0.3 && oddNul <= pairs * 0.02) return 'utf-16be';
  return 'utf-8';
}

export async function readHead(filePath: string, bytes = SNIFF_BYTES): Promise<Buffer> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The start of a file as text, for a first look at its header (UTF-16 decoded; the full check comes later). */
export function decodeHead(head: Buffer): string {
  const encoding = detectEncoding(head);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return new TextDecoder(encoding).decode(head);
  return head.toString('utf8');
}

/** Where a file stops being readable text, and why. */
export interface EncodingProblem {
  line: number | null;
  message: string;
}

const hex = (byte: number) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
const count = (n: number) => n.toLocaleString('en-GB');
const saveAsUtf8 = 'Save the file as UTF-8 ("CSV UTF-8" in Excel) and import it again.';

/** Length of the UTF-8 character a lead byte starts (0 for a byte that cannot start one). */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Whether `next` may follow `lead` as the second byte of a character (no overlong forms, no surrogates). */
function secondByteFits(lead: number, next: number): boolean {
  if (lead === 0xe0) return next >= 0xa0 && next <= 0xbf;
  if (lead === 0xed) return next >= 0x80 && next <= 0x9f;
  if (lead === 0xf0) return next >= 0x90 && next <= 0xbf;
  if (lead === 0xf4) return next >= 0x80 && next <= 0x8f;
  return next >= 0x80 && next <= 0xbf;
}

/**
 * The index of the first byte of `buf` that is not valid UTF-8, or -1 when all of it is (an incomplete
 * character right at the end counts as valid here: more may follow).
 */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const lead = buf[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(lead);
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (i + k >= buf.length) return -1;
      const next = buf[i + k]!;
      if (k === 1 ? !secondByteFits(lead, next) : next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}

/** How many bytes at the end of `buf` are the start of a character that continues in the next chunk. */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const byte = buf[buf.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for its lead
    const length = sequenceLength(byte);
    return length > back ? back : 0;
  }
  return 0;
}

/** Counts newlines, remembering where the last line began. */
class LineCounter {
  lines = 0;
  lineStart = 0;
  add(chunk: Buffer, offset: number, end = chunk.length) {
    let at = chunk.indexOf(0x0a);
    while (at >= 0 && at < end) {
      this.lines++;
      this.lineStart = offset + at + 1;
      at = chunk.indexOf(0x0a, at + 1);
    }
  }
}

/**
 * Checks that a file is valid UTF-8 with no NUL bytes, streaming it. Returns null when it is, else where
 * and why it is not.
 */
export async function checkUtf8(filePath: string): Promise<EncodingProblem | null> {
  const counter = new LineCounter();
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0; // file offset of carry[0]
  const problemAt = (chunk: Buffer, index: number, reason: (byte: number) => string): EncodingProblem => {
    counter.add(chunk, offset, index);
    const at = offset + index;
    const byte = chunk[index]!;
    return {
      line: counter.lines + 1,
      message: `byte ${count(at - counter.lineStart + 1)} of the line (byte ${count(at + 1)} of the file) ${reason(byte)}. ${saveAsUtf8}`,
    };
  };
  const notUtf8 = (byte: number) => {
    const guess = byte >= 0x80 ? new TextDecoder('windows-1252').decode(Uint8Array.of(byte)) : '';
    return `is ${hex(byte)}, which is not valid UTF-8${guess.trim() ? ` (in Windows-1252 or Latin-1 it would be "${guess}"; the file may be in that encoding)` : ''}`;
  };
  for await (const data of fs.createReadStream(filePath, { highWaterMark: 1 << 20 })) {
    const chunk = carry.length ? Buffer.concat([carry, data as Buffer]) : (data as Buffer);
    const tail = incompleteTail(chunk);
    const body = chunk.subarray(0, chunk.length - tail);
    const nul = body.indexOf(0);
    if (!isUtf8(body)) {
      const found = firstInvalidUtf8(body);
      const bad = found >= 0 ? found : Math.max(0, body.length - 1);
      if (nul < 0 || bad < nul) return problemAt(chunk, bad, notUtf8);
    }
    if (nul >= 0) return problemAt(chunk, nul, () => 'is a NUL (zero) byte, which a text file does not hold');
    counter.add(body, offset);
    offset += body.length;
    carry = Buffer.from(chunk.subarray(body.length));
  }
  if (carry.length) return problemAt(carry, 0, (byte) => `is ${hex(byte)}, which starts a character the file ends before finishing`);
  return null;
}

/** The first unpaired surrogate in UTF-16 code units (as read with `littleEndian`), or -1. */
function unpairedSurrogate(buf: Buffer, littleEndian: boolean): number {
  const unit = (i: number) => (littleEndian ? buf.readUInt16LE(i) : buf.readUInt16BE(i));
  for (let i = 0; i + 1 < buf.length; i += 2) {
    const u = unit(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 3 >= buf.length) return -1; // may be completed by the next chunk
      const next = unit(i + 2);
      if (next < 0xdc00 || next > 0xdfff) return i;
      i += 2;
    } else if (u >= 0xdc00 && u <= 0xdfff) return i;
  }
  return -1;
}

/**
 * Decodes a UTF-16 file to UTF-8 into `outPath`, streaming (the byte-order mark is dropped). Returns null
 * when done, else where and why the file is not valid UTF-16.
 */
export async function utf16ToUtf8(filePath: string, encoding: 'utf-16le' | 'utf-16be', outPath: string): Promise<EncodingProblem | null> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const littleEndian = encoding === 'utf-16le';
  const out = fs.createWriteStream(outPath);
  const name = encodingNames[encoding];
  let lines = 0;
  let offset = 0;
  const write = async (text: string) => {
    if (!out.write(text, 'utf8')) await once(out, 'drain');
  };
  try {
    for await (const data of fs.createReadStream(filePath, { highWaterMark: 1 << 20 })) {
      const chunk = data as Buffer;
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const bad = unpairedSurrogate(chunk, littleEndian);
        return {
          line: null,
          message: `is read as ${name}, but near byte ${count(offset + Math.max(bad, 0) + 1)} it holds half of a character (an unpaired surrogate). ${saveAsUtf8}`,
        };
      }
      const nul = text.indexOf('\0');
      if (nul >= 0) {
        lines += text.slice(0, nul).split('\n').length - 1;
        return { line: lines + 1, message: `holds a NUL (zero) character, which a text file does not hold. ${saveAsUtf8}` };
      }
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
      offset += chunk.length;
      await write(text);
    }
    try {
      await write(decoder.decode());
    } catch {
      return { line: lines + 1, message: `is read as ${name}, but it ends part-way through a character. ${saveAsUtf8}` };
    }
    return null;
  } finally {
    out.end();
    await once(out, 'close').catch(() => undefined);
  }
}

/** The name of the UTF-8 copy of a decoded file, in `dir`. */
export const utf8CopyPath = (dir: string, fileName: string) => path.join(dir, `${path.basename(fileName).replace(/[^\w.\- ]/g, '_')}.utf8`);

export const unreadableEncoding = (encoding: Encoding) =>
  `is ${encodingNames[encoding]}, which is not read. Save the file as UTF-8 ("CSV UTF-8" in Excel) and import it again.`;

/** An import file ready to read as UTF-8 text (or an XLSX workbook where one is read); `cleanup` removes any copy. */
export interface PreparedFile {
  filePath: string;
  encoding: Encoding;
  cleanup: () => Promise<void>;
}

/**
 * Makes an import file readable as UTF-8: unpacks a gzip file into a temporary copy first (gzip.ts), then
 * checks a UTF-8 file, decodes a UTF-16 one into a temporary UTF-8 copy, and refuses anything else (and a
 * workbook where CSV is expected) with where and why.
 */
export async function prepareTextFile(
  filePath: string,
  fileName: string,
  options: { workbookAllowed: boolean; unpacked?: boolean },
): Promise<PreparedFile | EncodingProblem> {
  const head = await readHead(filePath);
  if (isGzip(head)) {
    if (options.unpacked) return { line: null, message: 'is a gzip file inside a gzip file: unpack it once and import that' };
    return prepareGzipFile(filePath, fileName, options);
  }
  const encoding = detectEncoding(head);
  const asIs: PreparedFile = { filePath, encoding, cleanup: () => Promise.resolve() };
  if (encoding === 'zip') {
    if (options.workbookAllowed) return asIs;
    return {
      line: null,
      message: 'is an XLSX workbook or another zip file, but this kind of import reads CSV. Save the sheet as CSV UTF-8 and import that.',
    };
  }
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return { line: null, message: unreadableEncoding(encoding) };
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const dir = await makeTempDir('import');
    const copy = utf8CopyPath(dir, fileName);
    try {
      const problem = await utf16ToUtf8(filePath, encoding, copy);
      if (problem) {
        await removeTempDir(dir);
        return problem;
      }
    } catch (error) {
      await removeTempDir(dir);
      throw error;
    }
    return { filePath: copy, encoding, cleanup: () => removeTempDir(dir) };
  }
  const problem = await checkUtf8(filePath);
  return problem ?? asIs;
}

/** A gzip file: unpacked into a temporary folder, then prepared as any other file; `cleanup` removes both. */
async function prepareGzipFile(
  filePath: string,
  fileName: string,
  options: { workbookAllowed: boolean },
): Promise<PreparedFile | EncodingProblem> {
  const dir = await makeTempDir('import');
  const unpacked = path.join(
    dir,
    path
      .basename(fileName)
      .replace(/[^\w.\- ]/g, '_')
      .replace(/\.gz$/i, '') || 'unpacked',
  );
  try {
    await gunzipToFile(filePath, unpacked);
    const inner = await prepareTextFile(unpacked, fileName, { ...options, unpacked: true });
    if (!isPrepared(inner)) {
      await removeTempDir(dir);
      return inner;
    }
    return {
      ...inner,
      cleanup: async () => {
        await inner.cleanup();
        await removeTempDir(dir);
      },
    };
  } catch (error) {
    await removeTempDir(dir);
    if (error instanceof GzipError) return { line: null, message: error.message };
    throw error;
  }
}

export const isPrepared = (value: PreparedFile | EncodingProblem): value is PreparedFile => 'filePath' in value;
