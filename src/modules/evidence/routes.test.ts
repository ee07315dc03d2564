import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import { systemActor } from '../access/index.js';
import { testRuntime } from '../../../test/support/db.js';
import { testApp, signedInAgent, Agent } from '../../../test/support/app.js';
import { buildPartnership, buildUser } from '../../../test/support/factories.js';
import { loadEvidenceDemo } from './demo.js';
import { demoEvidenceDir } from './demo-files.js';

/** Loads the bundled demo evidence; `policeRows: n` also imports every nth Southampton police.uk row. */
async function withDemo(options: { policeRows?: number; months?: string[] } = {}) {
  const { services } = await testRuntime();
  await loadEvidenceDemo(services, { policeUk: false });
  for (const m of options.policeRows ? (options.months ?? ['2017-05']) : []) await importPoliceMonth(services, m, options.policeRows!);
  return services;
}

/** Imports every nth Southampton row of one of the demo's police.uk months. */
async function importPoliceMonth(services: Awaited<ReturnType<typeof testRuntime>>['services'], m: string, nth: number) {
  // Every nth Southampton row of a real Hampshire month (the demo's): a thin spread over the wards, quick to import.
  const month = path.join(demoEvidenceDir, 'police-uk', `${m}-hampshire-street.csv.gz`);
  const lines = zlib.gunzipSync(fs.readFileSync(month)).toString('utf8').split(/\r?\n/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-')), `${m}-hampshire-street.csv`);
  const southampton = lines.filter((l, i) => l.includes(',Southampton 0') && i % nth === 0);
  fs.writeFileSync(file, [lines[0], ...southampton].join('\n') + '\n');
  const outcome = await services.evidenceImports.importFile(systemActor, {
    choice: 'police-uk',
    filePath: file,
    fileName: path.basename(file),
  });
  expect(outcome.status).toBe('succeeded');
}

const viewer = async () => signedInAgent(await buildUser());
const analyst = async () => signedInAgent(await buildUser({ roles: [{ partnership: await buildPartnership(), role: 'contributor' }] }));

describe('evidence pages', () => {
  it('ask people to sign in', async () => {
    await withDemo();
    const res = await new Agent(await testApp()).get('/evidence/indicators/ho%3Arecorded-crime-excluding-fraud-rate');
    expect([302, 303]).toContain(res.statusCode);
  });

  it('show the comparator crime rates of 2016/17 ranked, with Southampton highest and significantly higher than England', async () => {
    await withDemo();
    const agent = await viewer();
    const res = await agent.get('/evidence/indicators/ho%3Arecorded-crime-excluding-fraud-rate?area=E22000120&period=2016/17');
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain('role="img"');
    expect(body).toMatch(/<strong>Southampton \(selected\)<\/strong>/);
    const table = body.slice(body.indexOf('data-testid="comparators"'));
    expect(table.indexOf('Southampton')).toBeLessThan(table.indexOf('Portsmouth'));
    expect(table.indexOf('Portsmouth')).toBeLessThan(table.indexOf('Eastbourne'));
    expect(body).toMatch(/121\.5/);
    expect(body).toMatch(/data-testid="comparison">Higher \(worse\)/);
  });

  it('show the year-on-year change of an offence type as printed in seed 004', async () => {
    await withDemo();
    const res = await (await viewer()).get('/evidence/indicators/sa%3Arobbery?area=E22000120&period=2016/17');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/data-testid="change">30\.8%/);
  });

  it('give the trend of the domestic abuse share over the latest five years', async () => {
    await withDemo();
    const res = await (await viewer()).get('/evidence/indicators/sa%3Adomestic-share-of-violent-crime?area=E22000120&period=2016/17');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/data-testid="trend">(Increasing|No significant change|Decreasing)/);
    expect(res.body).toContain('29.8');
  });

  it('answer 404 for an unknown indicator or area, 400 for a malformed period, 404 for a period without figures', async () => {
    await withDemo();
    const agent = await viewer();
    expect((await agent.get('/evidence/indicators/no-such-indicator')).statusCode).toBe(404);
    expect((await agent.get('/evidence/areas/E99999999')).statusCode).toBe(404);
    const bad = await agent.get('/evidence/indicators/sa%3Arobbery?period=2016-17x');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not a period');
    expect((await agent.get('/evidence/indicators/sa%3Arobbery?period=2001/02')).statusCode).toBe(404);
  });

  it('profile an area: every indicator for the period with value, change, comparison and trend', async () => {
    await withDemo();
    const res = await (await viewer()).get('/evidence/areas/E22000120?period=2016/17');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Police recorded crime (excluding fraud)');
    expect(res.body).toContain('Threats to kill');
    expect(res.body).toContain('-10.8%');
    expect(res.body).toContain('Higher (worse)');

    const download = await (await viewer()).get('/evidence/areas/E22000120/profile.csv?period=2016/17');
    expect(download.headers['content-type']).toContain('text/csv');
    const lines = download.body.split('\r\n');
    expect(lines[0]).toMatch(/^indicator,indicator_name,area_code,area_name,period,numerator,/);
    expect(lines.find((l) => l.includes('Threats to kill'))).toMatch(/,E22000120,Southampton,2016\/17,116,.*,-10\.769/);
  });
});

describe('the area profile', () => {
  it('opens on the period with the most indicators, not the latest year with the fewest', async () => {
    await withDemo();
    const res = await (await viewer()).get('/evidence/areas/E22000120');
    expect(res.statusCode).toBe(200);
    // Southampton's periods: 2017 has 2 indicators, 2016/17 the most.
    expect(res.body).toContain('<h1 class="govuk-heading-l">Southampton, 2016/17</h1>');
    expect(res.body).toMatch(/<option value="2016\/17" selected>2016\/17 \(\d+ indicators\)<\/option>/);
    expect(res.body).toContain('2017 (2 indicators)');
    expect(res.body).toContain('2014/15 (1 indicator)</option>');
    expect(res.body).not.toMatch(/\b1 indicators/);
  });

  it('links to the areas above and within it that have figures, keeping the benchmark', async () => {
    await withDemo({ policeRows: 100 }); // police.uk counts for the local authority, its wards and LSOAs
    const res = await (await viewer()).get('/evidence/areas/E22000120?period=2016/17&benchmark=E23000030');
    const related = res.body.slice(
      res.body.indexOf('data-testid="related-areas"'),
      res.body.indexOf('</nav>', res.body.indexOf('data-testid="related-areas"')),
    );
    expect(related).toContain('<a class="govuk-link" href="/evidence/areas/E92000001?benchmark=E23000030">England</a> (Country)');
    expect(related).toContain('<a class="govuk-link" href="/evidence/areas/E06000045?benchmark=E23000030">Southampton</a>');
    expect(related).toContain('Local authority within Southampton');
    const england = await (await viewer()).get('/evidence/areas/E92000001');
    expect(england.body).toContain('href="/evidence/areas/E23000030?benchmark=E92000001">Hampshire</a>');
  });

  it('keeps the benchmark in its links, each escaped once', async () => {
    await withDemo();
    const res = await (await analyst()).get('/evidence/areas/E22000120?period=2016/17&benchmark=E23000030');
    expect(res.body).toContain('href="?period=2016%2F17&amp;benchmark=E23000030&amp;view=analyst">Show all figures (analyst view)</a>');
    expect(res.body).toContain('/profile.csv?period=2016%2F17&amp;benchmark=E23000030" download>');
    expect(res.body).toMatch(/href="\/evidence\/indicators\/[^"]+\?area=E22000120&amp;period=2016%2F17&amp;benchmark=E23000030"/);
    expect(res.body).toContain('<input type="hidden" name="benchmark" value="E23000030">');
    const indicator = await (
      await analyst()
    ).get('/evidence/indicators/ho%3Arecorded-crime-excluding-fraud-rate?area=E22000120&period=2016/17&benchmark=E23000030');
    expect(indicator.body).toContain('&amp;period=2016%2F17&amp;benchmark=E23000030&amp;view=analyst">Show all figures');
    expect(indicator.body).toMatch(/href="\?area=E\d+&amp;period=2016%2F17&amp;benchmark=E23000030">Portsmouth<\/a>/);
    for (const body of [res.body, indicator.body]) expect(body).not.toContain('&amp;amp;');
  });
});

describe('how the figures are worked out', () => {
  it('is a page of the service, which the indicator pages and profiles link to instead of a repository file', async () => {
    await withDemo();
    const agent = await viewer();
    const methods = await agent.get('/evidence/methods');
    expect(methods.statusCode).toBe(200);
    expect(methods.body).toContain('<h1 class="govuk-heading-l">How the figures are worked out</h1>');
    expect(methods.body).toContain('Byar’s approximation');
    expect(methods.body).toContain('or 5 where it sets none');
    for (const url of ['/evidence/indicators/sa%3Arobbery?area=E22000120&period=2016/17', '/evidence/areas/E22000120', '/evidence']) {
      const page = await agent.get(url);
      expect(page.body, url).toContain('href="/evidence/methods"');
      expect(page.body, url).not.toContain('docs/evidence.md');
    }
  });
});

describe('small numbers', () => {
  it('are hidden in the published view, with a second ward hidden to protect one, and shown to analysts on request', async () => {
    await withDemo({ policeRows: 25 });
    const url = '/evidence/hotspots?area=E06000045&crime=all-crime&from=2017-05&to=2017-05';
    const published = await (await viewer()).get(url);
    expect(published.statusCode).toBe(200);
    expect(published.body).toContain('<svg');
    const wardsTable = published.body.slice(published.body.indexOf('data-testid="wards"'));
    const hidden = (wardsTable.match(/\[c\]/g) ?? []).length;
    expect(hidden).toBeGreaterThanOrEqual(2);
    // A viewer cannot switch to the analyst view.
    const refused = await (await viewer()).get(`${url}&view=analyst`);
    expect(refused.body).not.toContain('Analyst view:');

    const all = await (await analyst()).get(`${url}&view=analyst`);
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('Analyst view:');
    const allTable = all.body.slice(all.body.indexOf('data-testid="wards"'));
    expect(allTable).not.toContain('[c]');
    const counts = [...allTable.matchAll(/govuk-table__cell--numeric">(\d+)</g)].map((m) => Number(m[1]));
    expect(counts.some((n) => n >= 1 && n <= 5)).toBe(true);
    expect(counts.some((n) => n > 5)).toBe(true);
  });

  it('are hidden the same way in the ward CSV download, which analysts get whole', async () => {
    await withDemo({ policeRows: 25 });
    const url = '/evidence/hotspots.csv?area=E06000045&crime=all-crime&from=2017-05&to=2017-05';
    const published = await (await viewer()).get(url);
    expect(published.headers['content-type']).toContain('text/csv');
    expect(published.headers['content-disposition']).toContain('attachment; filename="southampton-all-crime-2017-05-2017-05.csv"');
    const rows = published.body.trim().split('\r\n');
    expect(rows[0]).toBe('ward_code,ward_name,local_authority_code,crime_type,from_month,to_month,records');
    const blank = rows.slice(1).filter((r) => r.endsWith(',2017-05,2017-05,'));
    expect(blank.length).toBeGreaterThanOrEqual(2);
    const small = rows
      .slice(1)
      .map((r) => Number(r.split(',').pop()))
      .filter((n) => n >= 1 && n <= 5);
    expect(small).toEqual([]);

    const whole = (await (await analyst()).get(`${url}&view=analyst`)).body.trim().split('\r\n');
    expect(whole.slice(1).every((r) => /,\d+$/.test(r))).toBe(true);
  });

  it('refuses a bad crime type or month on the map', async () => {
    await withDemo({ policeRows: 100 });
    const agent = await viewer();
    expect((await agent.get('/evidence/hotspots?crime=jaywalking')).statusCode).toBe(400);
    expect((await agent.get('/evidence/hotspots?from=2017/18')).statusCode).toBe(400);
  });
});

describe('the hotspot map’s months and rates', () => {
  it('adds up only consecutive months held, offers such ranges, and shows rates per 1,000 where ward populations are held', async () => {
    const services = await withDemo({ policeRows: 50, months: ['2017-05', '2017-07'] }); // no June
    const agent = await viewer();
    const page = await agent.get('/evidence/hotspots?area=E06000045');
    expect(page.statusCode).toBe(200);
    // The latest consecutive run is July alone: never May to July across the missing June.
    expect(page.body).toMatch(/<h1[^>]*>All crime by ward: Southampton, July 2017<\/h1>/);
    expect(page.body).not.toContain('Rate per 1,000 residents'); // no ward populations held yet
    const ranges = page.body.slice(page.body.indexOf('data-testid="ranges"'));
    expect(ranges.slice(0, ranges.indexOf('</ul>'))).toContain('1 month');

    const gap = await agent.get('/evidence/hotspots?area=E06000045&from=2017-05&to=2017-07');
    expect(gap.statusCode).toBe(400);
    expect(gap.body).toContain(
      'No police.uk records are held for 2017-06 between 2017-05 and 2017-07: choose consecutive months that are all held',
    );

    await services.database.db.execute(
      sql`insert into evidence_area_populations (area_code, year, population)
          select code, 2017, 4000 from evidence_areas where type = 'ward' and parent_code = 'E06000045'`,
    );
    const rated = await (await analyst()).get('/evidence/hotspots?area=E06000045&from=2017-07&to=2017-07&view=analyst');
    expect(rated.body).toContain('Rate per 1,000 residents');
    expect(rated.body).toContain('with the mid-year population of 2017');
    const table = rated.body.slice(rated.body.indexOf('data-testid="wards"'));
    const first =
      /<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">([\d.]+)<\/td>/.exec(
        table,
      );
    expect(first).not.toBeNull();
    expect(Number(first![2])).toBeCloseTo((Number(first![1]) / 4000) * 1000, 1);
  });
});

describe('the hotspot map’s counts', () => {
  it('are the records held in each ward, for every crime type, after a later file replaces a month', async () => {
    const services = await withDemo({ policeRows: 10, months: ['2017-05', '2017-06'] });
    await importPoliceMonth(services, '2017-06', 7); // a later file for June replaces the first one's records
    const recordsByWard = async (slug: string | null) => {
      const rows = await queryRows<{ ward: string; n: number }>(
        services.database.db,
        sql`select l.ward_code as ward, count(*)::int as n from evidence_police_records r
            join evidence_areas l on l.code = r.lsoa_code and l.type = 'lsoa'
            join evidence_areas w on w.code = l.ward_code and w.parent_code = 'E06000045'
           where r.month between '2017-05' and '2017-06' ${slug ? sql`and r.crime_type_slug = ${slug}` : sql``}
           group by 1`,
      );
      return new Map(rows.map((r) => [r.ward, r.n]));
    };
    const query = { area: 'E06000045', from: '2017-05', to: '2017-06', view: 'analyst' };
    const counted = (map: { wards: { code: string; count: number | null }[] }) =>
      new Map(map.wards.filter((w) => w.count).map((w) => [w.code, w.count]));

    const maps = await services.evidenceReports.hotspotMapsByCrimeType(systemActor, query);
    expect(maps.map((m) => m.crime)).toHaveLength(14);
    for (const map of maps) expect(counted(map)).toEqual(await recordsByWard(map.crime));
    const all = await services.evidenceReports.hotspotMap(systemActor, { ...query, crime: 'all-crime' });
    expect(counted(all)).toEqual(await recordsByWard(null));
    expect(all.total).toBe([...(await recordsByWard(null)).values()].reduce((a, b) => a + b, 0));
    expect(all.months).toEqual(['2017-06', '2017-05']);
    const choices = await services.evidenceReports.hotspotMapChoices(systemActor, { view: 'analyst' });
    expect(choices.months).toEqual(['2017-06', '2017-05']);
  });
});
