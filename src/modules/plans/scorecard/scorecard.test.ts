import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testRuntime } from '../../../../test/support/db.js';
import { buildUser } from '../../../../test/support/factories.js';
import { queryRows } from '../../../db/database.js';
import { parseInput } from '../../../lib/validation.js';
import { systemActor } from '../../access/index.js';
import { measureInput } from './inputs.js';
import { scorecardDemo } from './test-support.js';

const demo = async () => {
  const { services } = await testRuntime();
  return { services, ...(await scorecardDemo(services)) };
};

describe('the Safe City Strategy 2017–2020 scorecard (demo data)', () => {
  it('states the 2016/17 crime rate: 121.5 per 1,000, significantly higher than England (73.4), highest of the 15 similar partnerships', async () => {
    const { services, plan, partnership, created } = await demo();
    expect(created).toBe(16);
    const viewer = await buildUser({ roles: [{ partnership, role: 'viewer' }] });
    const card = await services.plans.scorecards.forPlan(viewer.actor, plan.id);
    expect(card.plan.partnershipName).toBe('Southampton Safe City Partnership');
    expect(card.canEdit).toBe(false);
    const rate = card.measures.find((m) => m.indicator.key === 'ho:recorded-crime-excluding-fraud-rate')!;
    expect(rate.priority?.number).toBe(1);
    const row = rate.latest!;
    expect(row.period).toBe('2016/17');
    expect(row.value!.toFixed(1)).toBe('121.5');
    expect(row.ci95!.lower).toBeLessThan(121.5);
    expect(row.ci95!.lower).toBeGreaterThan(73.4);
    expect(row.benchmark).toMatchObject({
      areaName: 'England',
      comparison: 'higher',
      judgement: 'worse',
      label: 'Significantly higher (worse)',
    });
    expect(row.benchmark!.value!.toFixed(1)).toBe('73.4');
    expect(row.rank).toMatchObject({ rank: 1, of: 15, bestRank: 15, inBestHalf: false, label: 'Highest of 15' });
    expect(row.rag.status).toBe('red');
    expect(row.rag.rule).toMatch(/^Red: significantly worse than England \(73\.4\)/);
    expect(rate.targetText).toBe('Significantly better than England');
  });

  it('tests each §11 change: robbery 250 → 327 (+30.8%) a significant rise, theft of a motor vehicle 599 → 444 (−25.9%) a significant fall', async () => {
    const { services, plan, partnership } = await demo();
    const viewer = await buildUser({ roles: [{ partnership, role: 'viewer' }] });
    const card = await services.plans.scorecards.forPlan(viewer.actor, plan.id);
    const by = (key: string) => card.measures.find((m) => m.indicator.key === key)!;

    const robbery = by('sa:robbery');
    expect(robbery.rows.map((r) => [r.period, r.value])).toEqual([
      ['2015/16', 250],
      ['2016/17', 327],
    ]);
    const change = robbery.latest!.sinceBaseline!;
    expect(((change.relative ?? 0) * 100).toFixed(1)).toBe('30.8');
    expect(change).toMatchObject({ method: 'poisson-rate-ratio', significant: true, travel: 'worsening' });
    expect(robbery.latest!.rag).toMatchObject({ status: 'red' });
    expect(robbery.rows[0]!.rag.status).toBe('not-rated');

    const vehicle = by('sa:theft-of-a-motor-vehicle').latest!;
    expect(((vehicle.sincePrevious!.relative ?? 0) * 100).toFixed(1)).toBe('-25.9');
    expect(vehicle.travel).toBe('improving');
    expect(vehicle.rag.status).toBe('green');
    expect(vehicle.benchmark).toBeNull();

    // The domestic-abuse share (§43), seven years: 29.1% → 29.8% is no significant change, so "hold" is green.
    const share = by('sa:domestic-share-of-violent-crime');
    expect(share.rows.map((r) => r.period)).toEqual(['2010/11', '2011/12', '2012/13', '2013/14', '2014/15', '2015/16', '2016/17']);
    expect(share.latest!.value!.toFixed(1)).toBe('29.8');
    expect(share.latest!.sincePrevious).toMatchObject({ method: 'two-proportions', significant: false, travel: 'no-significant-change' });
    expect(share.latest!.rag.status).toBe('green');

    // Feeling safe after dark (§14): 52% in 2015, 42% in 2017 (a significant fall), below England's 78%.
    const dark = by('sa:feel-safe-dark').latest!;
    expect(dark.period).toBe('2017');
    expect(dark.sincePrevious).toMatchObject({ fromPeriod: '2015', significant: true, travel: 'worsening' });
    expect(dark.benchmark!.label).toBe('Significantly lower (worse)');
    expect(dark.rag.status).toBe('red');
    expect(card.summary.red + card.summary.amber + card.summary.green + card.summary['not-rated']).toBe(16);
  });

  it('updates itself when data is imported, and loading the demo again changes nothing', async () => {
    const { services, plan, partnership } = await demo();
    const coordinator = await buildUser({ roles: [{ partnership, role: 'coordinator' }] });
    const before = await services.plans.scorecards.forPlan(coordinator.actor, plan.id);
    const measureRows = async () =>
      (await queryRows<{ n: number }>(services.database.db, sql`select count(*)::int as n from plan_measures`))[0]!.n;
    expect(await measureRows()).toBe(16);
    await scorecardDemo(services);
    expect(await measureRows()).toBe(16);

    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scorecard-')), 'robbery-2017.csv');
    fs.writeFileSync(file, 'indicator,area_code,period,numerator,denominator\nsa:robbery,E22000120,2017/18,240,\n');
    const outcome = await services.evidenceImports.importFile(systemActor, {
      choice: 'observations',
      filePath: file,
      fileName: 'robbery-2017.csv',
    });
    expect(outcome.status).toBe('succeeded');
    const after = await services.plans.scorecards.forPlan(coordinator.actor, plan.id);
    const robbery = after.measures.find((m) => m.indicator.key === 'sa:robbery')!;
    expect(before.measures.find((m) => m.indicator.key === 'sa:robbery')!.rows).toHaveLength(2);
    expect(robbery.latest!.period).toBe('2017/18');
    expect(robbery.latest!.sincePrevious!.travel).toBe('improving');
    expect(robbery.latest!.sinceBaseline!.significant).toBe(false);
    expect(robbery.latest!.rag.status).toBe('amber');
  });

  it('lets coordinators and analysts change measures (audited, edit conflicts refused); viewers read; outsiders get 404', async () => {
    const { services, plan, partnership, other } = await demo();
    const analyst = await buildUser({ roles: [{ partnership, role: 'contributor' }] });
    const viewer = await buildUser({ roles: [{ partnership, role: 'viewer' }] });
    const outsider = await buildUser({ roles: [{ partnership: other, role: 'coordinator' }] });
    const { scorecards } = services.plans;
    const card = await scorecards.forPlan(analyst.actor, plan.id);
    expect(card.canEdit).toBe(true);
    const rate = card.measures[0]!;
    const input = parseInput(measureInput, {
      priorityId: String(rate.priority!.id),
      indicatorKey: rate.indicator.key,
      areaCode: 'E22000120',
      benchmarkCode: 'E92000001',
      comparatorGroupId: String(rate.comparatorGroup!.id),
      baselinePeriod: '2016/17',
      targetKind: 'value',
      targetValue: '125',
    });
    const changed = await scorecards.updateMeasure(analyst.actor, rate.id, rate.version, input);
    expect(changed.version).toBe(rate.version + 1);
    const after = await scorecards.forPlan(viewer.actor, plan.id);
    expect(after.measures[0]!.latest!.rag).toEqual({ status: 'green', rule: 'Green: 121.5 has reached the target of 125.0 or lower' });
    await expect(scorecards.updateMeasure(analyst.actor, rate.id, rate.version, input)).rejects.toMatchObject({ code: 'edit_conflict' });
    await expect(scorecards.updateMeasure(viewer.actor, rate.id, changed.version, input)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(scorecards.forPlan(outsider.actor, plan.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      scorecards.createMeasure(analyst.actor, plan.id, { ...input, baselinePeriod: '2017', indicatorKey: 'sa:robbery' }),
    ).rejects.toMatchObject({
      fieldErrors: [{ field: 'baselinePeriod', message: 'Robbery is held by financial year: enter a period like 2016/17' }],
    });
    await scorecards.removeMeasure(analyst.actor, rate.id, changed.version);
    expect((await scorecards.forPlan(viewer.actor, plan.id)).measures).toHaveLength(15);
    const audit = await queryRows<{ action: string }>(
      services.database.db,
      sql`select action from audit_log where entity_type = 'measure' and action in ('measure.update', 'measure.delete') order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['measure.update', 'measure.delete']);
  });

  it('answers a published context without an actor check, in the published view', async () => {
    const { services, plan } = await demo();
    const card = await services.plans.scorecards.forPublication(plan.id);
    expect(card.view).toBe('published');
    expect(card.measures).toHaveLength(16);
    await expect(services.plans.scorecards.forPublication(999999)).rejects.toMatchObject({ code: 'not_found' });
  });
});
