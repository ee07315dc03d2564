/**
 * The hostile and oddly encoded files of test/security/uploads.test.ts, given to SaferHub as real processes: the
 * saferhub command, and the server (which also clears a killed process's temporary files at start). Embedded only:
 * the processes run on data folders of their own.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bombSheet, xlsx } from '../security/zip.js';
import { areasCsv, latin1Csv, utf16le, zzzzzzz } from '../security/hostile-files.js';
import { saferhub, signInOverHttp, startServer, tempDir } from './foundation-process.js';
import { importLeftovers, ownTmpdir } from '../support/own-tmpdir.js';

const tmp = ownTmpdir('saferhub-security-');
/** Temporary files of imports, left in the system's temporary folder (here a folder of this test's own). */
const leftovers = () => importLeftovers(tmp());

describe('the saferhub command with the same files', () => {
  let work: string;
  let dataDir: string;
  const write = (name: string, content: Buffer) => {
    fs.writeFileSync(path.join(work, name), content);
    return path.join(work, name);
  };

  beforeAll(async () => {
    work = tempDir('saferhub-security-cli-');
    fs.chmodSync(work, 0o711);
    dataDir = path.join(work, 'data');
    const migrated = await saferhub(dataDir, ['migrate']);
    expect(migrated.code, migrated.stderr).toBe(0);
  }, 180_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('refuses the ZZZZZZZ workbook and the Latin-1 file with their messages, and reads the UTF-16 one', async () => {
    const attack = await saferhub(dataDir, ['import', 'population', write('mye23-one-cell.xlsx', zzzzzzz())]);
    expect(attack.code).toBe(1);
    expect(attack.stderr).toContain('mye23-one-cell.xlsx was not imported: 1 problem found');
    expect(attack.stderr).toContain('mye23-one-cell.xlsx: sheet "Sheet1", cell ZZZZZZZ1: column ZZZZZZZ is past the last column read');

    const latin1 = await saferhub(dataDir, ['import', 'areas', write('areas-latin1.csv', latin1Csv)]);
    expect(latin1.code).toBe(1);
    expect(latin1.stderr).toMatch(
      /areas-latin1\.csv, line 3: byte \d+ of the line \(byte \d+ of the file\) is 0xA3, which is not valid UTF-8/,
    );

    const utf16 = await saferhub(dataDir, ['import', 'areas', write('areas-utf16.csv', utf16le(areasCsv))]);
    expect(utf16.code, utf16.stderr).toBe(0);
    expect(utf16.stdout).toContain('Imported areas-utf16.csv');
    expect(leftovers()).toEqual([]);
  }, 180_000);
});

describe('the server as a real process', () => {
  let work: string;
  let server: ReturnType<typeof startServer> | undefined;
  afterAll(async () => {
    await server?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('removes the temporary files of a killed process at start, and keeps answering after hostile uploads', async () => {
    work = tempDir('saferhub-security-server-');
    fs.chmodSync(work, 0o711);
    const serverTmp = path.join(work, 'tmp');
    fs.mkdirSync(serverTmp, { mode: 0o777 });
    fs.chmodSync(serverTmp, 0o777);
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const killed = path.join(serverTmp, `saferhub-upload-${dead}-Kil123`);
    fs.mkdirSync(killed);
    fs.writeFileSync(path.join(killed, 'half-uploaded.csv'), 'area_code,name');

    server = startServer({ SAFERHUB_DATA_DIR: path.join(work, 'data'), TMPDIR: serverTmp });
    const baseUrl = await server.ready;
    expect(fs.existsSync(killed)).toBe(false);

    // Signed in as the demo's coordinator, through the real sign-in form.
    const cookie = await signInOverHttp(baseUrl, 'coordinator@southampton.example', 'saferhub-demo-2026');

    const post = async (fileName: string, content: Buffer) => {
      const page = await (await fetch(`${baseUrl}/evidence/imports/new`, { headers: { cookie } })).text();
      const action = /action="(\/evidence\/imports\?_csrf=[^"]+)"/.exec(page.replace(/&amp;/g, '&'))![1]!;
      const body = new FormData();
      body.set('kind', 'population');
      body.set('file', new Blob([new Uint8Array(content)]), fileName);
      const response = await fetch(`${baseUrl}${action}`, { method: 'POST', body, headers: { cookie }, redirect: 'manual' });
      expect(response.status).toBe(303);
      // The import runs in the background; its page refreshes itself until it has ended.
      for (let i = 0; i < 120; i++) {
        const result = await (await fetch(`${baseUrl}${response.headers.get('location')!}`, { headers: { cookie } })).text();
        if (!result.includes('http-equiv="refresh"')) return result.replace(/&quot;/g, '"');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`${fileName}: the import did not end`);
    };

    expect(await post('mye23-one-cell.xlsx', zzzzzzz())).toContain(
      'mye23-one-cell.xlsx: sheet "Sheet1", cell ZZZZZZZ1: column ZZZZZZZ is past the last column read',
    );
    expect(await post('mye23-bomb.xlsx', xlsx(bombSheet(400)))).toContain('the workbook would unpack to 400');
    expect(server.alive()).toBe(true);
    expect((await fetch(`${baseUrl}/evidence/imports`, { headers: { cookie } })).status).toBe(200);
    expect(fs.readdirSync(serverTmp).filter((name) => name.startsWith('saferhub-'))).toEqual([]);
  }, 300_000);
});
