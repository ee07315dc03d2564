/**
 * `saferhub import` and `saferhub export` run as real processes on real public files and on broken copies
 * of them: the messages name file, line and field, and a refused or killed import leaves nothing behind.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshTestDatabase } from '../../../test/support/db.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { sharedDataPath } from '../../../test/support/shared-data.js';

const street = (month: string) => sharedDataPath('police-uk', 'hampshire', `${month}-hampshire-street.csv`);
const demoAreas = path.resolve('data/demo/evidence/areas.csv');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The commands use an embedded database in a temporary folder, or, when the tests run against a PostgreSQL
 * server (TEST_DATABASE_URL), a fresh database of this worker's own on that server.
 */
let databaseUrl: string | undefined;

function env(dataDir: string) {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(DATABASE_URL|TEST_DATABASE_URL|VITEST|NODE_ENV|PORT)/.test(k)) e[k] = v;
  return { ...e, SAFERHUB_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
}

function saferhub(dataDir: string, args: string[], onStderr?: (text: string, kill: () => void) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/saferhub.mjs', ...args], { env: env(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr, () => child.kill('SIGKILL'));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Counts rows in the database the commands used. */
async function counts(dataDir: string) {
  const database = await openDatabase({ dataDir, databaseUrl, poolSize: 1 });
  try {
    return await database.withSession(async (s) => {
      const n = async (table: string, where = 'true') =>
        Number((await s.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`)).rows[0]!.n);
      return {
        records: await n('evidence_police_records'),
        observations: await n('evidence_observations'),
        populations: await n('evidence_area_populations'),
        succeeded: await n('evidence_imports', "status = 'succeeded'"),
      };
    });
  } finally {
    await database.close();
  }
}

let work: string;
let dataDir: string;
const copy = (name: string, transform: (text: string) => string, from = street('2017-02')) => {
  const file = path.join(work, name);
  fs.writeFileSync(file, transform(fs.readFileSync(from, 'utf8')));
  return file;
};

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-evidence-cli-'));
  fs.chmodSync(work, 0o711); // as root, the embedded PostgreSQL runs as the user `postgres`, which must reach it
  dataDir = path.join(work, 'data');
  if (process.env.TEST_DATABASE_URL) databaseUrl = await freshTestDatabase(`cli_${process.env.VITEST_POOL_ID ?? '1'}`);
  expect((await saferhub(dataDir, ['migrate'])).code).toBe(0);
  const areas = await saferhub(dataDir, ['import', 'areas', demoAreas]);
  expect(areas.stdout).toContain('Imported areas.csv');
}, 120_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('saferhub import police-uk', () => {
  it('imports a real force file, derives counts up to the force area, and changes nothing the second time', async () => {
    const first = await saferhub(dataDir, ['import', 'police-uk', street('2017-02')]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('14,834 records imported for 2017-02');
    expect(first.stdout).toMatch(/1 records have no LSOA: counted at force level only/);
    expect(first.stderr).toContain('2017-02-hampshire-street.csv: 100%');

    const exported = await saferhub(dataDir, [
      'export',
      'observations',
      '--indicator',
      'police-uk:all-crime',
      '--area',
      'E23000030',
      '--format',
      'json',
    ]);
    // The same camelCase names as the API's.
    const rows = JSON.parse(exported.stdout) as { period: string; numerator: number; lower95: number }[];
    // One month of 2016/17 is held, so no part-year total is made for it.
    expect(first.stdout).toContain('2016/17 is not complete yet');
    expect(rows.map((r) => [r.period, r.numerator])).toEqual([['2017-02', 14834]]);
    expect(rows[0]!.lower95).toBeLessThan(14834);
    const before = await counts(dataDir);

    const again = await saferhub(dataDir, ['import', 'police-uk', street('2017-02')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Already imported: 2017-02-hampshire-street.csv');
    expect(await counts(dataDir)).toEqual(before);
  }, 240_000);

  it('refuses broken copies, naming file, line and field, and writes nothing', async () => {
    const before = await counts(dataDir);
    const badHeader = copy('bad-header.csv', (t) => t.replace('Crime type', 'Crime kind'));
    const badRow = copy('bad-row.csv', (t) => {
      const lines = t.split('\r\n');
      lines[49] = lines[49]!.replace(',2017-02,', ',2017-13,');
      lines[1] = lines[1]!.replace('Anti-social behaviour', 'Mischief');
      return lines.join('\r\n');
    });
    const truncated = copy('truncated.csv', (t) => t.slice(0, Math.floor(t.length / 2)));

    const header = await saferhub(dataDir, ['import', 'police-uk', badHeader]);
    expect(header.code).toBe(1);
    expect(header.stderr).toContain('bad-header.csv, line 1, header: expected the columns Crime ID,Month');

    const row = await saferhub(dataDir, ['import', 'police-uk', badRow]);
    expect(row.code).toBe(1);
    expect(row.stderr).toContain('bad-row.csv was not imported: 2 problems found');
    expect(row.stderr).toContain('bad-row.csv, line 50, Month: "2017-13" is not a month written YYYY-MM');
    expect(row.stderr).toContain('bad-row.csv, line 2, Crime type: "Mischief" is not a police.uk crime type');

    const cut = await saferhub(dataDir, ['import', 'police-uk', truncated]);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/truncated\.csv, line \d+: has \d+ fields where 12 were expected/);

    expect(await counts(dataDir)).toEqual(before);
  }, 240_000);

  it('leaves nothing behind when killed part-way, and the same import then succeeds', async () => {
    const big = path.join(work, 'six-months.csv');
    const months = ['2017-03', '2017-04', '2017-05', '2017-06', '2017-07', '2017-08'];
    fs.writeFileSync(big, fs.readFileSync(street(months[0]!)));
    for (const m of months.slice(1)) fs.appendFileSync(big, fs.readFileSync(street(m), 'utf8').replace(/^[^\n]*\n/, ''));
    const before = await counts(dataDir);

    let killed = false;
    const run = await saferhub(dataDir, ['import', 'police-uk', big], (text, kill) => {
      if (!killed && /six-months\.csv: \d+%/.test(text)) {
        killed = true;
        kill();
      }
    });
    expect(killed).toBe(true);
    expect(run.code).toBeNull();
    expect(await counts(dataDir)).toEqual(before);

    const retry = await saferhub(dataDir, ['import', 'police-uk', big]);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain('Imported six-months.csv');
    expect((await counts(dataDir)).records).toBeGreaterThan(before.records + 100_000);
  }, 240_000);
});

describe('saferhub import of the other formats', () => {
  it('imports ONS populations from CSV and XLSX and the Home Office CSP table, and refuses unknown areas', async () => {
    const lookup = await saferhub(dataDir, ['import', 'areas', sharedDataPath('lookups', 'lad-to-csp-to-pfa-2017.csv')]);
    expect(lookup.stdout).toContain('314 csp');
    const population = await saferhub(dataDir, [
      'import',
      'population',
      sharedDataPath('population', 'ukpopestimatesmid2020on2021geography.csv'),
      sharedDataPath('population', 'mye23tablesew.xlsx'),
    ]);
    expect(population.code).toBe(0);
    expect(population.stdout).toMatch(/populations imported for 2020/);
    expect(population.stdout).toMatch(/populations imported for 2023/);
    const homeOffice = await saferhub(dataDir, [
      'import',
      'home-office',
      sharedDataPath('home-office-csp', 'calderdale-recorded-crime-2015-16-to-2021-22.csv'),
    ]);
    expect(homeOffice.stdout).toContain('for 2015/16, 2016/17, 2017/18, 2018/19, 2019/20, 2020/21, 2021/22');

    const before = await counts(dataDir);
    const unknown = path.join(work, 'unknown-area.csv');
    fs.writeFileSync(unknown, 'area_code,year,population\nE06000045,2017,252796\nE99999999,2017,100\nE06000045,2018,-5\n');
    const refused = await saferhub(dataDir, ['import', 'population', unknown]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('unknown-area.csv, line 3, area_code: "E99999999" is not a known area');
    expect(refused.stderr).toContain('unknown-area.csv, line 4, population: cannot be negative');
    expect(await counts(dataDir)).toEqual(before);
  }, 240_000);
});
