/** Companion rates per 1,000 residents of the police.uk and Home Office counts, and the Home Office import's problems. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/database.js';
import { signedInAgent } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import { buildUser } from '../../../../test/support/factories.js';
import { systemActor } from '../../access/index.js';
import { rateWithLimits } from '../statistics/index.js';
import type { ImportChoice } from './service.js';

const areasCsv =
  'area_code,name,type,parent_code\n' +
  'E92000001,England,country,\n' +
  'E23000030,Hampshire,police-force-area,E92000001\n' +
  'E22000120,Southampton,csp,E23000030\n' +
  'E06000045,Southampton,local-authority,E22000120\n' +
  'E01017144,Southampton 001A,lsoa,E06000045\n';
const populationCsv = 'area_code,year,population\nE06000045,2017,252796\nE22000120,2017,252796\nE22000120,2016,250377\n';

const streetHeader =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const streetRow = (n: number, type: string) =>
  `id-${n},2017-05,Hampshire Constabulary,Hampshire Constabulary,-1.4,50.9,On or near a street,E01017144,Southampton 001A,${type},Under investigation,`;
/** 30 burglaries and 3 robberies in one LSOA of Southampton, in May 2017. */
const streetCsv = [
  streetHeader,
  ...Array.from({ length: 30 }, (_, i) => streetRow(i, 'Burglary')),
  ...[30, 31, 32].map((i) => streetRow(i, 'Robbery')),
].join('\n');

const homeOfficeCsv =
  'Force Name,CSP Name,Offence Description,Offence Group,Offence Subgroup,OffenceCode,2016/17,2017/18\n' +
  'Hampshire,Southampton,Burglary - residential,Theft offences,Burglary,28E,1200,1300\n' +
  'Hampshire,Southampton,Robbery of personal property,Robbery,Robbery,34B,300,..\n';

async function importText(choice: ImportChoice, name: string, text: string) {
  const { services } = await testRuntime();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-rates-')), name);
  fs.writeFileSync(file, text);
  return services.evidenceImports.importFile(systemActor, { choice, filePath: file, fileName: name });
}

async function observations(key: string) {
  const { database } = await testRuntime();
  return queryRows<{ areaCode: string; period: string; numerator: number; denominator: number | null; value: number }>(
    database.db,
    sql`select area_code as "areaCode", period, numerator, denominator, value from evidence_observations
        where indicator_key = ${key} order by area_code, period`,
  );
}

describe('police.uk counts', () => {
  it('get a companion rate per 1,000 residents where the population is held, with its confidence interval on the indicator page', async () => {
    expect((await importText('areas', 'areas.csv', areasCsv)).status).toBe('succeeded');
    expect((await importText('population', 'population.csv', populationCsv)).status).toBe('succeeded');
    const street = await importText('police-uk', '2017-05-hampshire-street.csv', streetCsv);
    expect(street.status).toBe('succeeded');
    expect(street.messages.join('\n')).toMatch(/\d+ rates per 1,000 residents derived for the areas whose population is held/);

    // Counts at every level; rates only for the local authority and the CSP, whose populations are held.
    expect((await observations('police-uk:burglary')).map((o) => o.areaCode)).toEqual(['E01017144', 'E06000045', 'E22000120', 'E23000030']);
    const rates = await observations('police-uk:burglary:rate');
    expect(rates.map((o) => [o.areaCode, o.period, o.numerator, o.denominator])).toEqual([
      ['E06000045', '2017-05', 30, 252796],
      ['E22000120', '2017-05', 30, 252796],
    ]);
    expect(rates[0]!.value).toBeCloseTo((30 / 252796) * 1000, 12);
    expect((await observations('police-uk:all-crime:rate')).find((o) => o.areaCode === 'E06000045')?.numerator).toBe(33);
    // Crime types with no count have no rate indicator.
    const { database } = await testRuntime();
    const defined = await queryRows<{ key: string; name: string; unit: string; multiplier: number }>(
      database.db,
      sql`select key, name, unit, multiplier from evidence_indicators where key like 'police-uk:%:rate' order by key`,
    );
    expect(defined.map((d) => d.key)).toEqual(['police-uk:all-crime:rate', 'police-uk:burglary:rate', 'police-uk:robbery:rate']);
    expect(defined[1]).toEqual({
      key: 'police-uk:burglary:rate',
      name: 'Burglary per 1,000 residents (police.uk)',
      unit: 'rate',
      multiplier: 1000,
    });

    const agent = await signedInAgent(await buildUser());
    const page = await agent.get('/evidence/indicators/police-uk%3Aburglary%3Arate?area=E06000045&period=2017-05');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Rate per 1,000');
    // The same 95% interval as any rate: Byar's method on the count of 30, over the population.
    const ci = rateWithLimits(30, 252796, 1000, '95');
    const oneDecimal = (n: number) => n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    expect(page.body).toContain(`${oneDecimal(ci.lower)} to ${oneDecimal(ci.upper)}`);
    // The count's page and the rate's point to each other.
    expect(page.body).toMatch(
      /data-testid="companion">Also as a count: <a class="govuk-link" href="\/evidence\/indicators\/police-uk%3Aburglary\?area=E06000045/,
    );
    const count = await agent.get('/evidence/indicators/police-uk%3Arobbery?area=E06000045&period=2017-05');
    expect(count.body).toContain('Also as a rate per 1,000 residents, with confidence intervals');
  });

  it('get their rates when the populations are imported after them', async () => {
    await importText('areas', 'areas.csv', areasCsv);
    await importText('police-uk', '2017-05-hampshire-street.csv', streetCsv);
    expect(await observations('police-uk:burglary:rate')).toEqual([]);
    const population = await importText('population', 'population.csv', populationCsv);
    expect(population.status).toBe('succeeded');
    expect(population.messages.join('\n')).toContain('rates per 1,000 residents of police.uk and Home Office counts worked out');
    expect((await observations('police-uk:burglary:rate')).map((o) => o.areaCode)).toEqual(['E06000045', 'E22000120']);
  });
});

describe('the Home Office CSP table', () => {
  it('gives each count of a CSP whose population is held a rate per 1,000 residents', async () => {
    await importText('areas', 'areas.csv', areasCsv);
    await importText('population', 'population.csv', populationCsv);
    const outcome = await importText('home-office', 'southampton.csv', homeOfficeCsv);
    expect(outcome.status).toBe('succeeded');
    const rates = await observations('home-office:all-recorded-crime:rate');
    expect(rates.map((o) => [o.period, o.numerator, o.denominator])).toEqual([
      ['2016/17', 1500, 250377],
      ['2017/18', 1300, 252796],
    ]);
    expect(rates[0]!.value).toBeCloseTo((1500 / 250377) * 1000, 12);
    expect((await observations('home-office:offence:28e:rate')).length).toBe(2);
  });

  it('says once that the LAD-to-CSP lookup is missing and how to load it, not once a row', async () => {
    await importText('areas', 'areas.csv', 'area_code,name,type,parent_code\nE92000001,England,country,\n');
    const outcome = await importText('home-office', 'calderdale.csv', homeOfficeCsv);
    expect(outcome.status).toBe('refused');
    if (outcome.status !== 'refused') return;
    expect(outcome.problemCount).toBe(1);
    expect(outcome.problems).toEqual([
      expect.stringMatching(/^calderdale\.csv, CSP Name: no CSP areas are held, .*saferhub import areas <lookup file>/),
    ]);
  });

  it('names each CSP it does not hold once, with how many rows name it', async () => {
    await importText('areas', 'areas.csv', areasCsv);
    const outcome = await importText(
      'home-office',
      'others.csv',
      homeOfficeCsv.replace(/Hampshire,Southampton/g, 'West Yorkshire,Calderdale'),
    );
    expect(outcome.status).toBe('refused');
    if (outcome.status !== 'refused') return;
    expect(outcome.problems).toEqual([
      'others.csv, line 2, CSP Name: "Calderdale" is not the name of a CSP held (this row and 1 more). Load the ONS lookup of ' +
        'local authorities to CSPs that names it (saferhub import areas <lookup file>), or correct the name.',
    ]);
  });
});
