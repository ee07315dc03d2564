/**
 * The months a hotspot map may add up: only consecutive months that are all held. Pure (no database):
 * months are police.uk's "YYYY-MM" keys.
 */

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthKey = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthKey(i));
  return out;
}

/** The latest run of consecutive months held (newest last), or [] when none are held. */
export function latestRun(held: readonly string[]): string[] {
  const sorted = [...new Set(held)].sort();
  const run: string[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const m = sorted[i]!;
    if (run.length && monthIndex(run[0]!) - monthIndex(m) !== 1) break;
    run.unshift(m);
  }
  return run;
}

/** The months of `from`..`to` that are not held: a map over them would add up months that are not consecutive. */
export const missingMonths = (held: readonly string[], from: string, to: string) =>
  monthsBetween(from, to).filter((m) => !held.includes(m));

/** Ranges worth offering: the latest 1, 3, 6 and 12 consecutive months held, and the whole latest run. */
export function offeredRanges(held: readonly string[]): { months: number; from: string; to: string }[] {
  const run = latestRun(held);
  const lengths = [...new Set([1, 3, 6, 12, run.length])].filter((n) => n > 0 && n <= run.length).sort((a, b) => a - b);
  return lengths.map((n) => ({ months: n, from: run[run.length - n]!, to: run[run.length - 1]! }));
}
