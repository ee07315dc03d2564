/**
 * The guard in front of the XLSX reader. An uploaded workbook is a zip file anyone can craft: a few hundred
 * bytes can claim a cell at column ZZZZZZZ, and a few hundred kilobytes can unpack to gigabytes. Before the
 * reader (exceljs) sees a byte of it, this module:
 *
 * - reads the zip's central directory itself and refuses the file when the parts would unpack to more than
 *   the limit in all, or one part would unpack to far more than its packed size (a zip bomb), or the zip is
 *   encrypted, ZIP64, split or malformed;
 * - unpacks only the parts a workbook's values need (the workbook, its relationships, the shared strings and
 *   the worksheets), streaming, counting the bytes really produced and stopping at once when a part gives
 *   more than its directory declared (a lying zip) or the total passes the limit, and checking each CRC;
 * - scans each worksheet's XML as it streams past for cells past the last column or row read, over-long
 *   tags and text runs, before the reader parses it;
 * - hands the reader a plain zip of those parts only, stored uncompressed and in a fixed order (workbook,
 *   shared strings, then the sheets, "Persons" sheets first), so the reader never writes temporary files.
 *
 * The limits are named constants here (not settings); the messages say which limit, the sheet and where.
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32, createInflateRaw } from 'node:zlib';

/** Limits on what an uploaded workbook may hold. */
export const XLSX_LIMITS = {
  /** The parts of the zip, unpacked, in all (declared and actually produced). */
  maxUnpackedBytes: 256 * 1024 * 1024,
  /** A part bigger than `ratioFromBytes` unpacked may be at most this many times its packed size. */
  maxRatio: 200,
  ratioFromBytes: 1024 * 1024,
  /** Parts in the zip. */
  maxEntries: 10_000,
  /** The workbook and its relationships are read whole: each at most this, unpacked. */
  maxSmallPartBytes: 4 * 1024 * 1024,
  /** The shared strings are held in memory while the sheets are read. */
  maxSharedStringsBytes: 64 * 1024 * 1024,
  /** Rows read, in all the sheets read. */
  maxRows: 1_000_000,
  /** Columns: a cell past column AMJ (the 1,024th) is refused. */
  maxColumns: 1024,
  /** Cells read (each row counted to its last cell), in all the sheets read. */
  maxCells: 10_000_000,
  /** The last row number a worksheet can have (Excel's own limit). */
  maxRowNumber: 1_048_576,
  /** One XML tag, and one run of text between tags (a cell holds at most 32,767 characters). */
  maxTagBytes: 64 * 1024,
  maxTextBytes: 1024 * 1024,
} as const;

/** The workbook is refused: the message says what is wrong and where. */
export class XlsxRefusedError extends Error {
  override readonly name = 'XlsxRefusedError';
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
const count = (n: number) => n.toLocaleString('en-GB');

/** Column letters (A, B, …, Z, AA, …) of a 1-based column number. */
export function columnLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** The 1-based column number of column letters; Infinity past 7 letters (no sheet has such columns). */
export function columnNumber(letters: string): number {
  if (letters.length > 7) return Infinity;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// The zip's directory

export interface ZipPart {
  name: string;
  method: number;
  crc: number;
  packedSize: number;
  size: number;
  localOffset: number;
}

async function readAt(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

const notAWorkbook = (why: string) => new XlsxRefusedError(`this is not an XLSX workbook that can be read: ${why}`);

/** Reads and checks the central directory: the parts, their sizes and where their data starts. */
export async function readZipDirectory(filePath: string): Promise<{ parts: ZipPart[]; directoryOffset: number }> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    if (fileSize < 22) throw notAWorkbook('it is too short to be a zip file');
    const tailLength = Math.min(fileSize, 22 + 0xffff);
    const tail = await readAt(handle, fileSize - tailLength, tailLength);
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50 && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
        end = i;
        break;
      }
    }
    if (end < 0) throw notAWorkbook('it has no zip directory (is it an older .xls file, or damaged?)');
    const disk = tail.readUInt16LE(end + 4);
    const directoryDisk = tail.readUInt16LE(end + 6);
    const entriesHere = tail.readUInt16LE(end + 8);
    const entries = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (disk !== 0 || directoryDisk !== 0 || entriesHere !== entries) throw notAWorkbook('it is a zip split over several files');
    if (entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff)
      throw notAWorkbook('it is a ZIP64 file (over 4 GB or 65,535 parts), which is not read');
    if (entries > XLSX_LIMITS.maxEntries)
      throw new XlsxRefusedError(`the zip holds ${count(entries)} parts, more than the ${count(XLSX_LIMITS.maxEntries)} allowed`);
    const endOffset = fileSize - tailLength + end;
    if (directoryOffset + directorySize > endOffset) throw notAWorkbook('its zip directory points outside the file');
    const directory = await readAt(handle, directoryOffset, directorySize);
    const parts: ZipPart[] = [];
    const names = new Set<string>();
    let at = 0;
    for (let i = 0; i < entries; i++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) throw notAWorkbook('its zip directory is damaged');
      const flags = directory.readUInt16LE(at + 8);
      const method = directory.readUInt16LE(at + 10);
      const crc = directory.readUInt32LE(at + 16);
      const packedSize = directory.readUInt32LE(at + 20);
      const size = directory.readUInt32LE(at + 24);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const localOffset = directory.readUInt32LE(at + 42);
      if (at + 46 + nameLength > directory.length) throw notAWorkbook('its zip directory is damaged');
      const name = directory.subarray(at + 46, at + 46 + nameLength).toString('utf8');
      at += 46 + nameLength + extraLength + commentLength;
      if (flags & 0x1) throw notAWorkbook(`${name} is encrypted (the workbook has a password): save it without one`);
      if (packedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff)
        throw notAWorkbook('it is a ZIP64 file (over 4 GB or 65,535 parts), which is not read');
      if (method !== 0 && method !== 8)
        throw notAWorkbook(`${name} is packed with method ${method}; only stored and deflated parts are read`);
      if (method === 0 && packedSize !== size) throw notAWorkbook(`${name} is stored with two different sizes`);
      if (localOffset + 30 + packedSize > directoryOffset) throw notAWorkbook(`${name} lies outside the zip's data`);
      if (names.has(name)) throw notAWorkbook(`the zip holds two parts named ${name}`);
      names.add(name);
      parts.push({ name, method, crc, packedSize, size, localOffset });
    }
    return { parts, directoryOffset };
  } finally {
    await handle.close();
  }
}

/** Refuses a zip whose declared sizes pass the limits: too much in all, or a part packed too tightly. */
export function checkDeclaredSizes(parts: ZipPart[]) {
  const total = parts.reduce((sum, p) => sum + p.size, 0);
  if (total > XLSX_LIMITS.maxUnpackedBytes)
    throw new XlsxRefusedError(
      `the workbook would unpack to ${mb(total)}, more than the ${mb(XLSX_LIMITS.maxUnpackedBytes)} allowed (limit on unpacked size; declared in its zip directory)`,
    );
  for (const part of parts) {
    const ratio = part.size / Math.max(part.packedSize, 1);
    if (part.size > XLSX_LIMITS.ratioFromBytes && ratio > XLSX_LIMITS.maxRatio)
      throw new XlsxRefusedError(
        `${part.name} would unpack from ${mb(part.packedSize)} to ${mb(part.size)}, ${count(Math.round(ratio))} times its packed size ` +
          `(more than ${XLSX_LIMITS.maxRatio} times is refused as a zip bomb)`,
      );
  }
}

/** The file offset where a part's packed data starts (after its local header), checked against the directory. */
async function dataStart(filePath: string, part: ZipPart): Promise<number> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const local = await readAt(handle, part.localOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw notAWorkbook(`the data of ${part.name} is missing or damaged`);
    const nameLength = local.readUInt16LE(26);
    const name = (await readAt(handle, part.localOffset + 30, nameLength)).toString('utf8');
    if (name !== part.name) throw notAWorkbook(`the zip's directory and data disagree about ${part.name}`);
    return part.localOffset + 30 + nameLength + local.readUInt16LE(28);
  } finally {
    await handle.close();
  }
}

/** Counts the bytes really unpacked, across all the parts read, against the limit. */
export class UnpackBudget {
  used = 0;
  take(part: ZipPart, bytes: number) {
    this.used += bytes;
    if (this.used > XLSX_LIMITS.maxUnpackedBytes)
      throw new XlsxRefusedError(
        `the workbook unpacks to more than the ${mb(XLSX_LIMITS.maxUnpackedBytes)} allowed (limit on unpacked size; reached in ${part.name})`,
      );
  }
}

/**
 * A part's unpacked bytes, streaming. Stops with a refusal as soon as it gives more than its directory
 * declared or the budget runs out; refuses a part that gives fewer bytes or a wrong CRC (damaged).
 */
export async function* unpackPart(filePath: string, part: ZipPart, budget: UnpackBudget): AsyncGenerator<Buffer> {
  const start = await dataStart(filePath, part);
  if (start + part.packedSize > fs.statSync(filePath).size) throw notAWorkbook(`the data of ${part.name} is cut short`);
  if (part.packedSize === 0) {
    if (part.size !== 0) throw notAWorkbook(`${part.name} is empty but declares ${count(part.size)} bytes`);
    return;
  }
  const raw = fs.createReadStream(filePath, { start, end: start + part.packedSize - 1, highWaterMark: 64 * 1024 });
  const inflater = part.method === 8 ? createInflateRaw() : null;
  const source = inflater ? raw.pipe(inflater) : raw;
  if (inflater) raw.on('error', (error) => inflater.destroy(error));
  let produced = 0;
  let crc = 0;
  try {
    for await (const data of source) {
      const chunk = data as Buffer;
      produced += chunk.length;
      if (produced > part.size)
        throw new XlsxRefusedError(
          `${part.name} unpacks to more than the ${count(part.size)} bytes its zip directory declares: the file is damaged or made to mislead, and was not read further`,
        );
      budget.take(part, chunk.length);
      crc = crc32(chunk, crc);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof XlsxRefusedError) throw error;
    throw notAWorkbook(`${part.name} cannot be unpacked (${(error as Error).message})`);
  } finally {
    raw.destroy();
    inflater?.destroy();
  }
  if (produced !== part.size) throw notAWorkbook(`${part.name} unpacks to ${count(produced)} bytes, not the ${count(part.size)} declared`);
  if (crc >>> 0 !== part.crc >>> 0) throw notAWorkbook(`${part.name} is damaged (its checksum does not match)`);
}

/** A small part (the workbook, its relationships) read whole, as text. */
async function readSmallPart(filePath: string, part: ZipPart, budget: UnpackBudget): Promise<string> {
  if (part.size > XLSX_LIMITS.maxSmallPartBytes)
    throw new XlsxRefusedError(
      `${part.name} would unpack to ${mb(part.size)}, more than the ${mb(XLSX_LIMITS.maxSmallPartBytes)} allowed for it`,
    );
  const chunks: Buffer[] = [];
  for await (const chunk of unpackPart(filePath, part, budget)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// ---------------------------------------------------------------------------------------------------------
// The workbook's sheets

const decodeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Math.min(parseInt(n, 16), 0x10ffff)))
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)))
    .replace(/&amp;/g, '&');

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The attributes of an XML tag (names with their prefix, values decoded). */
function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1]!, decodeXml(m[2] ?? m[3] ?? ''));
  return out;
}

/** A relationship's target as a path inside the zip (targets are relative to xl/ unless they start with /). */
function partPath(target: string): string {
  const joined = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  return path.posix.normalize(joined);
}

export interface SheetPlan {
  name: string;
  part: ZipPart;
}

export interface WorkbookPlan {
  sheets: SheetPlan[];
  sharedStrings: ZipPart | null;
}

/**
 * Which parts to read: the sheets in the workbook's order but with those named "Persons" first (the ONS
 * MYE2 table), and the shared strings. Sheets whose part is missing are left out.
 */
export async function planWorkbook(filePath: string, parts: ZipPart[], budget: UnpackBudget): Promise<WorkbookPlan> {
  const byName = new Map(parts.map((p) => [p.name, p]));
  const workbookPart = byName.get('xl/workbook.xml');
  const relsPart = byName.get('xl/_rels/workbook.xml.rels');
  if (!workbookPart || !relsPart) throw notAWorkbook('it has no xl/workbook.xml and its relationships (is it a Word or other zip file?)');
  const rels = new Map<string, { type: string; target: string }>();
  for (const m of (await readSmallPart(filePath, relsPart, budget)).matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const a = attributes(m[1]!);
    if (a.get('Id') && a.get('Target')) rels.set(a.get('Id')!, { type: a.get('Type') ?? '', target: a.get('Target')! });
  }
  const sheets: SheetPlan[] = [];
  for (const m of (await readSmallPart(filePath, workbookPart, budget)).matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const a = attributes(m[1]!);
    const id = [...a].find(([key]) => key === 'r:id' || key.endsWith(':id'))?.[1];
    const rel = id ? rels.get(id) : undefined;
    const part = rel && /\/worksheet$/.test(rel.type) ? byName.get(partPath(rel.target)) : undefined;
    if (part) sheets.push({ name: a.get('name') ?? part.name, part });
  }
  sheets.sort((x, y) => Number(/persons/i.test(y.name)) - Number(/persons/i.test(x.name)));
  const sharedRel = [...rels.values()].find((r) => /\/sharedStrings$/.test(r.type));
  const sharedStrings = (sharedRel && byName.get(partPath(sharedRel.target))) ?? byName.get('xl/sharedStrings.xml') ?? null;
  if (sharedStrings && sharedStrings.size > XLSX_LIMITS.maxSharedStringsBytes)
    throw new XlsxRefusedError(
      `the shared strings (${sharedStrings.name}) would unpack to ${mb(sharedStrings.size)}, more than the ${mb(XLSX_LIMITS.maxSharedStringsBytes)} allowed`,
    );
  return { sheets, sharedStrings };
}

// ---------------------------------------------------------------------------------------------------------
// Scanning XML as it streams

/**
 * Watches a part's XML go by, chunk by chunk: refuses over-long tags and text runs and, in a worksheet, a
 * cell past the last column or a row past the last row, naming the sheet and the cell.
 */
export class XmlScanner {
  private inTag = false;
  private tagBytes = 0;
  private textBytes = 0;
  private readonly head = Buffer.alloc(1024);
  private headLength = 0;
  private row = 0;

  constructor(
    private readonly part: string,
    private readonly sheet: string | null,
  ) {}

  private where() {
    return this.sheet === null ? this.part : `sheet "${this.sheet}"${this.row ? `, row ${count(this.row)}` : ''}`;
  }

  feed(chunk: Buffer) {
    let i = 0;
    while (i < chunk.length) {
      if (!this.inTag) {
        const open = chunk.indexOf(0x3c, i);
        const end = open < 0 ? chunk.length : open;
        this.textBytes += end - i;
        if (this.textBytes > XLSX_LIMITS.maxTextBytes)
          throw new XlsxRefusedError(
            `${this.where()}: more than ${mb(XLSX_LIMITS.maxTextBytes)} of text in one place (limit on text; a cell holds at most 32,767 characters)`,
          );
        if (open < 0) return;
        this.inTag = true;
        this.tagBytes = 0;
        this.headLength = 0;
        i = open + 1;
      } else {
        const close = chunk.indexOf(0x3e, i);
        const end = close < 0 ? chunk.length : close;
        const take = Math.min(end - i, this.head.length - this.headLength);
        if (take > 0) {
          chunk.copy(this.head, this.headLength, i, i + take);
          this.headLength += take;
        }
        this.tagBytes += end - i;
        if (this.tagBytes > XLSX_LIMITS.maxTagBytes)
          throw new XlsxRefusedError(`${this.where()}: an XML tag longer than ${count(XLSX_LIMITS.maxTagBytes / 1024)} KB (limit on tags)`);
        if (close < 0) return;
        this.inTag = false;
        this.textBytes = 0;
        if (this.sheet !== null) this.tag(this.head.toString('latin1', 0, this.headLength));
        i = close + 1;
      }
    }
  }

  private tag(text: string) {
    const name = /^[\w:]+/.exec(text)?.[0];
    if (name !== 'row' && name !== 'c') return;
    const r = /\sr\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(text);
    const ref = r ? (r[1] ?? r[2] ?? '') : null;
    if (ref === null) {
      if (name === 'c')
        throw new XlsxRefusedError(
          `${this.where()}: a cell without its reference (r="A1"), which is not read; open the workbook in a spreadsheet program and save it again`,
        );
      return;
    }
    if (name === 'row') {
      const number = /^\d{1,15}$/.test(ref) ? Number(ref) : NaN;
      if (number > XLSX_LIMITS.maxRowNumber)
        throw new XlsxRefusedError(
          `sheet "${this.sheet}", row ${count(number)}: past the last row a worksheet can have (${count(XLSX_LIMITS.maxRowNumber)})`,
        );
      if (Number.isFinite(number)) this.row = number;
      return;
    }
    const cell = /^([A-Za-z]+)(\d+)$/.exec(ref);
    if (!cell) return;
    const letters = cell[1]!.toUpperCase();
    const shown = ref.length > 30 ? `${ref.slice(0, 30)}…` : ref;
    if (columnNumber(letters) > XLSX_LIMITS.maxColumns)
      throw new XlsxRefusedError(
        `sheet "${this.sheet}", cell ${shown}: column ${letters.length > 20 ? `${letters.slice(0, 20)}…` : letters} is past the last column read, ` +
          `${columnLetters(XLSX_LIMITS.maxColumns)} (limit of ${count(XLSX_LIMITS.maxColumns)} columns); the cell was not read`,
      );
    const rowNumber = cell[2]!.length > 15 ? Infinity : Number(cell[2]);
    if (rowNumber > XLSX_LIMITS.maxRowNumber)
      throw new XlsxRefusedError(
        `sheet "${this.sheet}", cell ${shown}: row past the last row a worksheet can have (${count(XLSX_LIMITS.maxRowNumber)})`,
      );
  }
}

// ---------------------------------------------------------------------------------------------------------
// The plain zip handed to the reader

/** A local header for a stored part with no data descriptor, as a streaming unzipper reads it. */
function storedHeader(name: string, size: number, crc: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0800, 6);
  header.writeUInt16LE(0, 8);
  header.writeUInt16LE(0, 10);
  header.writeUInt16LE(0x21, 12);
  header.writeUInt32LE(crc >>> 0, 14);
  header.writeUInt32LE(size, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(nameBytes.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, nameBytes]);
}

function storedPart(name: string, text: string): Buffer[] {
  const data = Buffer.from(text, 'utf8');
  return [storedHeader(name, data.length, crc32(data)), data];
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * The zip the reader is given: a workbook and relationships written afresh for the planned sheets (named
 * xl/worksheets/sheet1.xml… in the planned order), the shared strings (or an empty table), then each sheet's
 * XML unpacked and scanned as it streams. Every byte is counted against the limits before the reader sees it.
 */
export async function* guardedWorkbook(filePath: string, plan: WorkbookPlan, budget: UnpackBudget): AsyncGenerator<Buffer> {
  const sheetEntries = plan.sheets.map((s, i) => ({ ...s, entry: `xl/worksheets/sheet${i + 1}.xml`, id: `rId${i + 1}` }));
  yield* storedPart(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      sheetEntries
        .map((s) => `<Relationship Id="${s.id}" Type="${RELS}/worksheet" Target="worksheets/sheet${s.id.slice(3)}.xml"/>`)
        .join('') +
      `</Relationships>`,
  );
  yield* storedPart(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${RELS}"><sheets>` +
      sheetEntries.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="${s.id}"/>`).join('') +
      `</sheets></workbook>`,
  );
  if (plan.sharedStrings) {
    yield* streamPart(filePath, plan.sharedStrings, 'xl/sharedStrings.xml', new XmlScanner(plan.sharedStrings.name, null), budget);
  } else {
    yield* storedPart('xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="0" uniqueCount="0"/>`);
  }
  for (const sheet of sheetEntries)
    yield* streamPart(filePath, sheet.part, sheet.entry, new XmlScanner(sheet.part.name, sheet.name), budget);
  // An empty central directory: the streaming unzipper stops at it.
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  yield end;
}

async function* streamPart(
  filePath: string,
  part: ZipPart,
  entry: string,
  scanner: XmlScanner,
  budget: UnpackBudget,
): AsyncGenerator<Buffer> {
  yield storedHeader(entry, part.size, part.crc);
  for await (const chunk of unpackPart(filePath, part, budget)) {
    scanner.feed(chunk);
    yield chunk;
  }
}
