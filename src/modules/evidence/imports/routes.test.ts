/** The upload page, the import history and the observations API and CSV download, through the real app. */
import { describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { testRuntime } from '../../../../test/support/db.js';
import { testApp, signedInAgent, type Agent } from '../../../../test/support/app.js';
import { buildPartnership, buildUser } from '../../../../test/support/factories.js';
import { systemActor } from '../../access/index.js';
import { insertImport, recordImportProgress } from './repository.js';

const cookieOf = (agent: Agent) => (agent as unknown as { cookieHeader(): string }).cookieHeader();

async function upload(agent: Agent, kind: string, fileName: string, content: string): Promise<LightMyRequestResponse> {
  const page = await agent.get('/evidence/imports/new');
  expect(page.statusCode).toBe(200);
  const action = /action="(\/evidence\/imports\?_csrf=[^"]+)"/.exec(page.body.replace(/&amp;/g, '&'))![1]!;
  const boundary = '----saferhub-test';
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n` +
    `--${boundary}--\r\n`;
  const app = await testApp();
  const response = await app.inject({
    method: 'POST',
    url: action,
    headers: { cookie: cookieOf(agent), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
  // The import runs in the background of the server process: wait for it before reading its result.
  await (await testRuntime()).services.evidenceImports.idle();
  return response;
}

async function withAreasAndIndicator() {
  const { services } = await testRuntime();
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-routes-'));
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  for (const [choice, name, text] of [
    [
      'areas',
      'areas.csv',
      'area_code,name,type,parent_code\nE92000001,England,country,\nE06000045,Southampton,local-authority,E92000001\n',
    ],
    [
      'indicators',
      'ind.csv',
      'key,name,unit,multiplier,polarity,period_type,source\nburglary-rate,Burglary rate,rate,1000,lower-is-better,financial-year,Test\n',
    ],
  ] as const)
    expect((await services.evidenceImports.importFile(systemActor, { choice, filePath: write(name, text), fileName: name })).status).toBe(
      'succeeded',
    );
}

describe('evidence import pages', () => {
  it('lets a coordinator upload observations, shows the result, and says "already imported" the second time', async () => {
    await withAreasAndIndicator();
    const partnership = await buildPartnership();
    const user = await buildUser({ roles: [{ partnership, role: 'coordinator' }] });
    const agent = await signedInAgent(user);
    const csv =
      'indicator,area_code,period,numerator,denominator\nburglary-rate,E06000045,2016/17,1200,250000\nburglary-rate,E92000001,2016/17,200000,55000000\n';
    const first = await upload(agent, 'observations', 'burglary.csv', csv);
    expect(first.statusCode).toBe(303);
    const result = await agent.get(String(first.headers.location));
    expect(result.body).toContain('Import complete');
    expect(result.body).toContain('2 observations imported for 1 indicator(s).');

    const again = await agent.follow(await upload(agent, 'observations', 'burglary.csv', csv));
    expect(again.body).toContain('burglary.csv was already imported');

    const api = await agent.get('/api/v1/observations?indicator=burglary-rate&benchmark=E92000001');
    const { data } = JSON.parse(api.body) as { data: { areaCode: string; value: number; comparison95: string }[] };
    const soton = data.find((d) => d.areaCode === 'E06000045')!;
    expect(soton.value).toBeCloseTo(4.8, 10);
    expect(soton.comparison95).toBe('higher');

    const download = await agent.get('/evidence/observations.csv?indicator=burglary-rate&area=E06000045');
    expect(download.headers['content-type']).toContain('text/csv');
    expect(download.body.split('\r\n')[0]).toBe(
      'indicator,area_code,area_name,period,numerator,denominator,value,lower_95,upper_95,lower_99_8,upper_99_8,comparison_95,comparison_99_8',
    );
    expect(download.body).toContain('burglary-rate,E06000045,Southampton,2016/17,1200,250000,4.8,');

    const history = await agent.get('/evidence/imports');
    expect(history.body).toContain('burglary.csv');
    // When, as the rest of the service writes it ("1 December 2026 at 3:04pm"), never a raw ISO timestamp.
    expect(history.body).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(history.body).toMatch(
      /<td class="govuk-table__cell">\d{1,2} [A-Z][a-z]+ \d{4} at (\d{1,2}(:\d{2})?[ap]m|midday|midnight)<\/td>/,
    );
    expect(result.body).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(result.body).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4} at (\d{1,2}(:\d{2})?[ap]m|midday|midnight)/);
  });

  it('gives viewers the published figures in downloads: small counts hidden, with a second one so totals cannot reveal them', async () => {
    await withAreasAndIndicator();
    const { services } = await testRuntime();
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-published-')), 'small.csv');
    fs.writeFileSync(
      file,
      'indicator,area_code,period,numerator,denominator\nburglary-rate,E06000045,2016/17,3,250000\nburglary-rate,E92000001,2016/17,200000,55000000\n',
    );
    await services.evidenceImports.importFile(systemActor, { choice: 'observations', filePath: file, fileName: 'small.csv' });
    const partnership = await buildPartnership();

    const viewer = await signedInAgent(await buildUser({ seatIn: [partnership] }));
    const published = (await viewer.get('/evidence/observations.csv?indicator=burglary-rate')).body.split('\r\n');
    expect(published).toContain('burglary-rate,E06000045,Southampton,2016/17,,250000,,,,,,,');
    expect(published.find((l) => l.startsWith('burglary-rate,E92000001'))).toBe('burglary-rate,E92000001,England,2016/17,,55000000,,,,,,,');
    const api = JSON.parse((await viewer.get('/api/v1/observations?indicator=burglary-rate&area=E06000045')).body) as {
      data: { numerator: number | null; value: number | null }[];
    };
    expect(api.data[0]).toMatchObject({ numerator: null, value: null });

    const analyst = await signedInAgent(await buildUser({ roles: [{ partnership, role: 'contributor' }] }));
    const all = (await analyst.get('/evidence/observations.csv?indicator=burglary-rate&area=E06000045')).body;
    expect(all).toContain('burglary-rate,E06000045,Southampton,2016/17,3,250000,0.012,');
  });

  it('shows every problem of a refused upload and saves nothing', async () => {
    await withAreasAndIndicator();
    const user = await buildUser({ isAdmin: true });
    const agent = await signedInAgent(user);
    const csv =
      'indicator,area_code,period,numerator,denominator\nburglary-rate,E99999999,2016/17,5,100\nburglary-rate,E06000045,2016-17,5,0\n';
    const page = await agent.follow(await upload(agent, 'observations', 'broken.csv', csv));
    expect(page.body).toContain('broken.csv was not imported');
    expect(page.body).toContain('broken.csv, line 2, area_code: &quot;E99999999&quot; is not a known area');
    expect(page.body).toContain('broken.csv, line 3, denominator: is 0: a denominator must be above 0');
    const api = await agent.get('/api/v1/observations?indicator=burglary-rate');
    expect(JSON.parse(api.body)).toEqual({ data: [] });
  });

  it('sends the browser to the import page at once, which shows the progress and refreshes itself while it runs', async () => {
    const { services, database } = await testRuntime();
    const user = await buildUser({ isAdmin: true });
    const agent = await signedInAgent(user);
    // A large import another server process is running: its progress is in the database.
    const id = await insertImport(database.db, {
      kind: 'police-uk-street',
      fileName: '2017-hampshire-street.csv',
      sha256: 'f'.repeat(64),
      status: 'running',
      userId: null,
      bytesTotal: 200_000_000,
      progressAt: new Date(),
    });
    await recordImportProgress(database.db, id, { bytesDone: 50_000_000, rowsDone: 312_345 });
    const page = await agent.get(`/evidence/imports/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<meta http-equiv="refresh" content="2">');
    expect(page.body).toContain('<h1 class="govuk-heading-l">Importing 2017-hampshire-street.csv</h1>');
    expect(page.body).toMatch(/<progress id="import-progress"[^>]*max="100" value="25">25%<\/progress>/);
    expect(page.body).toContain('<label class="govuk-label govuk-label--s" for="import-progress">25% of the file read</label>');
    expect(page.body).toContain('312,345 rows processed so far');
    expect((await agent.get('/evidence/imports')).body).toContain('Importing…');

    // That process stops: with no heartbeat for a minute, the import is shown as failed, and no longer refreshes.
    await database.withSession((s) =>
      s.query(`update evidence_imports set progress_at = now() - interval '5 minutes' where id = $1`, [id]),
    );
    const stale = await agent.get(`/evidence/imports/${id}`);
    expect(stale.body).not.toContain('http-equiv="refresh"');
    expect(stale.body).toContain('2017-hampshire-street.csv was not imported');
    expect(stale.body).toContain('The import stopped before it finished (the server was stopped or restarted). Nothing from it was saved.');
    expect((await services.evidenceImports.history(systemActor)).find((i) => i.id === id)?.status).toBe('failed');
  });

  it('runs an upload in the background: the redirect comes before the import ends, and the page then shows the result', async () => {
    await withAreasAndIndicator();
    const user = await buildUser({ isAdmin: true });
    const agent = await signedInAgent(user);
    const page = await agent.get('/evidence/imports/new');
    const action = /action="(\/evidence\/imports\?_csrf=[^"]+)"/.exec(page.body.replace(/&amp;/g, '&'))![1]!;
    const boundary = '----saferhub-test';
    const year = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
    const rows = Array.from({ length: 100 }, (_, i) => `burglary-rate,E06000045,${year(1920 + i)},${i},250000`);
    const csv = ['indicator,area_code,period,numerator,denominator', ...rows].join('\n') + '\n';
    const app = await testApp();
    const response = await app.inject({
      method: 'POST',
      url: action,
      headers: { cookie: cookieOf(agent), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload:
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nobservations\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="many.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n` +
        `--${boundary}--\r\n`,
    });
    expect(response.statusCode).toBe(303);
    const location = String(response.headers.location);
    expect(location).toMatch(/^\/evidence\/imports\/\d+$/);
    const id = Number(location.split('/').pop());
    const { services } = await testRuntime();
    await services.evidenceImports.settled(id);
    const result = await agent.get(location);
    expect(result.body).not.toContain('http-equiv="refresh"');
    expect(result.body).toContain('Import complete');
    expect(result.body).toContain('100 observations imported for 1 indicator(s).');
  });

  it('refuses the upload page to people who are not coordinators or administrators', async () => {
    const partnership = await buildPartnership();
    const viewer = await buildUser({ roles: [{ partnership, role: 'viewer' }] });
    const agent = await signedInAgent(viewer);
    expect((await agent.get('/evidence/imports/new')).statusCode).toBe(403);
    expect((await agent.get('/evidence/imports')).statusCode).toBe(403);
  });
});
