import { describe, expect, it } from 'vitest';
import { signedInAgent } from '../../../test/support/app.js';
import { addMember, buildAgency, buildPartnership, buildUser } from '../../../test/support/factories.js';
import type { meetingDetailJson } from './presenters.js';

const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';

describe('governance pages', () => {
  it('lets a coordinator do the whole job through the forms, and renders stored HTML as text everywhere', async () => {
    const partnership = await buildPartnership({ name: 'Forms Partnership' });
    const council = await buildAgency({ name: 'Forms Council' });
    const police = await buildAgency({ name: 'Forms Police', kind: 'police' });
    await addMember(partnership, council);
    await addMember(partnership, police);
    const coordinator = await buildUser({ agency: council, roles: [{ partnership, role: 'coordinator' }] });
    const agent = await signedInAgent(coordinator);

    const partnershipPage = await agent.get(`/partnerships/${partnership.id}`);
    expect(partnershipPage.body).toContain(`href="/partnerships/${partnership.id}/governance"`);

    await agent.get(`/partnerships/${partnership.id}/meetings/new`);
    const invalid = await agent.post(`/partnerships/${partnership.id}/meetings`, {
      title: '',
      kind: 'board',
      date: '2021-13-40',
      startTime: '10:00',
      endTime: '09:00',
    });
    const errorPage = await agent.follow(invalid);
    expect(errorPage.body).toContain('<title>Error: Schedule a meeting');
    expect(errorPage.body).toContain('Enter the meeting’s title');
    expect(errorPage.body).toContain('The end time must be after the start time');

    const created = await agent.post(`/partnerships/${partnership.id}/meetings`, {
      title: `Board ${evil}`,
      kind: 'board',
      date: '2021-07-14',
      startTime: '10:00',
      endTime: '12:00',
      location: 'Town hall',
    });
    expect(created.statusCode).toBe(303);
    const meetingUrl = String(created.headers.location);
    const meetingId = Number(meetingUrl.split('/').pop());
    expect(
      (
        await agent.post(`${meetingUrl}/agenda`, {
          title: `Item ${evil}`,
          presentingAgencyId: String(police.id),
          papers: 'Paper | https://example.org/p.pdf',
        })
      ).statusCode,
    ).toBe(303);
    const badPapers = await agent.follow(await agent.post(`${meetingUrl}/agenda`, { title: 'x', papers: 'javascript:alert(1)' }));
    expect(badPapers.body).toContain('Line 1 of the papers is not a web address');
    expect(badPapers.body).not.toContain('href="javascript:');

    let page = await agent.get(meetingUrl);
    const itemId = Number(/\/agenda\/(\d+)\/minutes/.exec(page.body)?.[1]);
    await agent.get(`${meetingUrl}/agenda/${itemId}/minutes`);
    expect(
      (await agent.post(`${meetingUrl}/agenda/${itemId}/minutes`, { version: 1, minutes: `Noted ${evil}\n\n- point one` })).statusCode,
    ).toBe(303);
    await agent.get(`${meetingUrl}/attendance`);
    expect(
      (await agent.post(`${meetingUrl}/attendance`, { [`status-${council.id}`]: 'present', [`status-${police.id}`]: 'apologies' }))
        .statusCode,
    ).toBe(303);
    await agent.post(`${meetingUrl}/decisions`, { text: `Decided ${evil}` });
    await agent.post(`${meetingUrl}/actions`, {
      description: `Do ${evil}`,
      ownerAgencyId: String(police.id),
      dueOn: '2021-08-01',
      agendaItemId: String(itemId),
    });

    page = await agent.get(meetingUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('Item &lt;script&gt;');
    expect(page.body).toContain('Noted &lt;script&gt;');
    expect(page.body).toContain('<li>point one</li>');
    expect(page.body).toContain('Apologies');
    expect(page.body).toContain('https://example.org/p.pdf');

    const next = await agent.post(`/partnerships/${partnership.id}/meetings`, {
      title: 'Next board',
      kind: 'board',
      date: '2021-08-11',
      startTime: '10:00',
      endTime: '12:00',
      location: 'Town hall',
    });
    const nextPage = await agent.follow(next);
    expect(nextPage.body).toContain('Matters arising');
    expect(nextPage.body).toContain('Do &lt;script&gt;');
    expect(nextPage.body).toContain('Overdue');
    const nextId = Number(String(next.headers.location).split('/').pop());
    expect((await agent.post(`/meetings/${meetingId}/approve-minutes`, { version: 1, atMeetingId: String(nextId) })).statusCode).toBe(303);
    const approved = await agent.get(meetingUrl);
    expect(approved.body).toContain('Approved at the meeting of 11 August 2021');
    expect(approved.body).not.toContain('/minutes">Change the minutes');
    const refused = await agent.follow(await agent.post(`${meetingUrl}/decisions`, { text: 'too late' }));
    expect(refused.body).toContain('can no longer be changed');

    // risks
    await agent.get(`/partnerships/${partnership.id}/risks/new`);
    const risk = await agent.post(`/partnerships/${partnership.id}/risks`, {
      title: `Risk ${evil}`,
      ownerAgencyId: String(police.id),
      inherentLikelihood: '4',
      inherentImpact: '5',
      residualLikelihood: '3',
      residualImpact: '4',
      assessedOn: '2021-12-20',
    });
    expect(risk.statusCode).toBe(303);
    const riskUrl = String(risk.headers.location);
    for (const url of [
      riskUrl,
      `${riskUrl}/score`,
      `${riskUrl}/edit`,
      `/partnerships/${partnership.id}/risks`,
      `/partnerships/${partnership.id}/risks?sort=title&direction=asc&band=medium&overdue=yes`,
      `/partnerships/${partnership.id}/risks/heat-map`,
      `/partnerships/${partnership.id}/risks/heat-map?basis=inherent`,
      `/partnerships/${partnership.id}/governance`,
      `/partnerships/${partnership.id}/meetings`,
      `/meetings/${nextId}/edit`,
    ]) {
      const r = await agent.get(url);
      expect(r.statusCode, url).toBe(200);
      expect(r.body, url).not.toContain('<script>alert');
    }
    const heat = await agent.get(`/partnerships/${partnership.id}/risks/heat-map`);
    expect(heat.body).toMatch(
      /data-likelihood="3" data-impact="4">\s*<span class="gov-heat__score">Medium 12<\/span>\s*<span class="govuk-body-s">1 risk/,
    );
    const api = (await agent.get(`/api/v1/meetings/${meetingId}`)).json<{ data: ReturnType<typeof meetingDetailJson> }>().data;
    expect(api.attendance.find((a) => a.agency.id === police.id)?.status).toBe('apologies');
    expect(api.actionsArising).toHaveLength(1);
    expect(api.agenda[0]?.title).toContain('<script>');
  });

  it('shows a viewer the pages without the editing controls', async () => {
    const partnership = await buildPartnership();
    const council = await buildAgency();
    const coordinator = await buildUser({ agency: council, roles: [{ partnership, role: 'coordinator' }], seatIn: [partnership] });
    const viewer = await buildUser({ seatIn: [partnership] });
    const c = await signedInAgent(coordinator);
    const created = await c.post(`/partnerships/${partnership.id}/meetings`, {
      title: 'Board',
      kind: 'board',
      date: '2030-01-15',
      startTime: '10:00',
      endTime: '11:00',
      location: 'Hall',
    });
    const v = await signedInAgent(viewer);
    const page = await v.get(String(created.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Add an agenda item');
    expect((await v.get(`/partnerships/${partnership.id}/meetings`)).body).toContain('Upcoming meetings');
    expect((await v.get(`/partnerships/${partnership.id}/meetings/new`)).statusCode).toBe(403);
    expect((await v.get(`${String(created.headers.location)}/attendance`)).statusCode).toBe(403);
  });

  it('shows meeting times on the 12-hour clock, GOV.UK style: 7pm to 9pm, midday, 12:30am', async () => {
    const partnership = await buildPartnership({ name: 'Times Partnership' });
    const agent = await signedInAgent(await buildUser({ roles: [{ partnership, role: 'coordinator' }] }));
    const schedule = async (title: string, date: string, startTime: string, endTime: string) => {
      await agent.get(`/partnerships/${partnership.id}/meetings/new`);
      const created = await agent.post(`/partnerships/${partnership.id}/meetings`, {
        title,
        kind: 'board',
        date,
        startTime,
        endTime,
        location: 'Civic Centre',
      });
      expect(created.statusCode).toBe(303);
      return String(created.headers.location);
    };
    const evening = await schedule('Evening board', '2021-07-14', '19:00', '21:00');
    const noon = await schedule('Noon board', '2021-12-20', '12:00', '13:30');
    const night = await schedule('Night board', '2021-12-21', '00:30', '01:00');
    expect((await agent.get(evening)).body).toContain('14 July 2021 at 7pm to 9pm (UK time)');
    expect((await agent.get(noon)).body).toContain('20 December 2021 at midday to 1:30pm (UK time)');
    expect((await agent.get(night)).body).toContain('21 December 2021 at 12:30am to 1am (UK time)');
    const list = (await agent.get(`/partnerships/${partnership.id}/meetings`)).body;
    expect(list).toContain('14 July 2021 at 7pm');
    expect(list).not.toMatch(/\b0:\d\d ?[ap]m|\d:\d\d [ap]m|to \d\d:\d\d/);
  });
});
