/**
 * Small-number suppression for anything published. Primary: a count from 1 to the threshold is hidden
 * (0 is shown: there is nothing to disclose). Secondary: within a group whose total is shown, a single
 * hidden cell could be worked out by subtraction, so the next smallest non-zero shown cell is hidden as
 * well (if there is none, the total is hidden instead). A total that is itself small is hidden.
 */
export const DEFAULT_THRESHOLD = 5;

export type SuppressionReason = 'small-number' | 'secondary';

export interface Cell<K> {
  key: K;
  count: number;
}

export interface SuppressedCell<K> extends Cell<K> {
  suppressed: SuppressionReason | null;
}

export const isSmall = (count: number, threshold: number) => count >= 1 && count <= threshold;

/**
 * Suppresses the cells of one group whose total is published. Returns the cells in the given order with
 * a reason for each hidden one, and whether the total itself must be hidden.
 */
export function suppressGroup<K>(cells: Cell<K>[], threshold: number): { cells: SuppressedCell<K>[]; totalSuppressed: boolean } {
  const out: SuppressedCell<K>[] = cells.map((c) => ({ ...c, suppressed: isSmall(c.count, threshold) ? 'small-number' : null }));
  const total = cells.reduce((s, c) => s + c.count, 0);
  const hidden = () => out.filter((c) => c.suppressed !== null).length;
  // One hidden cell beside a published total can be recovered by subtraction: hide the next smallest
  // non-zero shown cell (hiding a zero would protect nothing).
  if (hidden() === 1) {
    const candidates = out.filter((c) => c.suppressed === null && c.count > 0).sort((a, b) => a.count - b.count);
    if (candidates[0]) candidates[0].suppressed = 'secondary';
    else return { cells: out, totalSuppressed: true };
  }
  return { cells: out, totalSuppressed: isSmall(total, threshold) };
}

/** A shown figure or the marker published tables use for a hidden one. */
export function publishedCount(count: number, threshold: number): number | null {
  return isSmall(count, threshold) ? null : count;
}
