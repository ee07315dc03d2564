import { describe, expect, it } from 'vitest';
import { signedInAgent, testApp } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import * as factories from '../../../../test/support/factories.js';
import { systemActor } from '../../access/index.js';
import { planWorld } from '../test-support.js';

const world = async () => planWorld({ services: (await testRuntime()).services, ...factories });

describe('reports from the progress round', () => {
  it('downloads the progress table as CSV with formula-like cells neutralised', async () => {
    const w = await world();
    await w.services.plans.progress.submitUpdate(w.contributor.actor, w.round.id, w.action.id, {
      rag: 'red',
      narrative: '=HYPERLINK("http://evil.example","click")',
      basedOn: 0,
    });
    const csv = await (await signedInAgent(w.viewer)).get(`/plans/${w.plan.id}/progress-table.csv?period=2020/21-Q3`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('test-strategy-progress-2020-21-q3.csv');
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv.body).toContain('Test Constabulary');
    expect(csv.body).not.toMatch(/,=HYPERLINK/);
  });

  it('shows the RAG summary per priority as a chart and a table', async () => {
    const w = await world();
    await w.services.plans.progress.submitUpdate(w.contributor.actor, w.round.id, w.action.id, {
      rag: 'amber',
      narrative: 'On the way',
      basedOn: 0,
    });
    const page = await (await signedInAgent(w.viewer)).get(`/plans/${w.plan.id}/rag?period=2020/21-Q3`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('role="img"');
    expect(page.body).toMatch(/Priority 1: 1 amber/);
    expect(page.body).toContain('Actions by RAG status and priority');
  });

  it('shows the progress update table with a print stylesheet', async () => {
    const w = await world();
    const viewer = await signedInAgent(w.viewer);
    const page = await viewer.get(`/plans/${w.plan.id}/progress-table`);
    expect(page.body).toContain('/assets/plans/progress-print.css');
    expect(page.body).toContain('Tackle commercial burglary');
    const css = await (await testApp()).inject({ url: '/assets/plans/progress-print.css' });
    expect(css.body).toContain('@media print');
  });
});

describe('the progress API', () => {
  it('takes an update from a lead agency’s contributor with a bearer token (no CSRF), and refuses others', async () => {
    const w = await world();
    const app = await testApp();
    const token = async (userId: number) => (await w.services.access.createToken(systemActor, userId, 'test')).secret;
    const post = async (secret: string, payload: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/plan-actions/${w.action.id}/updates`,
        headers: { authorization: `Bearer ${secret}` },
        payload,
      });
    const payload = { period: '2020/21-Q3', rag: 'amber', narrative: 'Sent from the police system', basedOnVersion: 0 };

    const ok = await post(await token(w.contributor.id), payload);
    expect(ok.statusCode).toBe(201);
    expect(ok.json<{ data: unknown }>().data).toMatchObject({ version: 1, state: 'submitted', rag: 'amber' });
    const again = await post(await token(w.contributor.id), payload);
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('edit_conflict');
    expect((await post(await token(w.councilContributor.id), { ...payload, basedOnVersion: 1 })).statusCode).toBe(403);
    expect((await post(await token(w.outsider.id), payload)).statusCode).toBe(404);
    expect((await post(await token(w.contributor.id), { ...payload, period: '2021/22-Q1', basedOnVersion: 1 })).statusCode).toBe(404);

    const spec = (await app.inject({ url: '/api/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    for (const path of [
      '/api/v1/partnerships/{id}/plans',
      '/api/v1/plans/{id}',
      '/api/v1/plans/{id}/progress',
      '/api/v1/plan-actions/{id}/updates',
    ])
      expect(Object.keys(spec.paths), path).toContain(path);
  });
});
