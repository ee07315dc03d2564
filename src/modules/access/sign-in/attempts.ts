/**
 * The sign-in throttle as the services apply it (its rules are in throttle.ts): signing in and changing
 * your own password both check a password only when the throttle allows, and count the attempt first.
 */
import type { Db, DbOrTx } from '../../../db/database.js';
import * as repo from './repository.js';
import { secondsToWait, signInLimits } from './throttle.js';

const lockLimits = {
  threshold: signInLimits.lockAfter,
  windowMinutes: signInLimits.windowMinutes,
  lockMinutes: signInLimits.lockMinutes,
};

/** Whether a password may be checked now: 'check' (its failures, `pending`, are taken back if it is right). */
export type AttemptDecision =
  | { kind: 'locked'; lockedUntil: Date }
  | { kind: 'locked-now'; lockedUntil: Date }
  | { kind: 'throttled'; wait: number }
  | { kind: 'check'; pending: number[] };

export function createSignInAttempts(db: Db) {
  return {
    /**
     * Decides, under a lock on both keys (shared by every process), whether a password may be checked now,
     * counting the attempt as a failure until the password proves right, so that attempts made at once
     * cannot all be checked.
     */
    async reserveAttempt(account: string, client: string): Promise<AttemptDecision> {
      return db.transaction(async (tx) => {
        await repo.lockSignInKeys(tx, [account, client]);
        const lockedUntil = await repo.findSignInLock(tx, account);
        if (lockedUntil) return { kind: 'locked' as const, lockedUntil };
        const { now, byKey } = await repo.recentSignInFailures(tx, [account, client], signInLimits.windowMinutes);
        const wait = Math.max(...[account, client].map((k) => secondsToWait(byKey.get(k)!.failures, byKey.get(k)!.last, now)));
        const pending = await repo.insertSignInFailures(tx, [account, client]);
        if (wait > 0) {
          const lockedNow = await repo.lockIfTooManyFailures(tx, account, lockLimits);
          return lockedNow ? { kind: 'locked-now' as const, lockedUntil: lockedNow } : { kind: 'throttled' as const, wait };
        }
        return { kind: 'check' as const, pending };
      });
    },

    /** The password was right: the failures counted for this attempt are taken back. */
    release: (pending: number[]) => repo.deleteSignInFailures(db, pending),

    /** Locks the account key when it has had too many failures in the window: the lock's end, or null. */
    lockIfTooMany: (account: string, tx: DbOrTx = db) => repo.lockIfTooManyFailures(tx, account, lockLimits),

    /** Forgets the account key's failures and lock (after a successful sign-in or a new password). */
    forget: (account: string, tx: DbOrTx = db) => repo.clearSignInKey(tx, account),
  };
}

export type SignInAttempts = ReturnType<typeof createSignInAttempts>;
