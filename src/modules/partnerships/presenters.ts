/**
 * One mapping from the module's records to what people and programs see: the API's JSON for agencies,
 * partnerships and members, the members grouped as the partnership page shows them, and the choices the
 * forms offer. Routes call these instead of mapping records inline.
 */
import { agencyKinds, meetingCadences, membershipRoles, partnershipKinds, type Agency, type Partnership } from './schema.js';

/** The choices the agency, partnership and membership forms offer (shown humanised). */
export const formChoices = {
  agency: agencyKinds,
  partnership: partnershipKinds,
  role: membershipRoles,
  cadence: meetingCadences,
};

/** Members grouped by agency kind, responsible authorities' kinds first as in the partnership documents. */
export function groupMembers<M extends { agencyKind: string }>(members: M[]) {
  const kindOrder = agencyKinds as readonly string[];
  const groups = new Map<string, M[]>();
  for (const m of members) groups.set(m.agencyKind, [...(groups.get(m.agencyKind) ?? []), m]);
  return [...groups.entries()]
    .sort((a, b) => kindOrder.indexOf(a[0]) - kindOrder.indexOf(b[0]))
    .map(([kind, items]) => ({ kind, members: items }));
}

// The API ----------------------------------------------------------------------------------------------

/** An agency in the API. */
export const agencyJson = (a: Agency) => ({
  id: a.id,
  name: a.name,
  shortName: a.shortName,
  kind: a.kind,
  responsibleAuthority: a.responsibleAuthority,
});

/** A partnership in the API's lists. */
export const partnershipJson = (p: Partnership) => ({
  id: p.id,
  name: p.name,
  shortName: p.shortName,
  kind: p.kind,
  areaName: p.areaName,
  areaCode: p.areaCode,
  parentId: p.parentId,
  meetingCadence: p.meetingCadence,
});

/** A member (an agency's seat) in the API. */
export const memberJson = (m: {
  id: number;
  role: (typeof membershipRoles)[number];
  officer: string | null;
  agencyId: number;
  agencyName: string;
  agencyKind: (typeof agencyKinds)[number];
  responsibleAuthority: boolean;
}) => ({
  id: m.id,
  role: m.role,
  officer: m.officer,
  agency: { id: m.agencyId, name: m.agencyName, kind: m.agencyKind, responsibleAuthority: m.responsibleAuthority },
});

/** One partnership in the API: with its purpose, members and sub-groups. */
export const partnershipDetailJson = (view: {
  partnership: Partnership;
  members: Parameters<typeof memberJson>[0][];
  subGroups: { id: number; name: string }[];
}) => ({
  ...partnershipJson(view.partnership),
  purpose: view.partnership.purpose,
  members: view.members.map(memberJson),
  subGroups: view.subGroups.map((s) => ({ id: s.id, name: s.name })),
});
