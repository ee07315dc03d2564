import { describe, expect, it } from 'vitest';
import { testRuntime } from '../../../test/support/db.js';
import { systemActor } from '../access/index.js';
import { loadPartnershipsDemo } from '../partnerships/index.js';
// TEMPORARY: the plans module's index.ts does not export its demo loader yet; import it from there once it does.
import { loadPlansDemo } from '../plans/index.js';
import { loadGovernanceDemo } from './index.js';

describe('governance demo data', () => {
  it('loads seed 003’s scrutiny meeting with its attendance gaps, the HCSSG meeting and risk register, once', async () => {
    const { services } = await testRuntime();
    await loadPartnershipsDemo(services);
    await loadPlansDemo(services);
    expect(await loadGovernanceDemo(services)).toBe(10);
    expect(await loadGovernanceDemo(services)).toBe(0);

    const snh = await services.partnerships.resolvePartnership('Safer North Hampshire');
    const [scrutiny] = (await services.governance.meetings.listMeetings(systemActor, snh.id)).all;
    const view = await services.governance.meetings.getMeeting(systemActor, scrutiny!.id);
    const status = Object.fromEntries(view.attendance.map((a) => [a.agencyName, a.status]));
    expect(status['Probation Service']).toBe('absent');
    expect(status['North Hampshire Clinical Commissioning Group']).toBe('absent');
    expect(status['Rushmoor Borough Council']).toBe('present');
    expect(view.actions.map((a) => a.description)).toContain("Give the garrison's update to the committee at its next meeting");

    const hcssg = await services.partnerships.resolvePartnership('Hampshire Community Safety Strategy Group');
    const [quarterly] = (await services.governance.meetings.listMeetings(systemActor, hcssg.id)).all;
    expect(quarterly!.startsAt.toISOString()).toBe('2021-12-20T10:00:00.000Z');
    const hView = await services.governance.meetings.getMeeting(systemActor, quarterly!.id);
    expect(hView.decisions.filter((d) => d.text.startsWith('Priority'))).toHaveLength(4);

    const register = await services.governance.risks.register(systemActor, hcssg.id);
    expect(register.risks).toHaveLength(8);
    const lines = register.risks.find((r) => r.title.startsWith('County lines'))!;
    expect(lines.priority?.number).toBe(1);
    expect((await services.governance.risks.getRisk(systemActor, lines.id)).history).toHaveLength(2);
  });
});
