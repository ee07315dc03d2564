import { describe, expect, it } from 'vitest';
import { describeChange, lockoutNotice, roleLine } from './presenters.js';

describe('what the access pages show', () => {
  it('tells what changed in an audit entry, briefly', () => {
    expect(describeChange({ name: 'A', version: 1 }, { name: 'B', version: 2 }, null)).toBe('name: A → B');
    expect(describeChange(null, { name: 'A', shortName: null, createdAt: 'x', n: 3 }, null)).toBe('name: A; shortName: (none); n: 3');
    expect(describeChange({ role: 'chair', createdAt: 'x' }, null, null)).toBe('removed (role: chair)');
    expect(describeChange(null, null, { reason: 'wrong password', at: { a: 1 } })).toBe('reason: wrong password; at: {"a":1}');
    expect(describeChange(null, null, null)).toBe('');
  });

  it('names a role and its partnership, and when an account was locked in UK time', () => {
    expect(roleLine({ partnershipId: 2, role: 'coordinator' }, new Map([[2, 'Safer Testshire']]))).toBe('Coordinator in Safer Testshire');
    expect(lockoutNotice(new Date('2025-12-01T02:31:00Z'))).toMatch(/^Your account was locked on 1 December at 2:31am after 10 attempts/);
    expect(lockoutNotice(new Date('2025-07-01T13:05:00Z'))).toContain('on 1 July at 2:05pm');
  });
});
