import { systemActor, type PartnershipRole } from '../../src/modules/access/index.js';
import * as agenciesRepo from '../../src/modules/partnerships/agencies/repository.js';
import * as partnershipsRepo from '../../src/modules/partnerships/partnerships/repository.js';
import type { Agency, MembershipRole, Partnership } from '../../src/modules/partnerships/schema.js';
import { testRuntime } from './db.js';

let counter = 0;
const next = () => ++counter;

export const TEST_PASSWORD = 'correct horse battery staple';

export async function buildAgency(overrides: Partial<Omit<Agency, 'id'>> = {}): Promise<Agency> {
  const { database } = await testRuntime();
  return agenciesRepo.insertAgency(database.db, {
    name: overrides.name ?? `Test Agency ${next()}`,
    shortName: overrides.shortName ?? null,
    kind: overrides.kind ?? 'local-authority',
    responsibleAuthority: overrides.responsibleAuthority ?? true,
  });
}

export async function buildPartnership(overrides: Partial<Omit<Partnership, 'id'>> = {}): Promise<Partnership> {
  const { database } = await testRuntime();
  return partnershipsRepo.insertPartnership(database.db, {
    name: overrides.name ?? `Test Partnership ${next()}`,
    shortName: overrides.shortName ?? null,
    kind: overrides.kind ?? 'community-safety-partnership',
    areaName: overrides.areaName ?? null,
    areaCode: overrides.areaCode ?? null,
    parentId: overrides.parentId ?? null,
    meetingCadence: overrides.meetingCadence ?? null,
    purpose: overrides.purpose ?? null,
  });
}

export async function addMember(partnership: Partnership, agency: Agency, role: MembershipRole = 'member', officer: string | null = null) {
  const { database } = await testRuntime();
  return partnershipsRepo.insertMembership(database.db, { partnershipId: partnership.id, agencyId: agency.id, role, officer });
}

export interface BuiltUser {
  id: number;
  email: string;
  password: string;
  agency: Agency;
  actor: { userId: number; agencyId: number; isAdmin: boolean };
}

/**
 * A user (creating an agency when none is given) with optional partnership roles. When `seatIn` is
 * given, the user's agency also takes a seat in those partnerships.
 */
export async function buildUser(
  options: {
    agency?: Agency;
    isAdmin?: boolean;
    roles?: { partnership: Partnership; role: PartnershipRole }[];
    seatIn?: Partnership[];
    email?: string;
  } = {},
): Promise<BuiltUser> {
  const { services } = await testRuntime();
  const agency = options.agency ?? (await buildAgency());
  for (const p of options.seatIn ?? []) await addMember(p, agency);
  const email = options.email ?? `user${next()}@test.example`;
  const user = await services.access.createUser(systemActor, {
    email,
    displayName: `Test User ${counter}`,
    agencyId: agency.id,
    password: TEST_PASSWORD,
    isAdmin: options.isAdmin ?? false,
    roles: (options.roles ?? []).map((r) => ({ partnershipId: r.partnership.id, role: r.role })),
  });
  return { id: user.id, email, password: TEST_PASSWORD, agency, actor: { userId: user.id, agencyId: agency.id, isAdmin: user.isAdmin } };
}
