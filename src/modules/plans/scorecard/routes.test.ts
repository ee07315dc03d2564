import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { signedInAgent, testApp } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import { buildUser } from '../../../../test/support/factories.js';
import { systemActor } from '../../access/index.js';
import type { Scorecard } from './types.js';
import { scorecardCsvColumns } from './presenters.js';
import { scorecardDemo } from './test-support.js';

const demo = async () => {
  const { services } = await testRuntime();
  return { services, ...(await scorecardDemo(services)) };
};

describe('the scorecard page, its CSV and its API', () => {
  it('shows a viewer the page with a trend chart and its figures per row, and no editing', async () => {
    const { plan, partnership } = await demo();
    const viewer = await signedInAgent(await buildUser({ roles: [{ partnership, role: 'viewer' }] }));
    const page = await viewer.get(`/plans/${plan.id}/scorecard`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Safe City Partnership Strategy 2017–2020 scorecard');
    expect(page.body).toContain('Priority 1: Reduce crime, reoffending and antisocial behaviour');
    expect(page.body).toContain('Significantly higher (worse): England 73.4');
    expect(page.body).toContain('Highest of 15');
    expect(page.body).toContain('+30.8%, significant (p = 0.002)');
    expect(page.body).toMatch(/<svg[^>]*class="saferhub-sparkline"/);
    expect(page.body).toContain('2015/16: 250<br>2016/17: 327');
    expect(page.body).not.toContain('Add a measure');
    expect((await viewer.get(`/plans/${plan.id}/measures/new`)).statusCode).toBe(403);
    expect((await viewer.get(`/plans/${plan.id}`)).body).toContain(`href="/plans/${plan.id}/scorecard"`);
  });

  it('downloads the CSV with a row per measure and period at full precision', async () => {
    const { plan, partnership } = await demo();
    const viewer = await signedInAgent(await buildUser({ roles: [{ partnership, role: 'viewer' }] }));
    const response = await viewer.get(`/plans/${plan.id}/scorecard.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="safe-city-partnership-strategy-2017-2020-scorecard.csv"');
    const rows = parse<Record<string, string>>(response.body, { columns: true });
    expect(Object.keys(rows[0]!)).toEqual([...scorecardCsvColumns]);
    const rate = rows.find((r) => r.indicator === 'ho:recorded-crime-excluding-fraud-rate')!;
    expect(Number(rate.value).toFixed(1)).toBe('121.5');
    expect(rate).toMatchObject({ benchmark_comparison: 'higher', rank: '1', rank_of: '15', rag: 'red' });
    const robbery = rows.filter((r) => r.indicator === 'sa:robbery');
    expect(robbery.map((r) => [r.period, r.value])).toEqual([
      ['2015/16', '250'],
      ['2016/17', '327'],
    ]);
    expect(Number(robbery[1]!.change_since_baseline).toFixed(3)).toBe('0.308');
    expect(robbery[1]).toMatchObject({ change_since_baseline_significant: 'yes', direction_of_travel: 'worsening', rag: 'red' });
    // One row per measure and period held: 16 measures, the domestic share over seven years.
    expect(rows.filter((r) => r.indicator === 'sa:domestic-share-of-violent-crime')).toHaveLength(7);
  });

  it('answers GET /api/v1/plans/{id}/scorecard with a bearer token, 404 outside the partnership, and is in the OpenAPI document', async () => {
    const { services, plan, partnership, other } = await demo();
    const app = await testApp();
    const token = async (userId: number) => (await services.access.createToken(systemActor, userId, 'test')).secret;
    const viewer = await buildUser({ roles: [{ partnership, role: 'viewer' }] });
    const outsider = await buildUser({ roles: [{ partnership: other, role: 'coordinator' }] });
    const get = async (userId: number) =>
      app.inject({ url: `/api/v1/plans/${plan.id}/scorecard`, headers: { authorization: `Bearer ${await token(userId)}` } });
    const ok = await get(viewer.id);
    expect(ok.statusCode).toBe(200);
    const card = ok.json<{ data: Scorecard }>().data;
    expect(card.measures).toHaveLength(16);
    const rate = card.measures.find((m) => m.indicator.key === 'ho:recorded-crime-excluding-fraud-rate')!;
    expect(rate.latest).toMatchObject({ period: '2016/17', rank: { rank: 1, of: 15 }, rag: { status: 'red' } });
    expect(rate.target).toEqual({ kind: 'position', position: 'better-than-benchmark' });
    expect((await get(outsider.id)).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/v1/plans/${plan.id}/scorecard` })).statusCode).toBe(401);
    const spec = (await app.inject({ url: '/api/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(spec.paths)).toContain('/api/v1/plans/{id}/scorecard');
  });

  it('lets a coordinator change a target by the form (CSRF, errors named, edit conflicts refused) and remove a measure', async () => {
    const { plan, partnership } = await demo();
    const coordinator = await signedInAgent(await buildUser({ roles: [{ partnership, role: 'coordinator' }] }));
    const page = await coordinator.get(`/plans/${plan.id}/scorecard`);
    const measureId = /id="measure-(\d+)" data-indicator="ho:recorded-crime-excluding-fraud-rate"/.exec(page.body)![1];
    const form = await coordinator.get(`/measures/${measureId}/edit`);
    expect(form.statusCode).toBe(200);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const fields = {
      version,
      priorityId: /<option value="(\d+)" selected>Priority 1/.exec(form.body)![1]!,
      indicatorKey: 'ho:recorded-crime-excluding-fraud-rate',
      areaCode: 'E22000120',
      benchmarkCode: 'E92000001',
      comparatorGroupId: /<option value="(\d+)" selected>Southampton/.exec(form.body)![1]!,
      baselinePeriod: '2016/17',
      targetKind: 'value',
      targetValue: '',
    };
    const refused = await coordinator.post(`/measures/${measureId}`, fields);
    expect(refused.statusCode).toBe(303);
    const again = await coordinator.follow(refused);
    expect(again.body).toContain('Error: ');
    expect(again.body).toContain('Enter the target value, like 70.5');

    expect((await coordinator.post(`/measures/${measureId}`, { ...fields, targetValue: '130', _csrf: 'wrong' })).statusCode).toBe(403);
    const saved = await coordinator.post(`/measures/${measureId}`, { ...fields, targetValue: '130' });
    expect(saved.headers.location).toBe(`/plans/${plan.id}/scorecard#measure-${measureId}`);
    const after = await coordinator.follow(saved);
    expect(after.body).toContain('Green: 121.5 has reached the target of 130.0 or lower');

    const stale = await coordinator.post(`/measures/${measureId}`, { ...fields, targetValue: '120' });
    expect((await coordinator.follow(stale)).body).toContain('Someone else changed this measure while you were editing it');

    const removed = await coordinator.post(`/measures/${measureId}/delete`, { version: String(Number(version) + 1) });
    expect(removed.headers.location).toBe(`/plans/${plan.id}/scorecard`);
    expect((await coordinator.follow(removed)).body).not.toContain('data-indicator="ho:recorded-crime-excluding-fraud-rate"');
  });
});
