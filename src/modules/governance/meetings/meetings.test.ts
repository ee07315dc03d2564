import { describe, expect, it } from 'vitest';
import { signedInAgent } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import { addMember, buildAgency, buildPartnership, buildUser } from '../../../../test/support/factories.js';
import { AppError } from '../../../lib/errors.js';

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

describe('meetings, attendance, calendars, and what the next meeting carries forward', () => {
  it('lets a coordinator schedule, record attendance, minutes and an action that the next meeting carries forward', async () => {
    const { services, partnership, council, police, probation, coordinator } = await setup();
    const gov = services.governance;
    const first = await gov.meetings.createMeeting(coordinator.actor, partnership.id, meetingForm('2021-07-14'));
    expect(first.startsAt.toISOString()).toBe('2021-07-14T09:00:00.000Z'); // 10:00 BST
    const item = await gov.meetings.addAgendaItem(coordinator.actor, first.id, {
      title: 'Partnership plan',
      presentingAgencyId: String(police.id),
    });
    await gov.meetings.recordAttendance(coordinator.actor, first.id, [
      { agencyId: council.id, status: 'present', officer: 'Head of community safety' },
      { agencyId: police.id, status: 'represented', officer: 'Inspector for the district' },
      { agencyId: probation.id, status: 'absent' },
    ]);
    await gov.minutes.saveMinutes(coordinator.actor, first.id, item.id, item.version, {
      minutes: 'Members noted the plan.\n\n- knife crime\n- ASB',
    });
    await gov.minutes.addDecision(coordinator.actor, first.id, { text: 'The plan was endorsed', agendaItemId: String(item.id) });
    const action = await gov.minutes.addAction(coordinator.actor, first.id, {
      description: 'Circulate the ASB panel referral pathway',
      ownerAgencyId: String(council.id),
      ownerOfficer: 'ASB lead',
      dueOn: '2021-08-01',
      agendaItemId: String(item.id),
    });

    const second = await gov.meetings.createMeeting(coordinator.actor, partnership.id, meetingForm('2021-08-11', 'Next board'));
    const next = await gov.meetings.getMeeting(coordinator.actor, second.id);
    expect(next.mattersArising.map((a) => a.id)).toEqual([action.id]);
    expect(next.mattersArising[0]!.overdue).toBe(true);
    expect(next.previous?.id).toBe(first.id);

    const view = await gov.meetings.getMeeting(coordinator.actor, first.id);
    expect(view.attendance.find((a) => a.agencyId === police.id)).toMatchObject({
      status: 'represented',
      officer: 'Inspector for the district',
    });
    expect(view.items[0]!.minutesBlocks).toEqual([
      { type: 'paragraph', lines: [[{ text: 'Members noted the plan.', strong: false }]] },
      { type: 'list', items: [[{ text: 'knife crime', strong: false }], [{ text: 'ASB', strong: false }]] },
    ]);
    expect(view.items[0]!.decisions.map((d) => d.text)).toEqual(['The plan was endorsed']);

    // once done, an action is no longer carried forward
    await gov.minutes.updateActionStatus(coordinator.actor, action.id, action.version, { status: 'done' });
    expect((await gov.meetings.getMeeting(coordinator.actor, second.id)).mattersArising).toEqual([]);
  });

  it('answers 404 outside the partnership and 403 below the needed role, per agency for actions', async () => {
    const { services, partnership, council, police, coordinator, policeContributor, viewer, outsider } = await setup();
    const gov = services.governance;
    const m = await gov.meetings.createMeeting(coordinator.actor, partnership.id, meetingForm('2021-07-14'));
    await expect(gov.meetings.getMeeting(outsider.actor, m.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(gov.meetings.listMeetings(outsider.actor, partnership.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await gov.meetings.getMeeting(viewer.actor, m.id)).meeting.id).toBe(m.id);
    await expect(gov.meetings.createMeeting(viewer.actor, partnership.id, meetingForm('2021-09-01'))).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(gov.meetings.createMeeting(policeContributor.actor, partnership.id, meetingForm('2021-09-01'))).rejects.toBeInstanceOf(
      AppError,
    );

    const councilAction = await gov.minutes.addAction(coordinator.actor, m.id, {
      description: 'council',
      ownerAgencyId: String(council.id),
      dueOn: '2021-09-01',
    });
    const policeAction = await gov.minutes.addAction(coordinator.actor, m.id, {
      description: 'police',
      ownerAgencyId: String(police.id),
      dueOn: '2021-09-01',
    });
    await expect(gov.minutes.updateActionStatus(policeContributor.actor, councilAction.id, 1, { status: 'done' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await gov.minutes.updateActionStatus(policeContributor.actor, policeAction.id, 1, { status: 'done' })).status).toBe('done');
    await expect(gov.minutes.updateActionStatus(viewer.actor, policeAction.id, 2, { status: 'open' })).rejects.toMatchObject({
      code: 'forbidden',
    });

    const agent = await signedInAgent(outsider);
    for (const url of [
      `/meetings/${m.id}`,
      `/partnerships/${partnership.id}/meetings`,
      `/partnerships/${partnership.id}/governance`,
      `/meetings/${m.id}/calendar.ics`,
      `/api/v1/meetings/${m.id}`,
      `/actions/${councilAction.id}`,
    ])
      expect((await agent.get(url)).statusCode, url).toBe(404);
  });

  it('shows each agency’s attendance rate and missed meetings over 12 months', async () => {
    const { services, partnership, council, probation, coordinator } = await setup();
    const gov = services.governance;
    for (const date of ['2021-05-12', '2021-07-14']) {
      const m = await gov.meetings.createMeeting(coordinator.actor, partnership.id, meetingForm(date));
      await gov.meetings.recordAttendance(coordinator.actor, m.id, [
        { agencyId: council.id, status: 'present' },
        { agencyId: probation.id, status: date === '2021-05-12' ? 'apologies' : 'absent' },
      ]);
    }
    const record = await gov.meetings.attendanceRecord(coordinator.actor, partnership.id);
    expect(record.fellBack).toBe(true); // the demo-like meetings are more than a year ago
    const byName = Object.fromEntries(record.agencies.map((a) => [a.agencyName, a]));
    expect(byName['Test Borough Council']).toMatchObject({ meetings: 2, attended: 2, rate: 1 });
    expect(byName['Test Probation']).toMatchObject({ meetings: 2, attended: 0, rate: 0 });
    expect(byName['Test Probation']!.missed.map((m) => m.status)).toEqual(['apologies', 'absent']);
    expect(byName['Test Constabulary']!.missed.map((m) => m.status)).toEqual([null, null]);
  });

  it('serves a meeting and the partnership’s schedule as iCalendar', async () => {
    const { services, partnership, coordinator, viewer } = await setup();
    const m = await services.governance.meetings.createMeeting(coordinator.actor, partnership.id, {
      ...meetingForm('2021-12-20', 'Quarterly meeting; priorities, agreed'),
      onlineUrl: 'https://meet.example.org/abc',
    });
    await services.governance.meetings.addAgendaItem(coordinator.actor, m.id, { title: 'Agree the four priorities' });
    const agent = await signedInAgent(viewer);
    const one = await agent.get(`/meetings/${m.id}/calendar.ics`);
    expect(one.statusCode).toBe(200);
    expect(one.headers['content-type']).toContain('text/calendar');
    expect(one.headers['content-disposition']).toContain('.ics');
    expect(one.body).toContain('DTSTART:20211220T100000Z');
    expect(one.body).toContain('SUMMARY:Quarterly meeting\\; priorities\\, agreed (Safer Test Town)');
    expect(one.body).toContain(`UID:meeting-${m.id}@saferhub`);
    for (const line of one.body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const feed = await agent.get(`/partnerships/${partnership.id}/meetings.ics`);
    expect(feed.body.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  });
});
