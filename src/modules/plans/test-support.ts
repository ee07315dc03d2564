import { systemActor } from '../access/actor.js';
import { addMember, buildAgency, buildPartnership, buildUser } from '../../../test/support/factories.js';
import { testRuntime } from '../../../test/support/db.js';

/**
 * A partnership with a plan of one priority and one action led by the police, an open round for
 * 2020/21 Q3, and people in every role: a coordinator, a police contributor (lead agency), a council
 * contributor (not a lead), a police viewer, and an outsider in another partnership.
 */
export async function planWorld() {
  const { services } = await testRuntime();
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
  const plan = await plans.createPlan(systemActor, partnership.id, {
    title: 'Test Strategy',
    firstYear: '2020/21',
    lastYear: '2021/22',
    status: 'agreed',
  });
  const priority = await plans.createPriority(systemActor, plan.id, {
    number: 1,
    title: 'Reduce crime',
    activities: 'Patrols\nEngagement',
  });
  const action = await plans.createAction(systemActor, plan.id, {
    priorityId: priority.id,
    text: 'Tackle commercial burglary',
    leadAgencyIds: [police.id],
    supportingAgencyIds: [council.id],
    status: 'ongoing',
  });
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
