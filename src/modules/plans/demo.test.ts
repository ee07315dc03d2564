import { describe, expect, it } from 'vitest';
import { signedInAgent } from '../../../test/support/app.js';
import { testRuntime } from '../../../test/support/db.js';
import { buildUser } from '../../../test/support/factories.js';
import { systemActor } from '../access/index.js';
import { loadPartnershipsDemo } from '../partnerships/index.js';
import { loadPlansDemo } from './demo.js';

const all = [
  'Hampshire Constabulary',
  'Hampshire Fire and Rescue Service',
  'Probation Service',
  'Southampton City Council',
  'Southampton Clinical Commissioning Group',
];
const police = ['Hampshire Constabulary'];
const yos = ['Southampton Youth Offending Service'];

/** Seed 002, row by row: priority, the start of the action, and its lead agency ("All" = every responsible authority). */
const seed002: [string, string, string[]][] = [
  ['Reduce crime, reoffending and antisocial behaviour', 'Continue to raise awareness and improve communication', all],
  ['Reduce crime, reoffending and antisocial behaviour', 'Continue to engage with the public to identify and respond', police],
  ['Reduce crime, reoffending and antisocial behaviour', 'Support evidence-based approaches to tackle emerging crime patterns', police],
  ['Reduce crime, reoffending and antisocial behaviour', 'Support communities to give victims of hate crime the confidence', police],
  [
    'Reduce crime, reoffending and antisocial behaviour',
    'Working collaboratively with the Probation Services to reduce reoffending',
    ['Probation Service'],
  ],
  [
    'Reduce crime, reoffending and antisocial behaviour',
    'Continue to address activity in the city associated with anti-social behaviour',
    ['Hampshire Constabulary', 'Southampton City Council'],
  ],
  ['Reduce crime, reoffending and antisocial behaviour', 'Explore opportunities with businesses to monitor commercial burglary', police],
  [
    'Reduce crime, reoffending and antisocial behaviour',
    'Monitor data from a range of sources in order to better understand violent crime',
    police,
  ],
  [
    'Reduce the harm caused by drugs and alcohol',
    'Work with the Health and Wellbeing Board to monitor and support the delivery of the Alcohol Strategy',
    all,
  ],
  ['Reduce the harm caused by drugs and alcohol', 'Implement the Drugs Strategy', police],
  ['Reduce the harm caused by drugs and alcohol', 'Maintain operations to safeguard vulnerable people against drugs activity', police],
  [
    'Protecting Vulnerable People',
    'Work collaboratively with Public Health and the Domestic and Sexual Abuse Strategic Group',
    ['Southampton City Council'],
  ],
  ['Protecting Vulnerable People', 'Investigate the rate of arrests and charges for domestic violent crime', police],
  [
    'Protecting Vulnerable People',
    'Ensure there are appropriate referral routes in place to programmes for perpetrators',
    ['Probation Service'],
  ],
  ['Protecting Vulnerable People', 'Encourage increased reporting and sharing of local intelligence related to Modern Day Slavery', police],
  [
    'Protecting Vulnerable People',
    'Enhance support to identified vulnerable people through health and safety community projects',
    ['Hampshire Fire and Rescue Service'],
  ],
  ['Protecting Vulnerable People', 'Continue to support the counter extremism and Prevent agenda', ['Southampton Prevent Board']],
  ['Protecting Vulnerable People', 'Continue to address rough sleeping activity within the city', all],
  ['Reducing Youth Crime', 'Work together to ensure that families of children who offend have support', yos],
  ['Reducing Youth Crime', 'Promote child-friendly restorative practises', yos],
  ['Reducing Youth Crime', 'Monitor reoffending rates for young people', yos],
  ['Reducing Youth Crime', "Work collaboratively to reduce children's use of weapons", yos],
];

async function loadDemoPlans() {
  const { services } = await testRuntime();
  await loadPartnershipsDemo(services);
  await loadPlansDemo(services);
  const safeCity = await services.partnerships.resolvePartnership('Southampton Safe City Partnership');
  const { plans } = await services.plans.plans.listPlans(systemActor, safeCity.id);
  return { services, safeCity, plan: plans.find((p) => p.title.startsWith('Safe City Partnership Strategy'))! };
}

describe('the demo plans', () => {
  it('lists every seed 002 action under the right priority with the right lead agency, with a 2020/21 update each', async () => {
    const { services, plan } = await loadDemoPlans();
    const view = await services.plans.progress.progress(systemActor, plan.id, '2020/21-Q3');
    expect(view.priorities.map((p) => p.title)).toEqual([
      'Reduce crime, reoffending and antisocial behaviour',
      'Reduce the harm caused by drugs and alcohol',
      'Protecting Vulnerable People',
      'Reducing Youth Crime',
    ]);
    const rows = view.rows.map((r) => [r.priority.title, r.action.text, r.leads.map((l) => l.name).sort()] as const);
    expect(rows).toHaveLength(seed002.length);
    seed002.forEach(([priority, start, leads], i) => {
      expect(rows[i]![0], start).toBe(priority);
      expect(rows[i]![1].startsWith(start), `${rows[i]![1]} should start with ${start}`).toBe(true);
      expect(rows[i]![2], start).toEqual([...leads].sort());
    });
    expect(view.rows.every((r) => r.standing?.state === 'accepted' && r.standing.narrative.length > 40)).toBe(true);
    expect(view.round.closedAt).not.toBeNull();
  });

  it('shows the same rows on the progress update page, and loads only once', async () => {
    const { services, plan, safeCity } = await loadDemoPlans();
    expect(await loadPlansDemo(services)).toBe(0);
    const councillor = await buildUser({ roles: [{ partnership: safeCity, role: 'viewer' }] });
    const page = await (await signedInAgent(councillor)).get(`/plans/${plan.id}/progress-table?period=2020/21-Q3`);
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/<tr class="govuk-table__row" data-priority=/g)).toHaveLength(22);
    expect(page.body).toContain('Southampton Youth Offending Service');
  });

  it('rates the county agreement’s seven priorities on the six dimensions, and keeps the HCSSG 2021–23 priorities and focus areas', async () => {
    const { services } = await loadDemoPlans();
    const hcssg = await services.partnerships.resolvePartnership('HCSSG');
    const { plans } = await services.plans.plans.listPlans(systemActor, hcssg.id);
    const agreement = plans.find((p) => p.title.startsWith('Hampshire County Agreement'))!;
    const view = await services.plans.plans.getPlan(systemActor, agreement.id);
    expect(view.priorities).toHaveLength(7);
    for (const p of view.priorities) {
      const grid = await services.plans.assurance.getGrid(systemActor, p.id);
      expect(grid.periods.map((x) => x.key)).toEqual(['2019/20']);
      expect(grid.grid.every((row) => row.cells[0]?.rating)).toBe(true);
    }
    const next = await services.plans.plans.getPlan(systemActor, plans.find((p) => p.title.includes('2021–23'))!.id);
    expect(next.priorities.map((p) => p.activities.length)).toEqual([8, 10, 6, 6]);
    expect(next.focusAreas).toHaveLength(10);

    const snh = await services.partnerships.resolvePartnership('Safer North Hampshire');
    const [snhPlan] = (await services.plans.plans.listPlans(systemActor, snh.id)).plans;
    expect((await services.plans.plans.getPlan(systemActor, snhPlan!.id)).priorities).toHaveLength(3);
  });
});
