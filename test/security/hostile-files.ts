/** Hostile and oddly encoded upload files, shared by the upload tests in process and as real processes. */
import { sheetXml, xlsx } from './zip.js';

/** The 683-byte attack: one cell, at column ZZZZZZZ. */
export const zzzzzzz = () => xlsx(sheetXml('<row r="1"><c r="ZZZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>'));

export const areasCsv =
  'area_code,name,type,parent_code\n' +
  'W92000004,Wales,country,\n' +
  'W06000001,Ynys Môn,local-authority,W92000004\n' +
  'W06000016,Rhondda Cynon Taf,local-authority,W92000004\n';

/** Excel's "Unicode text": UTF-16 little-endian with a byte-order mark. */
export const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
export const utf8Bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
/** "£" is 0xA3 in Latin-1 and Windows-1252, and no UTF-8 character starts with it. */
export const latin1Csv = Buffer.from(
  'area_code,name,type,parent_code\nW92000004,Wales,country,\nW06000001,Ynys Mon £5 council,local-authority,W92000004\n',
  'latin1',
);
