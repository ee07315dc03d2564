import { describe, expect, it } from 'vitest';
import { signedInAgent } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import { addMember, buildAgency, buildPartnership, buildUser } from '../../../../test/support/factories.js';

async function setup() {
  const { services } = await testRuntime();
  const partnership = await buildPartnership({ name: 'Safer Test Town' });
  const council = await buildAgency({ name: 'Test Borough Council' });
  const police = await buildAgency({ name: 'Test Constabulary', kind: 'police' });
  const probation = await buildAgency({ name: 'Test Probation', kind: 'probation' });
  for (const a of [council, police, probation]) await addMember(partnership, a);
  const coordinator = await buildUser({ agency: council, roles: [{ partnership, role: 'coordinator' }] });
  const policeContributor = await buildUser({ agency: police, roles: [{ partnership, role: 'contributor' }] });
  const viewer = await buildUser({ agency: probation });
  const outsider = await buildUser({});
  return { services, partnership, council, police, probation, coordinator, policeContributor, viewer, outsider };
}

const meetingForm = (date: string, title = 'Monthly board') => ({
  title,
  kind: 'board' as const,
  date,
  startTime: '10:00',
  endTime: '12:00',
  location: 'Council offices',
});

describe('minutes, decisions, actions arising and their approval', () => {
  it('requires a reason to drop an action and a named officer when an agency is represented', async () => {
    const { services, partnership, council, coordinator } = await setup();
    const gov = services.governance;
    const m = await gov.meetings.createMeeting(coordinator.actor, partnership.id, meetingForm('2021-07-14'));
    await expect(
      gov.meetings.recordAttendance(coordinator.actor, m.id, [{ agencyId: council.id, status: 'represented' }]),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
    const a = await gov.minutes.addAction(coordinator.actor, m.id, {
      description: 'x',
      ownerAgencyId: String(council.id),
      dueOn: '2021-09-01',
    });
    await expect(gov.minutes.updateActionStatus(coordinator.actor, a.id, a.version, { status: 'dropped' })).rejects.toMatchObject({
      fieldErrors: [{ field: 'statusReason', message: 'Enter why the action was dropped' }],
    });
    const dropped = await gov.minutes.updateActionStatus(coordinator.actor, a.id, a.version, {
      status: 'dropped',
      statusReason: 'Superseded',
    });
    expect(dropped.statusReason).toBe('Superseded');
  });

  it('approves minutes only at a later meeting, after which they are read-only', async () => {
    const { services, partnership, council, coordinator } = await setup();
    const gov = services.governance;
    const first = await gov.meetings.createMeeting(coordinator.actor, partnership.id, meetingForm('2021-07-14'));
    const item = await gov.meetings.addAgendaItem(coordinator.actor, first.id, { title: 'Plan' });
    const second = await gov.meetings.createMeeting(coordinator.actor, partnership.id, meetingForm('2021-08-11'));
    await expect(gov.minutes.approveMinutes(coordinator.actor, second.id, first.id, second.version)).rejects.toMatchObject({
      code: 'conflict',
    });
    await gov.minutes.approveMinutes(coordinator.actor, first.id, second.id, first.version);
    const approved = await gov.meetings.getMeeting(coordinator.actor, first.id);
    expect(approved.readOnly).toBe(true);
    expect(approved.approvedAt?.id).toBe(second.id);
    const refusals = [
      () => gov.minutes.saveMinutes(coordinator.actor, first.id, item.id, item.version, { minutes: 'changed' }),
      () => gov.minutes.addDecision(coordinator.actor, first.id, { text: 'late decision' }),
      () =>
        gov.minutes.addAction(coordinator.actor, first.id, { description: 'late', ownerAgencyId: String(council.id), dueOn: '2021-09-01' }),
      () => gov.meetings.addAgendaItem(coordinator.actor, first.id, { title: 'late item' }),
      () => gov.meetings.recordAttendance(coordinator.actor, first.id, []),
    ];
    for (const attempt of refusals) await expect(attempt()).rejects.toMatchObject({ code: 'conflict' });
  });

  it('keeps the user’s text on an edit conflict', async () => {
    const { services, partnership, coordinator } = await setup();
    const gov = services.governance;
    const m = await gov.meetings.createMeeting(coordinator.actor, partnership.id, meetingForm('2021-07-14'));
    const item = await gov.meetings.addAgendaItem(coordinator.actor, m.id, { title: 'Plan' });
    await gov.minutes.saveMinutes(coordinator.actor, m.id, item.id, item.version, { minutes: 'first save' });
    const agent = await signedInAgent(coordinator);
    await agent.get(`/meetings/${m.id}/agenda/${item.id}/minutes`);
    const response = await agent.post(`/meetings/${m.id}/agenda/${item.id}/minutes`, {
      version: item.version,
      minutes: 'My careful words',
    });
    expect(response.statusCode).toBe(303);
    const page = await agent.follow(response);
    expect(page.body).toContain('Someone else changed this agenda item’s minutes');
    expect(page.body).toContain('My careful words');
  });
});
