/**
 * Uploads that cannot hurt the service: hostile and oddly encoded files, posted through the real upload
 * page by a coordinator (the one kind of user who may upload); test/cli/uploads-process.test.ts gives them to the
 * saferhub command and to the server as real processes. Each is refused with a message saying what and where, or read correctly; nothing of a refused
 * file is saved; the service keeps answering; and no temporary file is left behind.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { signedInAgent, testApp, type Agent } from '../support/app.js';
import { testRuntime } from '../support/db.js';
import { buildPartnership, buildUser } from '../support/factories.js';
import { systemActor } from '../../src/modules/access/index.js';
import { listAllPopulations, listAreaCodes } from '../../src/modules/evidence/imports/repository.js';
import { removeLeftoverImportFiles } from '../../src/modules/evidence/imports/temp-files.js';
import { xlsxRows } from '../../src/modules/evidence/imports/xlsx.js';
import { GzipError, gunzipToFile } from '../../src/modules/evidence/imports/gzip.js';
import { bombSheet, sheetXml, xlsx, zip } from './zip.js';
import { importLeftovers, ownTmpdir } from '../support/own-tmpdir.js';
import { areasCsv, latin1Csv, utf16le, utf8Bom, zzzzzzz } from './hostile-files.js';

// The shared database and app first, so that nothing of theirs lands in this test's temporary folder.
const tmp = ownTmpdir('saferhub-security-', async () => {
  await testRuntime();
  await testApp();
});
/** Temporary files of imports, left in the system's temporary folder (here a folder of this test's own). */
const leftovers = () => importLeftovers(tmp());

const cookieOf = (agent: Agent) => (agent as unknown as { cookieHeader(): string }).cookieHeader();

/** Posts a file through the upload form exactly as a browser would, then waits for its import to end. */
async function upload(agent: Agent, kind: string, fileName: string, content: Buffer): Promise<LightMyRequestResponse> {
  const page = await agent.get('/evidence/imports/new');
  expect(page.statusCode).toBe(200);
  const action = /action="(\/evidence\/imports\?_csrf=[^"]+)"/.exec(page.body.replace(/&amp;/g, '&'))![1]!;
  const boundary = '----saferhub-security-test';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const response = await (
    await testApp()
  ).inject({
    method: 'POST',
    url: action,
    headers: { cookie: cookieOf(agent), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  await (await testRuntime()).services.evidenceImports.idle();
  return response;
}

/** A coordinator of a partnership: may upload, and is the user the attack needs. */
async function coordinator() {
  const partnership = await buildPartnership();
  return signedInAgent(await buildUser({ roles: [{ partnership, role: 'coordinator' }] }));
}

/** The import's page after an upload, as text (entities decoded). */
async function resultOf(agent: Agent, response: LightMyRequestResponse) {
  expect(response.statusCode).toBe(303);
  const page = await agent.follow(response);
  expect(page.statusCode).toBe(200);
  return page.body
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

async function stillAnswering(agent: Agent) {
  expect((await agent.get('/evidence/imports')).statusCode).toBe(200);
  expect((await agent.get('/evidence/imports/new')).statusCode).toBe(200);
}

const held = async () => {
  const { database } = await testRuntime();
  return { areas: await listAreaCodes(database.db), populations: await listAllPopulations(database.db) };
};

async function lastImport() {
  const [latest] = await (await testRuntime()).services.evidenceImports.history(systemActor, 1);
  return latest!;
}

describe('hostile workbooks through the upload page', () => {
  it('refuses a tiny XLSX whose one cell is at column ZZZZZZZ, naming the cell, without padding the row', async () => {
    const agent = await coordinator();
    const file = zzzzzzz();
    expect(file.length).toBeLessThan(2000);
    const page = await resultOf(agent, await upload(agent, 'population', 'mye23-one-cell.xlsx', file));
    expect(page).toContain('mye23-one-cell.xlsx was not imported');
    expect(page).toContain(
      'mye23-one-cell.xlsx: sheet "Sheet1", cell ZZZZZZZ1: column ZZZZZZZ is past the last column read, AMJ (limit of 1,024 columns)',
    );
    expect(await held()).toEqual({ areas: [], populations: [] });
    expect((await lastImport()).status).toBe('refused');
    await stillAnswering(agent);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a zip bomb from its zip directory, without unpacking it', async () => {
    const agent = await coordinator();
    const bomb = xlsx(bombSheet(400)); // 400 MB of sheet in about 400 KB
    expect(bomb.length).toBeLessThan(600_000);
    const peakBefore = process.resourceUsage().maxRSS;
    const page = await resultOf(agent, await upload(agent, 'population', 'mye23-bomb.xlsx', bomb));
    expect(page).toContain('mye23-bomb.xlsx was not imported');
    expect(page).toMatch(/the workbook would unpack to 400(\.\d)? MB, more than the 256 MB allowed \(limit on unpacked size/);
    // Nothing was unpacked: the process's peak memory did not grow by anything like the bomb's size.
    expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(200);
    expect(await held()).toEqual({ areas: [], populations: [] });
    await stillAnswering(agent);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a zip bomb whose directory lies about its size, stopping as soon as more comes out than declared', async () => {
    const agent = await coordinator();
    const liar = xlsx(bombSheet(400), { declaredSheetSize: 4096 });
    const page = await resultOf(agent, await upload(agent, 'population', 'mye23-liar.xlsx', liar));
    expect(page).toContain('mye23-liar.xlsx was not imported');
    expect(page).toContain('xl/worksheets/sheet1.xml unpacks to more than the 4,096 bytes its zip directory declares');
    expect(await held()).toEqual({ areas: [], populations: [] });
    await stillAnswering(agent);
    expect(leftovers()).toEqual([]);
  });
});

describe('the workbook reader', () => {
  it('is stopped by its memory limit, which becomes a refusal instead of a crash', async () => {
    const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    // 30 MB of distinct shared strings, all held while the sheets are read: too much for a 16 MB heap.
    const strings = function* () {
      yield Buffer.from(`<sst xmlns="${MAIN}">`);
      let n = 0;
      for (let m = 0; m < 30; m++) {
        const parts: string[] = [];
        for (let size = 0; size < 1 << 20; n++) {
          const si = `<si><t>${n.toString(36)}</t></si>`;
          parts.push(si);
          size += si.length;
        }
        yield Buffer.from(parts.join(''));
      }
      yield Buffer.from('</sst>');
    };
    const file = path.join(tmp(), 'strings.xlsx');
    fs.writeFileSync(
      file,
      zip([
        {
          name: 'xl/workbook.xml',
          data: `<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        },
        {
          name: 'xl/_rels/workbook.xml.rels',
          data:
            `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
            `<Relationship Id="rId1" Type="${RELS}/worksheet" Target="worksheets/sheet1.xml"/>` +
            `<Relationship Id="rId2" Type="${RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
        },
        { name: 'xl/sharedStrings.xml', data: strings },
        { name: 'xl/worksheets/sheet1.xml', data: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') },
      ]),
    );
    await expect(xlsxRows(file, () => true, { memoryMb: 16 })).rejects.toThrow(
      'reading the workbook needed more than the 16 MB of memory allowed (limit on memory), so it was stopped',
    );
    fs.rmSync(file);
  });
});

describe('encodings through the upload page', () => {
  it('reads a UTF-16LE CSV with a byte-order mark (Excel\'s "Unicode text")', async () => {
    const agent = await coordinator();
    const page = await resultOf(agent, await upload(agent, 'areas', 'areas-utf16.csv', utf16le(areasCsv)));
    expect(page).toContain('Import complete');
    const names = (await held()).areas.map((a) => a.name).sort();
    expect(names).toEqual(['Rhondda Cynon Taf', 'Wales', 'Ynys Môn']);
    await stillAnswering(agent);
    expect(leftovers()).toEqual([]);
  });

  it('reads UTF-16 without a byte-order mark, known by its NUL bytes', async () => {
    const agent = await coordinator();
    const page = await resultOf(agent, await upload(agent, 'areas', 'areas-utf16be.csv', Buffer.from(areasCsv, 'utf16le').swap16()));
    expect(page).toContain('Import complete');
    expect((await held()).areas.map((a) => a.name)).toContain('Ynys Môn');
    expect(leftovers()).toEqual([]);
  });

  it('refuses a Latin-1 CSV, naming the file, line and byte, and never turns the byte into U+FFFD', async () => {
    const agent = await coordinator();
    const page = await resultOf(agent, await upload(agent, 'areas', 'areas-latin1.csv', latin1Csv));
    expect(page).toContain('areas-latin1.csv was not imported');
    const offset = latin1Csv.indexOf(0xa3) + 1;
    const column = offset - latin1Csv.subarray(0, offset).lastIndexOf(0x0a) - 1;
    expect(page).toContain(
      `areas-latin1.csv, line 3: byte ${column} of the line (byte ${offset} of the file) is 0xA3, which is not valid UTF-8 ` +
        '(in Windows-1252 or Latin-1 it would be "£"',
    );
    expect(page).not.toContain('\uFFFD');
    expect(await held()).toEqual({ areas: [], populations: [] });
    await stillAnswering(agent);
    expect(leftovers()).toEqual([]);
  });

  it('reads a UTF-8 CSV with a byte-order mark', async () => {
    const agent = await coordinator();
    const page = await resultOf(agent, await upload(agent, 'areas', 'areas-bom.csv', utf8Bom(areasCsv)));
    expect(page).toContain('Import complete');
    expect((await held()).areas.map((a) => a.code).sort()).toEqual(['W06000001', 'W06000016', 'W92000004']);
    expect(leftovers()).toEqual([]);
  });
});

describe('gzip files through the upload page', () => {
  it('reads a gzipped CSV as its content: the same content uncompressed is then already imported', async () => {
    const agent = await coordinator();
    const page = await resultOf(agent, await upload(agent, 'areas', 'areas.csv.gz', zlib.gzipSync(areasCsv)));
    expect(page).toContain('Import complete');
    expect((await held()).areas.map((a) => a.name).sort()).toEqual(['Rhondda Cynon Taf', 'Wales', 'Ynys Môn']);
    const again = await upload(agent, 'areas', 'areas.csv', Buffer.from(areasCsv));
    expect(again.headers.location).toMatch(/\?again=1$/);
    expect(leftovers()).toEqual([]);
  });

  it('reads a gzipped UTF-16 CSV, unpacked and then decoded', async () => {
    const agent = await coordinator();
    const page = await resultOf(agent, await upload(agent, 'areas', 'areas-utf16.csv.gz', zlib.gzipSync(utf16le(areasCsv))));
    expect(page).toContain('Import complete');
    expect((await held()).areas.map((a) => a.name)).toContain('Ynys Môn');
    expect(leftovers()).toEqual([]);
  });

  it('refuses a damaged gzip file and a gzip file inside a gzip file, saving nothing', async () => {
    const agent = await coordinator();
    const packed = zlib.gzipSync(areasCsv);
    const cut = await resultOf(agent, await upload(agent, 'areas', 'cut.csv.gz', packed.subarray(0, packed.length - 12)));
    expect(cut).toContain('cut.csv.gz was not imported');
    expect(cut).toContain('cut.csv.gz: is a gzip file that cannot be unpacked');
    const twice = await resultOf(agent, await upload(agent, 'areas', 'twice.csv.gz.gz', zlib.gzipSync(packed)));
    expect(twice).toContain('twice.csv.gz.gz: is a gzip file inside a gzip file');
    expect(await held()).toEqual({ areas: [], populations: [] });
    await stillAnswering(agent);
    expect(leftovers()).toEqual([]);
  });

  it('stops unpacking a gzip bomb at the limit instead of filling the disk', async () => {
    const bomb = path.join(tmp(), 'bomb.csv.gz');
    fs.writeFileSync(bomb, zlib.gzipSync(Buffer.alloc(8 << 20))); // 8 MB of zeros in about 8 KB
    const out = path.join(tmp(), 'bomb.csv');
    await expect(gunzipToFile(bomb, out, 1 << 20)).rejects.toThrow(GzipError);
    await expect(gunzipToFile(bomb, out, 1 << 20)).rejects.toThrow('is a gzip file that unpacks to more than 1048576 bytes');
    expect(fs.statSync(out).size).toBeLessThanOrEqual(1 << 20);
    fs.rmSync(bomb);
    fs.rmSync(out);
  });
});

describe('temporary files of killed processes', () => {
  it('are removed at start-up, while those of running processes are kept', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const killedUpload = path.join(tmp(), `saferhub-upload-${dead}-AbC123`);
    const killedImport = path.join(tmp(), `saferhub-import-${dead}-XyZ789`);
    const running = path.join(tmp(), `saferhub-upload-${process.pid}-Run123`);
    for (const dir of [killedUpload, killedImport, running]) {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'upload.csv'), 'area_code\n');
    }
    expect((await removeLeftoverImportFiles()).sort()).toEqual([killedImport, killedUpload].sort());
    expect(fs.existsSync(running)).toBe(true);
    fs.rmSync(running, { recursive: true });
  });
});
