import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../../access/index.js';
import { testRuntime } from '../../../../test/support/db.js';
import { queryRows } from '../../../db/database.js';
import { sql } from 'drizzle-orm';

const header =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

function file(dir: string, name: string, text: string) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

const monthRow = (month: string, n: number) =>
  `id-${month}-${n},${month},Hampshire Constabulary,Hampshire Constabulary,,,No location,,,Burglary,Under investigation,`;

describe('police.uk financial-year counts', () => {
  it('are summed only once all twelve months of the year are held', async () => {
    const { services, database } = await testRuntime();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-fy-'));
    const areas = file(
      dir,
      'areas.csv',
      'area_code,name,type,parent_code\nE92000001,England,country,\nE23000030,Hampshire,police-force-area,E92000001\n',
    );
    await services.evidenceImports.importFile(systemActor, { choice: 'areas', filePath: areas, fileName: 'areas.csv' });

    const months = [
      '2016-04',
      '2016-05',
      '2016-06',
      '2016-07',
      '2016-08',
      '2016-09',
      '2016-10',
      '2016-11',
      '2016-12',
      '2017-01',
      '2017-02',
    ];
    const firstEleven = file(dir, 'eleven.csv', [header, ...months.map((m) => monthRow(m, 1))].join('\r\n') + '\r\n');
    const partial = await services.evidenceImports.importFile(systemActor, {
      choice: 'police-uk',
      filePath: firstEleven,
      fileName: 'eleven.csv',
    });
    expect(partial.messages.join('\n')).toContain('2016/17 is not complete yet');

    const yearTotal = () =>
      queryRows<{ numerator: number }>(
        database.db,
        sql`select numerator from evidence_observations where indicator_key = 'police-uk:burglary' and area_code = 'E23000030' and period = '2016/17'`,
      );
    expect(await yearTotal()).toEqual([]);

    const march = file(dir, 'march.csv', [header, monthRow('2017-03', 1), monthRow('2017-03', 2)].join('\r\n') + '\r\n');
    const complete = await services.evidenceImports.importFile(systemActor, {
      choice: 'police-uk',
      filePath: march,
      fileName: 'march.csv',
    });
    expect(complete.messages.join('\n')).toContain('summed into 2016/17');
    expect((await yearTotal()).map((r) => Number(r.numerator))).toEqual([13]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
