import { describe, expect, it } from 'vitest';
import type { Actor } from '../access/index.js';
import {
  abilityTo,
  canCloseRound,
  canEditAssurance,
  canEditPlans,
  canEditScorecard,
  canReviewUpdate,
  canRunRounds,
  canSubmitUpdate,
  isOpen,
  leadsAction,
  mayReportOn,
  scorecardViewFor,
  submitRefusal,
  type PartnershipRole,
} from './policy.js';

// Pure rules: no database, no services.
const police = 1;
const council = 2;
const person = (agencyId: number | null, isAdmin = false): Actor => ({ userId: 10, agencyId, isAdmin });
const policeOfficer = person(police);
const councilOfficer = person(council);
const admin = person(council, true);
const commandLine: Actor = { userId: null, agencyId: null, isAdmin: true };
const ledByPolice = { leads: [{ id: police }] };
const ledByBoth = { leads: [{ id: council }, { id: police }] };
const open = { closedAt: null };
const closed = { closedAt: new Date('2021-01-31T17:00:00Z') };
const roles: (PartnershipRole | null)[] = [null, 'viewer', 'contributor', 'coordinator'];

describe('the lead-agency rule', () => {
  it('knows who leads an action: someone from one of its lead agencies', () => {
    expect(leadsAction(policeOfficer, ledByPolice)).toBe(true);
    expect(leadsAction(councilOfficer, ledByPolice)).toBe(false);
    expect(leadsAction(councilOfficer, ledByBoth)).toBe(true);
    expect(leadsAction(person(null), ledByPolice)).toBe(false);
    expect(leadsAction(policeOfficer, { leads: [] })).toBe(false);
  });

  it('lets administrators and the command line report on any action, and nobody else but its leads', () => {
    expect(mayReportOn(admin, ledByPolice)).toBe(true);
    expect(mayReportOn(commandLine, ledByPolice)).toBe(true);
    expect(mayReportOn(policeOfficer, ledByPolice)).toBe(true);
    expect(mayReportOn(councilOfficer, ledByPolice)).toBe(false);
  });

  it('lets a contributor submit only on the actions their agency leads, while the round is open', () => {
    expect(submitRefusal(policeOfficer, ledByPolice, 'contributor', open)).toBeNull();
    expect(canSubmitUpdate(policeOfficer, ledByPolice, 'contributor', open)).toBe(true);
    expect(submitRefusal(councilOfficer, ledByPolice, 'contributor', open)).toBe('not-lead');
    expect(submitRefusal(policeOfficer, ledByPolice, 'contributor', closed)).toBe('closed');
    expect(canSubmitUpdate(policeOfficer, ledByPolice, 'contributor', closed)).toBe(false);
  });

  it('refuses viewers and people without a role even from a lead agency, and says the role comes first', () => {
    expect(submitRefusal(policeOfficer, ledByPolice, 'viewer', open)).toBe('role');
    expect(submitRefusal(policeOfficer, ledByPolice, null, open)).toBe('role');
    expect(submitRefusal(councilOfficer, ledByPolice, 'viewer', closed)).toBe('role');
    expect(submitRefusal(councilOfficer, ledByPolice, 'contributor', closed)).toBe('not-lead');
  });

  it('does not let a coordinator from another agency write the lead agency’s update; an administrator may', () => {
    expect(submitRefusal(councilOfficer, ledByPolice, 'coordinator', open)).toBe('not-lead');
    expect(submitRefusal(policeOfficer, ledByPolice, 'coordinator', open)).toBeNull();
    expect(submitRefusal(admin, ledByPolice, 'coordinator', open)).toBeNull();
  });
});

describe('rounds and reviews', () => {
  it('freezes a closed round', () => {
    expect(isOpen(open)).toBe(true);
    expect(isOpen(closed)).toBe(false);
    expect(canCloseRound('coordinator', open)).toBe(true);
    expect(canCloseRound('coordinator', closed)).toBe(false);
  });

  it('lets a coordinator accept or return only the latest version awaiting review, in an open round', () => {
    expect(canReviewUpdate('coordinator', open, { state: 'submitted' })).toBe(true);
    expect(canReviewUpdate('coordinator', open, { state: 'returned' })).toBe(false);
    expect(canReviewUpdate('coordinator', open, { state: 'accepted' })).toBe(false);
    expect(canReviewUpdate('coordinator', open, null)).toBe(false);
    expect(canReviewUpdate('coordinator', closed, { state: 'submitted' })).toBe(false);
    expect(canReviewUpdate('contributor', open, { state: 'submitted' })).toBe(false);
  });
});

describe('who runs the plan', () => {
  it('leaves plans, rounds and the assurance assessment to coordinators', () => {
    for (const rule of [canEditPlans, canRunRounds, canEditAssurance, (r: PartnershipRole | null) => canCloseRound(r, open)])
      expect(roles.map(rule)).toEqual([false, false, false, true]);
  });

  it('asks the access policy for the matching partnership ability', () => {
    expect(abilityTo).toEqual({
      read: 'view',
      editPlans: 'coordinate',
      runRounds: 'coordinate',
      reviewUpdates: 'coordinate',
      editAssurance: 'coordinate',
      submitUpdates: 'contribute',
      editScorecard: 'contribute',
    });
  });
});

describe('who edits the scorecard', () => {
  it('lets coordinators and analysts (contributors) change measures and see every figure; viewers read the published view', () => {
    expect(abilityTo.editScorecard).toBe('contribute');
    expect(canEditScorecard('coordinator')).toBe(true);
    expect(canEditScorecard('contributor')).toBe(true);
    expect(canEditScorecard('viewer')).toBe(false);
    expect(canEditScorecard(null)).toBe(false);
    expect(scorecardViewFor('contributor', 'analyst')).toBe('analyst');
    expect(scorecardViewFor('coordinator', undefined)).toBe('published');
    expect(scorecardViewFor('viewer', 'analyst')).toBe('published');
  });
});
