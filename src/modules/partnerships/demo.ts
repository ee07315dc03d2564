import type { Services } from '../../services.js';
import { readDemoJson } from '../../demo/files.js';
import { systemActor } from '../access/index.js';
import { insertAgency, listAgencies } from './agencies/repository.js';
import { insertMembership, insertPartnership, listPartnerships } from './partnerships/repository.js';
import type { AgencyKind, MeetingCadence, MembershipRole, PartnershipKind } from './schema.js';

interface DemoFile {
  agencies: { name: string; shortName?: string; kind: AgencyKind; responsibleAuthority: boolean }[];
  partnerships: {
    name: string;
    shortName?: string;
    kind: PartnershipKind;
    areaName?: string;
    areaCode?: string;
    meetingCadence?: MeetingCadence;
    parent?: string;
    purpose?: string;
    members: { agency: string; role: MembershipRole; officer?: string }[];
  }[];
}

/** Loads the demo agencies, partnerships and memberships; records that already exist are left alone. */
export async function loadPartnershipsDemo(services: Services): Promise<number> {
  const file = readDemoJson<DemoFile>('partnerships.json');
  const { db } = services.database;
  let created = 0;
  await db.transaction(async (tx) => {
    const agencyIds = new Map<string, number>();
    const existingAgencies = await listAgencies(tx);
    for (const a of file.agencies) {
      let row = existingAgencies.find((e) => e.name.toLowerCase() === a.name.toLowerCase());
      if (!row) {
        row = await insertAgency(tx, {
          name: a.name,
          shortName: a.shortName ?? null,
          kind: a.kind,
          responsibleAuthority: a.responsibleAuthority,
        });
        await services.audit.record(
          systemActor,
          { action: 'agency.create', entityType: 'agency', entityId: row.id, after: row, details: { source: 'demo' } },
          tx,
        );
        created++;
      }
      agencyIds.set(a.name, row.id);
    }
    const partnershipIds = new Map<string, number>();
    const existing = await listPartnerships(tx, 'all');
    for (const p of file.partnerships) {
      let row = existing.find((e) => e.name.toLowerCase() === p.name.toLowerCase());
      if (!row) {
        const parentId = p.parent ? partnershipIds.get(p.parent) : undefined;
        if (p.parent && parentId === undefined)
          throw new Error(`Demo partnership ${p.name}: parent ${p.parent} must come earlier in the file`);
        row = await insertPartnership(tx, {
          name: p.name,
          shortName: p.shortName ?? null,
          kind: p.kind,
          areaName: p.areaName ?? null,
          areaCode: p.areaCode ?? null,
          parentId: parentId ?? null,
          meetingCadence: p.meetingCadence ?? null,
          purpose: p.purpose ?? null,
        });
        await services.audit.record(
          systemActor,
          {
            action: 'partnership.create',
            entityType: 'partnership',
            entityId: row.id,
            partnershipId: row.id,
            after: row,
            details: { source: 'demo' },
          },
          tx,
        );
        created++;
      }
      partnershipIds.set(p.name, row.id);
      for (const m of p.members) {
        const agencyId = agencyIds.get(m.agency);
        if (agencyId === undefined) throw new Error(`Demo partnership ${p.name}: unknown agency ${m.agency}`);
        const seat = await insertMembership(tx, { partnershipId: row.id, agencyId, role: m.role, officer: m.officer ?? null });
        if (seat) created++;
      }
    }
  });
  return created;
}
