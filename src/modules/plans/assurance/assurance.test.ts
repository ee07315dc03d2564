import { describe, expect, it } from 'vitest';
import { signedInAgent } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import * as factories from '../../../../test/support/factories.js';
import { planWorld } from '../test-support.js';

const world = async () => planWorld({ services: (await testRuntime()).services, ...factories });

describe('the assurance assessment', () => {
  it('starts a district partnership with the six dimensions in its own words, and shows ratings as a grid across periods', async () => {
    const w = await world();
    const coordinator = await signedInAgent(w.coordinator);
    const form = await coordinator.get(`/priorities/${w.priority.id}/assessment?period=2020/21`);
    expect(form.statusCode).toBe(200);
    for (const name of [
      'Partnership co-ordination',
      'Driving front-line delivery',
      'Understanding of risk and vulnerability',
      'Reporting and recording',
      'Alignment of resources',
      'Links with the county and neighbouring partnerships',
    ])
      expect(form.body).toContain(name);
    // Never the county group's names.
    expect(form.body).not.toContain('County co-ordination');
    expect(form.body).not.toContain('Local links');
    const dims = await w.services.plans.assurance.dimensionsOf(w.partnership.id);
    const save = (period: string, rating: string, version = 0) =>
      coordinator.post(`/priorities/${w.priority.id}/assessment`, {
        periodKey: period,
        [`rating-${dims[0]!.id}`]: rating,
        [`narrative-${dims[0]!.id}`]: `${rating} in ${period}`,
        [`version-${dims[0]!.id}`]: String(version),
      });
    await save('2020/21', 'developing');
    await save('2021/22', 'strong');
    const page = await coordinator.get(`/priorities/${w.priority.id}`);
    expect(page.body).toMatch(/2020\/21<\/th>\s*<th[^>]*>2021\/22/);
    expect(page.body).toContain('developing in 2020/21');
    expect(page.body).toContain('strong in 2021/22');

    const stale = await save('2020/21', 'weak', 0);
    expect((await coordinator.follow(stale)).body).toContain('Someone else changed this assessment');
    expect(
      (await (await signedInAgent(w.contributor)).post(`/priorities/${w.priority.id}/assessment`, { periodKey: '2020/21' })).statusCode,
    ).toBe(403);
  });

  it('lets a coordinator change the partnership’s dimensions', async () => {
    const w = await world();
    const coordinator = await signedInAgent(w.coordinator);
    await coordinator.post(`/partnerships/${w.partnership.id}/assurance-dimensions`, { name: 'Voice of victims' });
    const page = await coordinator.get(`/partnerships/${w.partnership.id}/assurance-dimensions`);
    expect(page.body).toContain('Voice of victims');
    expect(page.body).toContain('Links with the county and neighbouring partnerships');
  });

  it('starts a county strategy group with seed 001’s dimension names', async () => {
    const { services } = await testRuntime();
    const county = await factories.buildPartnership({ name: 'Testshire Strategy Group', kind: 'strategy-group' });
    const names = (await services.plans.assurance.dimensionsOf(county.id)).map((d) => d.name);
    expect(names).toEqual([
      'County co-ordination',
      'Driving front-line delivery',
      'Understanding of risk and vulnerability',
      'Reporting and recording',
      'Alignment of resources',
      'Local links',
    ]);
  });

  it('renames the county’s dimension names for partnerships that started with them (migration 0120), leaving a county group’s alone', async () => {
    const fs = await import('node:fs');
    const { sql } = await import('drizzle-orm');
    const { services } = await testRuntime();
    const district = await factories.buildPartnership({ name: 'Old District CSP' });
    const county = await factories.buildPartnership({ name: 'Old County Group', kind: 'strategy-group' });
    const db = services.database.db;
    for (const p of [district, county])
      await db.execute(sql`insert into assurance_dimensions (partnership_id, position, name)
        values (${p.id}, 1, 'County co-ordination'), (${p.id}, 2, 'Local links'), (${p.id}, 3, 'Voice of victims')`);
    const migration = new URL('../../../db/migrations/0120_plans_dimension_names.sql', import.meta.url);
    await db.execute(sql.raw(fs.readFileSync(migration, 'utf8')));
    const names = async (id: number) => (await services.plans.assurance.dimensionsOf(id)).map((d) => d.name);
    await expect(names(district.id)).resolves.toEqual([
      'Partnership co-ordination',
      'Links with the county and neighbouring partnerships',
      'Voice of victims',
    ]);
    await expect(names(county.id)).resolves.toEqual(['County co-ordination', 'Local links', 'Voice of victims']);
  });

  it('shows every priority of a plan against every dimension on one page, for the period chosen', async () => {
    const w = await world();
    const { parseInput } = await import('../../../lib/validation.js');
    const { priorityInput } = await import('../plans/inputs.js');
    const { systemActor } = await import('../../access/index.js');
    const second = await w.services.plans.plans.createPriority(
      systemActor,
      w.plan.id,
      parseInput(priorityInput, { number: 2, title: 'Protect the vulnerable' }),
    );
    const coordinator = await signedInAgent(w.coordinator);
    const empty = await coordinator.get(`/plans/${w.plan.id}/assurance`);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('No priority of this plan has been assessed yet');
    const dims = await w.services.plans.assurance.dimensionsOf(w.partnership.id);
    const rate = (priorityId: number, period: string, ratings: string[]) =>
      coordinator.post(`/priorities/${priorityId}/assessment`, {
        periodKey: period,
        ...Object.fromEntries(
          dims.flatMap((d, i) =>
            ratings[i]
              ? [
                  [`rating-${d.id}`, ratings[i]],
                  [`version-${d.id}`, '0'],
                ]
              : [],
          ),
        ),
      });
    await rate(w.priority.id, '2020/21', ['weak']);
    await rate(w.priority.id, '2021/22', ['strong', 'established', 'developing', 'weak', 'strong', 'established']);
    await rate(second.id, '2021/22', ['developing']);
    const page = await coordinator.get(`/plans/${w.plan.id}/assurance`);
    expect(page.body).toContain('Assurance assessment, 2021/22');
    const grid = page.body.slice(page.body.indexOf('data-testid="plan-assurance-grid"'));
    const rows = grid.split('<tr class="govuk-table__row">').slice(1);
    expect(rows).toHaveLength(3); // the header and the two priorities
    expect(rows[0]!.match(/<th scope="col"/g)).toHaveLength(7); // the priority column and six dimensions
    expect(rows[1]).toContain('1. Reduce crime');
    expect(rows[1]!.match(/saferhub-rating--/g)).toHaveLength(6);
    expect(rows[2]).toContain('2. Protect the vulnerable');
    expect(rows[2]!.match(/saferhub-rating--/g)).toHaveLength(1);
    expect(rows[2]!.match(/Not rated/g)).toHaveLength(5);
    expect(page.body).toMatch(
      /<div class="saferhub-table-scroll" tabindex="0" role="region" aria-label="Assurance grid: priorities by dimension">/,
    );
    const earlier = await coordinator.get(`/plans/${w.plan.id}/assurance?period=2020/21`);
    expect(earlier.body).toContain('Assurance assessment, 2020/21');
    expect((await (await signedInAgent(w.outsider)).get(`/plans/${w.plan.id}/assurance`)).statusCode).toBe(404);
    expect((await (await signedInAgent(w.viewer)).get(`/plans/${w.plan.id}/assurance`)).statusCode).toBe(200);
  });
});
