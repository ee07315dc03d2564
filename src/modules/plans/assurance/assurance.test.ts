import { describe, expect, it } from 'vitest';
import { signedInAgent } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import * as factories from '../../../../test/support/factories.js';
import { planWorld } from '../test-support.js';

const world = async () => planWorld({ services: (await testRuntime()).services, ...factories });

describe('the assurance assessment', () => {
  it('starts each partnership with the six standard dimensions and shows ratings as a grid across periods', async () => {
    const w = await world();
    const coordinator = await signedInAgent(w.coordinator);
    const form = await coordinator.get(`/priorities/${w.priority.id}/assessment?period=2020/21`);
    expect(form.statusCode).toBe(200);
    for (const name of [
      'County co-ordination',
      'Driving front-line delivery',
      'Understanding of risk and vulnerability',
      'Reporting and recording',
      'Alignment of resources',
      'Local links',
    ])
      expect(form.body).toContain(name);
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
    expect(page.body).toContain('Local links');
  });
});
