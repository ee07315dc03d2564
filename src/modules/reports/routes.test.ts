import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Agent, signedInAgent, testApp } from '../../../test/support/app.js';
import { testRuntime } from '../../../test/support/db.js';
import { buildUser } from '../../../test/support/factories.js';
import { run } from '../../../test/cli/foundation-process.js';
import { systemActor } from '../access/index.js';
import { loadReportDemoData } from './test/demo-data.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-report-routes-'));
const pdfText = (bytes: Buffer, name: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
};

describe('reports: pages, API, public pages and the command line', () => {
  it('the assurance report names the county group’s four 2021–23 priorities; the progress table lists each action’s update; a period with no data says what is missing', async () => {
    const { services } = await testRuntime();
    await loadReportDemoData(services);
    const county = await services.partnerships.resolvePartnership('Hampshire Community Safety Strategy Group');
    const assurance = pdfText((await services.reports.download(systemActor, county.id, 'assurance', '2021/22-Q3', 'pdf')).bytes, 'a.pdf');
    for (const priority of [
      'Exploitation, serious violence and drug related harm through organised crime',
      'Intimidation, violence and abuse of women and girls',
      'Hate related offences and violent extremism',
      'Promoting community wellbeing and cohesion',
    ])
      expect(assurance).toContain(priority);
    expect(assurance).toContain('Membership and attendance over the last twelve months');
    expect(assurance).toContain('Decisions sought');
    // The risk heat map is the register's chart, with its table of counts beside it, in all three formats.
    expect(assurance).toContain('Risk heat map: open risks by likelihood and impact, after mitigation');
    expect(assurance).toMatch(/Impact 5( \d){5}/);
    const assuranceHtml = (await services.reports.download(systemActor, county.id, 'assurance', '2021/22-Q3', 'html')).bytes.toString();
    const heatSvg = /<svg[^>]*>(?:(?!<\/svg>)[\s\S])*?Risk heat map, after mitigation[\s\S]*?<\/svg>/.exec(assuranceHtml)?.[0] ?? '';
    expect(heatSvg).toMatch(/role="img"/);
    expect(heatSvg).toContain('Likelihood 5');
    expect(heatSvg).toMatch(/High \d+/);
    expect(heatSvg).toMatch(/\d+ risks?</);
    expect(assuranceHtml).toContain('Heat map: open risks by impact (rows) and likelihood (columns), after mitigation');
    const assuranceDocx = path.join(dir, 'a.docx');
    fs.writeFileSync(assuranceDocx, (await services.reports.download(systemActor, county.id, 'assurance', '2021/22-Q3', 'docx')).bytes);
    const media = execFileSync('unzip', ['-l', assuranceDocx]).toString();
    expect(media).toMatch(/word\/media\/\S+\.svg/);
    expect(media).toMatch(/word\/media\/\S+\.png/);
    const assuranceXml = execFileSync('unzip', ['-p', assuranceDocx, 'word/document.xml']).toString();
    expect(assuranceXml).toContain('Risk heat map: open risks by likelihood and impact, after mitigation');
    expect(assuranceXml).toContain('Heat map: open risks by impact (rows) and likelihood (columns), after mitigation');

    const southampton = await services.partnerships.resolvePartnership('Southampton Safe City');
    const table = pdfText(
      (await services.reports.download(systemActor, southampton.id, 'progress-table', '2020/21-Q3', 'pdf')).bytes,
      'p.pdf',
    );
    expect(table).toContain('Priority 4: Reducing Youth Crime');
    expect(table).toContain('COVID restrictions weakened the');

    await expect(services.reports.download(systemActor, southampton.id, 'annual-review', '2030/31', 'pdf')).rejects.toThrow(
      /There are no figures for Southampton Safe City Partnership \(E22000120\) in 2030\/31: import the year’s recorded crime/,
    );
    await expect(services.reports.download(systemActor, southampton.id, 'progress-table', '2019/20-Q1', 'pdf')).rejects.toThrow(
      /has no progress round for 2019\/20 Q1.*open the round/,
    );
  }, 300_000);

  it('a coordinator writes the narrative (with the edit-conflict rule), publishes, and the public sees the published version signed out; the API and the CLI write the page’s bytes', async () => {
    const { services } = await testRuntime();
    await loadReportDemoData(services);
    const southampton = await services.partnerships.resolvePartnership('Southampton Safe City');
    const coordinator = await buildUser({ roles: [{ partnership: southampton, role: 'coordinator' }] });
    const viewer = await buildUser({ roles: [{ partnership: southampton, role: 'viewer' }] });
    const base = `/partnerships/${southampton.id}/reports/annual-review`;
    const agent = await signedInAgent(coordinator);

    const page = await agent.get(`${base}?period=2016%2F17`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Draft — not for publication');
    expect(page.body).toContain('121.5');

    let saved = await agent.post(`${base}/narrative`, {
      period: '2016/17',
      section: 'introduction',
      version: 1,
      body: 'The year in <brief>.',
    });
    expect(saved.statusCode).toBe(303);
    // A second save from the same stale form is an edit conflict that keeps the text typed.
    saved = await agent.post(`${base}/narrative`, { period: '2016/17', section: 'introduction', version: 1, body: 'Stale words' });
    expect(saved.statusCode).toBe(303);
    const conflict = await agent.get(saved.headers.location as string);
    expect(conflict.body).toContain('Someone else changed this section');
    expect(conflict.body).toContain('Stale words');
    expect(conflict.body).toContain('The year in &lt;brief&gt;.');

    // Viewers read the draft but may not write or publish.
    const reader = await signedInAgent(viewer);
    expect((await reader.get(`${base}?period=2016%2F17`)).body).not.toContain('Publish version');
    expect((await reader.post(`${base}/publish`, { period: '2016/17' })).statusCode).toBe(403);

    const published = await agent.post(`${base}/publish`, { period: '2016/17' });
    expect(published.statusCode).toBe(303);
    const after = await agent.get(`${base}?period=2016%2F17`);
    expect(after.body).toMatch(/data-testid="version-1"[\s\S]*?by Test User/);

    // Public pages are off by default; the coordinator turns them on.
    const anonymous = new Agent(await testApp());
    expect((await anonymous.get(`/public/partnerships/${southampton.id}`)).statusCode).toBe(404);
    expect((await anonymous.get('/public')).body).not.toContain('Southampton Safe City Partnership');
    await agent.get(`/partnerships/${southampton.id}/reports`);
    expect((await agent.post(`/partnerships/${southampton.id}/reports/public`, { publishes: 'yes', version: 1 })).statusCode).toBe(303);
    expect((await anonymous.get('/public')).body).toContain('Southampton Safe City Partnership');
    const publicPage = await anonymous.get(`/public/partnerships/${southampton.id}`);
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.body).toContain('Reduce crime, reoffending and antisocial behaviour');
    const publicPdf = await anonymous.get(
      `/public/partnerships/${southampton.id}/reports/annual-review?period=2016%2F17&version=1&format=pdf`,
    );
    expect(publicPdf.statusCode).toBe(200);
    expect(publicPdf.headers['content-type']).toBe('application/pdf');
    expect(pdfText(publicPdf.rawPayload, 'public.pdf')).toContain('Version 1, published');
    // Nothing else is reachable signed out: not the draft, not the signed-in download.
    for (const url of [`${base}?period=2016%2F17`, `${base}/download?period=2016%2F17&format=pdf`]) {
      const refused = await anonymous.get(url);
      expect(refused.statusCode).toBe(303);
      expect(refused.headers.location).toMatch(/^\/sign-in/);
    }

    // The API and the command line write the same bytes as the page's download.
    const download = await agent.get(`${base}/download?period=2016%2F17&format=docx&version=1`);
    expect(download.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const api = await agent.get(`/api/v1/partnerships/${southampton.id}/reports/annual-review?period=2016%2F17&format=docx&version=1`);
    expect(api.statusCode).toBe(200);
    expect(api.rawPayload.equals(download.rawPayload)).toBe(true);
    const out = path.join(dir, 'cli.docx');
    const cli = await run(
      process.execPath,
      [
        'bin/saferhub.mjs',
        'report',
        'annual-review',
        '--partnership',
        'safe city',
        '--period',
        '2016/17',
        '--format',
        'docx',
        '--version',
        '1',
        '--out',
        out,
      ],
      { env: { DATABASE_URL: services.config.databaseUrl ?? '', SAFERHUB_DATA_DIR: dir, LOG_LEVEL: 'silent' } },
    );
    expect(cli.stderr).toContain('Wrote southampton-safe-city-partnership-annual-review-2016-17-v1.docx');
    expect(cli.code).toBe(0);
    expect(fs.readFileSync(out).equals(download.rawPayload)).toBe(true);

    const missing = await run(
      process.execPath,
      ['bin/saferhub.mjs', 'report', 'assurance', '--partnership', 'safe city', '--period', '2016/17', '--format', 'pdf', '--out', out],
      { env: { DATABASE_URL: services.config.databaseUrl ?? '', SAFERHUB_DATA_DIR: dir, LOG_LEVEL: 'silent' } },
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('“2016/17” is not a quarter like 2021/22-Q3');
  }, 300_000);
});
