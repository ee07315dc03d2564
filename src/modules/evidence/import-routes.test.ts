/** The upload page, the import history and the observations API and CSV download, through the real app. */
import { describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { testRuntime } from '../../../test/support/db.js';
import { testApp, signedInAgent, type Agent } from '../../../test/support/app.js';
import { buildPartnership, buildUser } from '../../../test/support/factories.js';
import { systemActor } from '../access/actor.js';

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
  return app.inject({
    method: 'POST',
    url: action,
    headers: { cookie: cookieOf(agent), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
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

  it('refuses the upload page to people who are not coordinators or administrators', async () => {
    const partnership = await buildPartnership();
    const viewer = await buildUser({ roles: [{ partnership, role: 'viewer' }] });
    const agent = await signedInAgent(viewer);
    expect((await agent.get('/evidence/imports/new')).statusCode).toBe(403);
    expect((await agent.get('/evidence/imports')).statusCode).toBe(403);
  });
});
