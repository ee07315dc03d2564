import { parseInput } from '../../lib/validation.js';
import { systemActor } from '../access/index.js';
import type { Agency, AgencyKind, Partnership } from '../partnerships/index.js';
import type { PlansServices } from './index.js';
import { actionInput, planInput, priorityInput } from './plans/inputs.js';

/**
 * Test-only (kept out of the build by tsconfig.build.json, imported by *.test.ts files only): the world the
 * plans tests start from. Code under src/ may not import test/, so the test passes in its runtime's services
 * and test/support/factories.ts:
 *
 *   const world = async () => planWorld({ services: (await testRuntime()).services, ...factories });
 */
export interface WorldKit<S extends { plans: PlansServices }, U> {
  services: S;
  buildPartnership: (overrides: { name: string }) => Promise<Partnership>;
  buildAgency: (overrides: { name: string; kind?: AgencyKind }) => Promise<Agency>;
  addMember: (partnership: Partnership, agency: Agency) => Promise<unknown>;
  buildUser: (options: {
    agency?: Agency;
    roles?: { partnership: Partnership; role: 'viewer' | 'contributor' | 'coordinator' }[];
    seatIn?: Partnership[];
  }) => Promise<U>;
}

/**
 * A partnership with a plan of one priority and one action led by the police, an open round for
 * 2020/21 Q3, and people in every role: a coordinator, a police contributor (lead agency), a council
 * contributor (not a lead), a police viewer, and an outsider in another partnership.
 */
export async function planWorld<S extends { plans: PlansServices }, U>(kit: WorldKit<S, U>) {
  const { services, buildPartnership, buildAgency, addMember, buildUser } = kit;
  const partnership = await buildPartnership({ name: 'Test Safe City' });
  const other = await buildPartnership({ name: 'Elsewhere CSP' });
  const police = await buildAgency({ name: 'Test Constabulary', kind: 'police' });
  const council = await buildAgency({ name: 'Test City Council' });
  await addMember(partnership, police);
  await addMember(partnership, council);
  const coordinator = await buildUser({ agency: council, roles: [{ partnership, role: 'coordinator' }] });
  const contributor = await buildUser({ agency: police, roles: [{ partnership, role: 'contributor' }] });
  const councilContributor = await buildUser({ agency: council, roles: [{ partnership, role: 'contributor' }] });
  const viewer = await buildUser({ agency: police, roles: [{ partnership, role: 'viewer' }] });
  const outsider = await buildUser({ roles: [{ partnership: other, role: 'coordinator' }], seatIn: [other] });
  const { plans, progress } = services.plans;
  const plan = await plans.createPlan(
    systemActor,
    partnership.id,
    parseInput(planInput, { title: 'Test Strategy', firstYear: '2020/21', lastYear: '2021/22', status: 'agreed' }),
  );
  const priority = await plans.createPriority(
    systemActor,
    plan.id,
    parseInput(priorityInput, { number: 1, title: 'Reduce crime', activities: 'Patrols\nEngagement' }),
  );
  const action = await plans.createAction(
    systemActor,
    plan.id,
    parseInput(actionInput, {
      priorityId: priority.id,
      text: 'Tackle commercial burglary',
      leadAgencyIds: [police.id],
      supportingAgencyIds: [council.id],
      status: 'ongoing',
    }),
  );
  const round = await progress.openRound(systemActor, plan.id, { periodKey: '2020/21-Q3', dueDate: '2099-01-15' });
  return {
    services,
    partnership,
    other,
    police,
    council,
    coordinator,
    contributor,
    councilContributor,
    viewer,
    outsider,
    plan,
    priority,
    action,
    round,
  };
}
