import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.js';
import {
  canAdminister,
  canDisableAccount,
  canEditAgency,
  canLimitTokenTo,
  isAllowedTokenLifetime,
  keepsReferenceData,
  partnershipRole,
  roleAllows,
  visibleWithinToken,
  withinTokenScope,
  type PartnershipAbility,
  type PartnershipRole,
} from './policy.js';

// Pure rules: no database is opened here.

const person: Actor = { userId: 7, agencyId: 3, isAdmin: false };
const admin: Actor = { userId: 1, agencyId: 1, isAdmin: true };
const limitedTo = (actor: Actor, partnershipId: number): Actor => ({ ...actor, onlyPartnershipId: partnershipId });

describe('what each partnership role allows', () => {
  const abilities: PartnershipAbility[] = ['view', 'contribute', 'coordinate'];
  const cases: [PartnershipRole | null, boolean[]][] = [
    [null, [false, false, false]],
    ['viewer', [true, false, false]],
    ['contributor', [true, true, false]],
    ['coordinator', [true, true, true]],
  ];
  it.each(cases)('%s may %j (view, contribute, coordinate)', (role, allowed) => {
    expect(abilities.map((a) => roleAllows(role, a))).toEqual(allowed);
  });
});

describe('an actor’s role in a partnership', () => {
  it('is their own role, else viewer for their agency’s seat, else none', () => {
    expect(partnershipRole(person, 5, { ownRole: 'contributor', agencySeat: true })).toBe('contributor');
    expect(partnershipRole(person, 5, { ownRole: 'coordinator', agencySeat: false })).toBe('coordinator');
    expect(partnershipRole(person, 5, { ownRole: undefined, agencySeat: true })).toBe('viewer');
    expect(partnershipRole(person, 5, { ownRole: undefined, agencySeat: false })).toBeNull();
    expect(partnershipRole(person, 5, null)).toBeNull();
  });

  it('is coordinator everywhere for administrators and the command line, within a limited token’s partnership only', () => {
    expect(partnershipRole(admin, 5, null)).toBe('coordinator');
    expect(partnershipRole({ userId: null, agencyId: null, isAdmin: true }, 5, null)).toBe('coordinator');
    expect(partnershipRole(limitedTo(admin, 5), 5, null)).toBe('coordinator');
    expect(partnershipRole(limitedTo(admin, 5), 6, null)).toBeNull();
    expect(partnershipRole(limitedTo(person, 5), 6, { ownRole: 'coordinator', agencySeat: true })).toBeNull();
  });
});

describe('tokens', () => {
  it('limit what an actor reaches to one partnership', () => {
    expect(withinTokenScope(person, 9)).toBe(true);
    expect(withinTokenScope(limitedTo(person, 9), 9)).toBe(true);
    expect(withinTokenScope(limitedTo(person, 9), 8)).toBe(false);
    expect(visibleWithinToken(person, [1, 2])).toEqual([1, 2]);
    expect(visibleWithinToken(admin, 'all')).toBe('all');
    expect(visibleWithinToken(limitedTo(admin, 4), 'all')).toEqual([4]);
    expect(visibleWithinToken(limitedTo(person, 2), [1, 2])).toEqual([2]);
    expect(visibleWithinToken(limitedTo(person, 3), [1, 2])).toEqual([]);
  });

  it('last from 1 to 365 whole days, and may be limited only to a partnership their owner sees', () => {
    expect([0, 1, 90, 365, 366, 1.5].map(isAllowedTokenLifetime)).toEqual([false, true, true, true, false, false]);
    expect(canLimitTokenTo('viewer')).toBe(true);
    expect(canLimitTokenTo(null)).toBe(false);
  });
});

describe('administration', () => {
  it('is for administrators, never through a token limited to one partnership', () => {
    expect(canAdminister(admin)).toBe(true);
    expect(canAdminister(person)).toBe(false);
    expect(canAdminister(limitedTo(admin, 2))).toBe(false);
  });

  it('lets administrators disable any account but their own', () => {
    expect(canDisableAccount(admin, 7)).toBe(true);
    expect(canDisableAccount(admin, admin.userId!)).toBe(false);
    expect(canDisableAccount(person, 8)).toBe(false);
  });

  it('leaves shared reference data to administrators and coordinators of any partnership', () => {
    expect(keepsReferenceData(admin, false)).toBe(true);
    expect(keepsReferenceData(person, true)).toBe(true);
    expect(keepsReferenceData(person, false)).toBe(false);
    expect(keepsReferenceData(limitedTo(person, 2), true)).toBe(false);
  });

  it('lets the coordinators of a partnership where an agency sits change it, and administrators', () => {
    expect(canEditAgency(person, [3, 4], [4])).toBe(true);
    expect(canEditAgency(person, [3, 4], [5])).toBe(false);
    expect(canEditAgency(admin, [], [])).toBe(true);
    expect(canEditAgency(limitedTo(admin, 3), [3], [])).toBe(false);
  });
});

describe('who must sign in with a second factor', () => {
  it('is administrators and coordinators when privileged, everyone or nobody otherwise', async () => {
    const { requiresSecondFactor } = await import('./policy.js');
    const plain = { isAdmin: false, coordinates: false };
    expect(requiresSecondFactor('privileged', plain)).toBe(false);
    expect(requiresSecondFactor('privileged', { ...plain, isAdmin: true })).toBe(true);
    expect(requiresSecondFactor('privileged', { ...plain, coordinates: true })).toBe(true);
    expect(requiresSecondFactor('everyone', plain)).toBe(true);
    expect(requiresSecondFactor('off', { isAdmin: true, coordinates: true })).toBe(false);
  });
});
