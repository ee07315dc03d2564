import { describe, expect, it } from 'vitest';
import type { Actor, PartnershipRole } from '../access/index.js';
import { canAddAgencies, canChangeAgency, canCoordinate, canCreatePartnerships, seesPartnership } from './policy.js';

// Pure rules: no database is opened here.

const person: Actor = { userId: 7, agencyId: 3, isAdmin: false };
const admin: Actor = { userId: 1, agencyId: 1, isAdmin: true };

describe('who may do what with partnerships', () => {
  it('leaves a partnership’s details and members to its coordinators', () => {
    const roles: (PartnershipRole | null)[] = [null, 'viewer', 'contributor', 'coordinator'];
    expect(roles.map(canCoordinate)).toEqual([false, false, false, true]);
  });

  it('leaves adding partnerships to administrators', () => {
    expect(canCreatePartnerships(admin)).toBe(true);
    expect(canCreatePartnerships(person)).toBe(false);
    expect(canCreatePartnerships({ ...admin, onlyPartnershipId: 2 })).toBe(false);
  });

  it('shows only the partnerships the actor sees', () => {
    expect(seesPartnership('all', 9)).toBe(true);
    expect(seesPartnership([1, 9], 9)).toBe(true);
    expect(seesPartnership([1], 9)).toBe(false);
  });
});

describe('who may do what with agencies', () => {
  it('lets administrators and the coordinators of any partnership add one', () => {
    expect(canAddAgencies(admin, false)).toBe(true);
    expect(canAddAgencies(person, true)).toBe(true);
    expect(canAddAgencies(person, false)).toBe(false);
  });

  it('lets the coordinators of a partnership where it sits change one, and administrators', () => {
    expect(canChangeAgency(person, [3, 4], [4])).toBe(true);
    expect(canChangeAgency(person, [3, 4], [5])).toBe(false);
    expect(canChangeAgency(admin, [], 'all')).toBe(true);
    expect(canChangeAgency(admin, [3], 'all')).toBe(true);
  });
});
