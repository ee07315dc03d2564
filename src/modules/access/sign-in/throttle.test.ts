import { describe, expect, it } from 'vitest';
import { accountKey, delayAfterFailures, locksAccount, secondsToWait } from './throttle.js';

describe('sign-in throttling rules', () => {
  it('owes no delay up to five failures, then 1, 2, 4 … seconds, never more than a minute', () => {
    expect([0, 4, 5, 6, 7, 8, 9, 20].map(delayAfterFailures)).toEqual([0, 0, 1, 2, 4, 8, 16, 60]);
  });

  it('counts the delay from the last failure', () => {
    const last = new Date('2026-01-01T10:00:00Z');
    expect(secondsToWait(7, last, new Date('2026-01-01T10:00:01.500Z'))).toBe(3);
    expect(secondsToWait(7, last, new Date('2026-01-01T10:00:04Z'))).toBe(0);
    expect(secondsToWait(3, last, last)).toBe(0);
  });

  it('locks at ten failures, and keys accounts by the e-mail however it is typed', () => {
    expect(locksAccount(9)).toBe(false);
    expect(locksAccount(10)).toBe(true);
    expect(accountKey(' Sam@Council.Example ')).toBe(accountKey('sam@council.example'));
    expect(accountKey('sam@council.example')).not.toContain('sam');
  });
});
