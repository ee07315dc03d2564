/** Problems found in an import file: the first 50 kept as sentences, all of them counted. */
export const MAX_LISTED_PROBLEMS = 50;

export class Problems {
  readonly listed: string[] = [];
  count = 0;
  constructor(readonly fileName: string) {}

  /** A problem in one field of one line ("file.csv, line 12, population: must be a whole number, not "x""). */
  add(line: number | null, field: string | null, message: string) {
    this.count++;
    if (this.listed.length >= MAX_LISTED_PROBLEMS) return;
    const where = [this.fileName, line === null ? null : `line ${line}`, field].filter(Boolean).join(', ');
    this.listed.push(`${where}: ${message}`);
  }

  /** The header is not the one expected. */
  header(expected: string[], found: string[]) {
    this.add(1, 'header', `expected the columns ${expected.join(',')} but found ${found.join(',') || 'nothing'}`);
  }

  get any() {
    return this.count > 0;
  }
}

/** Thrown inside the import transaction so that it rolls back; carries the problems. */
export class ImportRefusedError extends Error {
  constructor(readonly problems: Problems) {
    super(`${problems.fileName} was not imported: ${problems.count} problem${problems.count === 1 ? '' : 's'} found`);
  }
}

/** A whole non-negative number, allowing thousands separators ("1,234"). */
export function parseCount(text: string): number | null {
  const t = text.trim().replace(/,/g, '');
  if (!/^\d+(\.0+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

/** A finite number, allowing thousands separators; null when not a number. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/,/g, '');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export const quote = (value: string) => `"${value.length > 60 ? value.slice(0, 57) + '…' : value}"`;

export const sameHeader = (found: string[], expected: readonly string[]) =>
  found.length === expected.length && expected.every((name, i) => found[i]!.toLowerCase() === name.toLowerCase());
