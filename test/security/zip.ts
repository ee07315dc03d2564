/**
 * A tiny zip writer for tests: builds the bytes of an XLSX (or any zip) in memory, with stored or deflated
 * entries. An entry's content may be produced piece by piece (so a zip bomb of hundreds of megabytes is
 * never held whole) and its directory may lie about its size.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** The content, or a function giving it piece by piece. */
  data: string | Buffer | (() => Iterable<Buffer>);
  method?: 'stored' | 'deflated';
  /** The uncompressed size written in the headers instead of the true one (a lying zip). */
  declaredSize?: number;
}

function pack(entry: ZipEntry): { crc: number; size: number; compressed: Buffer } {
  const pieces: Iterable<Buffer> =
    typeof entry.data === 'function' ? entry.data() : [typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data];
  const out: Buffer[] = [];
  let crc = 0;
  let size = 0;
  const deflated = (entry.method ?? 'deflated') === 'deflated';
  for (const piece of pieces) {
    crc = crc32(piece, crc);
    size += piece.length;
    // Each piece ends with a sync flush, so the pieces join into one deflate stream.
    out.push(deflated ? deflateRawSync(piece, { level: 9, finishFlush: constants.Z_SYNC_FLUSH }) : piece);
  }
  if (deflated) out.push(deflateRawSync(Buffer.alloc(0)));
  return { crc, size, compressed: Buffer.concat(out) };
}

/** The bytes of a zip file holding `entries` in order. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const { crc, size, compressed } = pack(entry);
    const name = Buffer.from(entry.name, 'utf8');
    const method = (entry.method ?? 'deflated') === 'deflated' ? 8 : 0;
    const declared = entry.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x0800, 8);
    record.writeUInt16LE(method, 10);
    record.writeUInt16LE(0, 12);
    record.writeUInt16LE(0x21, 14);
    record.writeUInt32LE(crc >>> 0, 16);
    record.writeUInt32LE(compressed.length, 20);
    record.writeUInt32LE(declared, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    central.push(record, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A minimal XLSX workbook of one sheet named `sheetName`, whose sheet XML is `sheet` (or produced by it). */
export function xlsx(sheet: ZipEntry['data'], options: { sheetName?: string; declaredSheetSize?: number } = {}): Buffer {
  return zip([
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${RELS}"><sheets><sheet name="${options.sheetName ?? 'Sheet1'}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize: options.declaredSheetSize },
  ]);
}

/** A sheet's XML around rows given as XML. */
export const sheetXml = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;

/**
 * A sheet of `megabytes` MB (a row, then that much white space between elements, which is valid XML):
 * deflated it is about 1,000 times smaller, the body of a zip bomb.
 */
export function bombSheet(megabytes: number): () => Iterable<Buffer> {
  return function* () {
    yield Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>`,
    );
    const megabyte = Buffer.alloc(1 << 20, 0x20);
    for (let i = 0; i < megabytes; i++) yield megabyte;
    yield Buffer.from('</sheetData></worksheet>');
  };
}
