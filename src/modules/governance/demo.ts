import type { Services } from '../../services.js';
import { readDemoJson } from '../../demo/files.js';
import { londonToInstant } from '../../lib/london-time.js';
import { systemActor } from '../access/index.js';
import type { AttendanceStatus, MeetingKind, MitigationStatus } from './schema.js';

interface DemoFile {
  meetings: {
    partnership: string;
    title: string;
    kind: MeetingKind;
    date: string;
    startTime: string;
    endTime: string;
    location?: string;
    agenda: { title: string; presenter?: string; priority?: number; minutes?: string }[];
    attendance?: { agency: string; status: AttendanceStatus; officer?: string }[];
    decisions?: { item?: number; text: string }[];
    actions?: { item?: number; description: string; owner: string; officer?: string; dueOn: string }[];
  }[];
  risks: {
    partnership: string;
    priority?: number;
    title: string;
    cause?: string;
    event?: string;
    effect?: string;
    owner: string;
    cosponsor?: string;
    scores: { assessedOn: string; inherent: [number, number]; residual: [number, number]; note?: string }[];
    mitigations?: { action: string; owner: string; status: MitigationStatus; dueOn?: string }[];
  }[];
}

/**
 * Loads the demo meetings (seed 003's scrutiny meeting, the HCSSG meeting of 20 December 2021) and the
 * HCSSG starter risk register, through the same services the pages use. Existing records are left alone.
 */
export async function loadGovernanceDemo(services: Services): Promise<number> {
  const file = readDemoJson<DemoFile>('governance.json');
  const gov = services.governance;
  const actor = systemActor;
  let created = 0;
  const agencyId = async (name: string) => (await services.partnerships.resolveAgency(name)).id;
  const priorityId = async (partnershipId: number, number: number | undefined) =>
    number === undefined
      ? ''
      : String((await gov.meetings.listPriorities(actor, partnershipId)).find((p) => p.number === number)?.id ?? '');

  for (const m of file.meetings) {
    const partnership = await services.partnerships.resolvePartnership(m.partnership);
    const startsAt = londonToInstant(m.date, m.startTime);
    const existing = (await gov.meetings.listMeetings(actor, partnership.id)).all;
    if (existing.some((e) => e.title === m.title && e.startsAt.getTime() === startsAt.getTime())) continue;
    const meeting = await gov.meetings.createMeeting(actor, partnership.id, {
      title: m.title,
      kind: m.kind,
      date: m.date,
      startTime: m.startTime,
      endTime: m.endTime,
      location: m.location,
    });
    created++;
    const itemIds: number[] = [];
    for (const a of m.agenda) {
      const item = await gov.meetings.addAgendaItem(actor, meeting.id, {
        title: a.title,
        presentingAgencyId: a.presenter ? String(await agencyId(a.presenter)) : '',
        priorityId: await priorityId(partnership.id, a.priority),
      });
      if (a.minutes) await gov.minutes.saveMinutes(actor, meeting.id, item.id, item.version, { minutes: a.minutes });
      itemIds.push(item.id);
    }
    if (m.attendance) {
      const rows = [];
      for (const a of m.attendance) rows.push({ agencyId: await agencyId(a.agency), status: a.status, officer: a.officer });
      await gov.meetings.recordAttendance(actor, meeting.id, rows);
    }
    const item = (n: number | undefined) => (n ? String(itemIds[n - 1] ?? '') : '');
    for (const d of m.decisions ?? []) await gov.minutes.addDecision(actor, meeting.id, { text: d.text, agendaItemId: item(d.item) });
    for (const a of m.actions ?? [])
      await gov.minutes.addAction(actor, meeting.id, {
        description: a.description,
        ownerAgencyId: String(await agencyId(a.owner)),
        ownerOfficer: a.officer,
        dueOn: a.dueOn,
        agendaItemId: item(a.item),
      });
  }

  for (const r of file.risks) {
    const partnership = await services.partnerships.resolvePartnership(r.partnership);
    if ((await gov.risks.register(actor, partnership.id, { status: 'all' })).risks.some((e) => e.title === r.title)) continue;
    const [first, ...rest] = r.scores;
    if (!first) throw new Error(`Demo risk ${r.title} has no scores`);
    const scoreOf = (s: typeof first) => ({
      inherentLikelihood: String(s.inherent[0]),
      inherentImpact: String(s.inherent[1]),
      residualLikelihood: String(s.residual[0]),
      residualImpact: String(s.residual[1]),
      assessedOn: s.assessedOn,
      note: s.note,
    });
    let risk = await gov.risks.createRisk(actor, partnership.id, {
      title: r.title,
      priorityId: await priorityId(partnership.id, r.priority),
      cause: r.cause,
      event: r.event,
      effect: r.effect,
      ownerAgencyId: String(await agencyId(r.owner)),
      cosponsorAgencyId: r.cosponsor ? String(await agencyId(r.cosponsor)) : '',
      ...scoreOf(first),
    });
    for (const s of rest) risk = await gov.risks.rescore(actor, risk.id, risk.version, scoreOf(s));
    for (const m of r.mitigations ?? [])
      await gov.risks.addMitigation(actor, risk.id, {
        action: m.action,
        ownerAgencyId: String(await agencyId(m.owner)),
        status: m.status,
        dueOn: m.dueOn,
      });
    created++;
  }
  return created;
}
