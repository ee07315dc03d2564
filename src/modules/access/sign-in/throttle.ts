import { sha256 } from '../../../lib/tokens.js';

/**
 * Sign-in throttling rules. Failures are counted in a sliding window for the account (the e-mail as
 * typed, whether or not an account has it, so the answers never reveal which accounts exist) and for the
 * client address. After `delayAfter` failures each further attempt must wait a growing delay after the
 * last one; an attempt made sooner is refused without checking the password (and counts as a failure).
 * After `lockAfter` failures in the window the account is locked for `lockMinutes`.
 */
export const signInLimits = {
  windowMinutes: 15,
  delayAfter: 5,
  lockAfter: 10,
  lockMinutes: 15,
  maxDelaySeconds: 60,
} as const;

/** The delay owed after `failures` failures in the window: none up to the threshold, then 1, 2, 4 … 60 seconds. */
export function delayAfterFailures(failures: number): number {
  if (failures < signInLimits.delayAfter) return 0;
  return Math.min(2 ** (failures - signInLimits.delayAfter), signInLimits.maxDelaySeconds);
}

/** Whole seconds still to wait before another attempt may be checked (0: it may). */
export function secondsToWait(failures: number, lastFailureAt: Date | null, now: Date): number {
  const delay = delayAfterFailures(failures);
  if (delay === 0 || !lastFailureAt) return 0;
  const remainingMs = lastFailureAt.getTime() + delay * 1000 - now.getTime();
  return remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0;
}

/** Whether this many failures in the window lock the account. */
export const locksAccount = (failures: number) => failures >= signInLimits.lockAfter;

/** Throttle keys: fingerprints, so the table holds neither e-mail addresses nor client addresses. */
export const accountKey = (email: string) => `account:${sha256(email.trim().toLowerCase())}`;
export const clientKey = (address: string) => `client:${sha256(address)}`;
