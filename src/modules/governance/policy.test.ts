import { describe, expect, it } from 'vitest';
import type { Actor } from '../access/index.js';
import {
  canApproveMinutes,
  canChangeMeetingRecord,
  canManageRisks,
  canRecordAttendance,
  canRescoreRisk,
  canScheduleMeetings,
  canUpdateActionStatus,
  canWriteMinutes,
  type PartnershipRole,
} from './policy.js';

const police: Actor = { userId: 1, agencyId: 10, isAdmin: false };
const council: Actor = { userId: 2, agencyId: 20, isAdmin: false };
const roles: PartnershipRole[] = ['viewer', 'contributor', 'coordinator'];

describe('governance policy', () => {
  it('lets only coordinators schedule meetings, record attendance, write and approve minutes, and manage risks', () => {
    for (const rule of [canScheduleMeetings, canRecordAttendance, canWriteMinutes, canApproveMinutes, canManageRisks])
      expect(
        roles.map((r) => rule(r)),
        rule.name,
      ).toEqual([false, false, true]);
  });

  it('never lets anyone change a meeting whose minutes are approved', () => {
    expect(canChangeMeetingRecord({ minutesStatus: 'draft' })).toBe(true);
    expect(canChangeMeetingRecord({ minutesStatus: 'approved' })).toBe(false);
  });

  it('lets a contributor update only the actions their agency owns; coordinators any; viewers none', () => {
    const policeAction = { ownerAgencyId: 10 };
    expect(canUpdateActionStatus(police, 'contributor', policeAction)).toBe(true);
    expect(canUpdateActionStatus(council, 'contributor', policeAction)).toBe(false);
    expect(canUpdateActionStatus(council, 'coordinator', policeAction)).toBe(true);
    expect(canUpdateActionStatus(police, 'viewer', policeAction)).toBe(false);
  });

  it('lets contributors re-score the risks their agency owns or co-sponsors; coordinators any; viewers none', () => {
    const risk = { ownerAgencyId: 10, cosponsorAgencyId: 20 };
    const fire: Actor = { userId: 3, agencyId: 30, isAdmin: false };
    expect(canRescoreRisk(police, 'contributor', risk)).toBe(true);
    expect(canRescoreRisk(council, 'contributor', risk)).toBe(true);
    expect(canRescoreRisk(fire, 'contributor', risk)).toBe(false);
    expect(canRescoreRisk(fire, 'coordinator', risk)).toBe(true);
    expect(canRescoreRisk(police, 'viewer', risk)).toBe(false);
    expect(canRescoreRisk(fire, 'contributor', { ownerAgencyId: 10, cosponsorAgencyId: null })).toBe(false);
  });

  it('treats the command line (no agency) by its role only', () => {
    const system: Actor = { userId: null, agencyId: null, isAdmin: true };
    expect(canUpdateActionStatus(system, 'coordinator', { ownerAgencyId: 10 })).toBe(true);
    expect(canRescoreRisk({ ...system, isAdmin: false }, 'contributor', { ownerAgencyId: 10, cosponsorAgencyId: null })).toBe(false);
  });
});
