/**
 * Reporting periods. UK financial years run 1 April to 31 March and are written 2016/17; their quarters
 * run Q1 = April–June, so 2020/21 Q3 is October–December 2020. Periods are always derived from these
 * keys, never typed as free text:
 *   month           2017-05
 *   quarter         2020/21-Q3
 *   financial year  2016/17
 *   calendar year   2017
 */
export type PeriodType = 'month' | 'quarter' | 'financial-year' | 'calendar-year';

export interface Period {
  key: string;
  type: PeriodType;
  /** First day, as YYYY-MM-DD. */
  start: string;
  /** Last day, as YYYY-MM-DD. */
  end: string;
  /** How people write it: "May 2017", "2020/21 Q3 (October to December 2020)", "2016/17", "2017". */
  label: string;
  /** The calendar year whose mid-year population applies (the year the period starts in). */
  populationYear: number;
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export const financialYearKey = (startYear: number) => `${startYear}/${pad((startYear + 1) % 100)}`;

export class PeriodError extends Error {}

/** Parses a period key; throws PeriodError with a sentence saying what is wrong. */
export function parsePeriod(key: string): Period {
  const text = key.trim();
  let m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) throw new PeriodError(`"${key}" has no month ${m[2]}`);
    return {
      key: text,
      type: 'month',
      start: iso(y, mo, 1),
      end: iso(y, mo, lastDay(y, mo)),
      label: `${monthNames[mo - 1]} ${y}`,
      populationYear: y,
    };
  }
  m = /^(\d{4})\/(\d{2})(?:-Q([1-4]))?$/.exec(text);
  if (m) {
    const y = Number(m[1]);
    if (Number(m[2]) !== (y + 1) % 100) throw new PeriodError(`"${key}" is not a financial year: after ${y} comes ${pad((y + 1) % 100)}`);
    const fy = financialYearKey(y);
    if (!m[3]) return { key: fy, type: 'financial-year', start: iso(y, 4, 1), end: iso(y + 1, 3, 31), label: fy, populationYear: y };
    const q = Number(m[3]);
    const startMonth = ((3 + (q - 1) * 3) % 12) + 1; // Q1 April, Q2 July, Q3 October, Q4 January
    const startYear = q === 4 ? y + 1 : y;
    const endMonth = startMonth + 2;
    return {
      key: `${fy}-Q${q}`,
      type: 'quarter',
      start: iso(startYear, startMonth, 1),
      end: iso(startYear, endMonth, lastDay(startYear, endMonth)),
      label: `${fy} Q${q} (${monthNames[startMonth - 1]} to ${monthNames[endMonth - 1]} ${startYear})`,
      populationYear: y,
    };
  }
  m = /^(\d{4})$/.exec(text);
  if (m) {
    const y = Number(m[1]);
    return { key: text, type: 'calendar-year', start: iso(y, 1, 1), end: iso(y, 12, 31), label: text, populationYear: y };
  }
  throw new PeriodError(
    `"${key}" is not a period: write a month as 2017-05, a quarter as 2020/21-Q3, a financial year as 2016/17 or a year as 2017`,
  );
}

export function isPeriodKey(key: string): boolean {
  try {
    parsePeriod(key);
    return true;
  } catch {
    return false;
  }
}

/** The financial year a date (YYYY-MM-DD or Date) falls in, as its key. */
export function financialYearOf(date: string | Date): string {
  const d = typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date;
  const y = d.getUTCFullYear();
  return financialYearKey(d.getUTCMonth() >= 3 ? y : y - 1);
}

/** The financial quarter a date falls in, as its key (2020-11-05 -> 2020/21-Q3). */
export function quarterOf(date: string | Date): string {
  const d = typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date;
  const month = d.getUTCMonth(); // 0 = January
  const q = month >= 3 ? Math.floor((month - 3) / 3) + 1 : 4;
  return `${financialYearOf(d)}-Q${q}`;
}

/** The four quarters of a financial year, then the year itself: what a plan reports against. */
export function periodsOfFinancialYear(startYear: number): Period[] {
  const fy = financialYearKey(startYear);
  return [1, 2, 3, 4].map((q) => parsePeriod(`${fy}-Q${q}`)).concat(parsePeriod(fy));
}

/** The period immediately before (same type): 2016/17 -> 2015/16, 2020/21-Q1 -> 2019/20-Q4, 2017-01 -> 2016-12. */
export function previousPeriod(key: string): string {
  const p = parsePeriod(key);
  const y = Number(p.key.slice(0, 4));
  switch (p.type) {
    case 'month': {
      const mo = Number(p.key.slice(5, 7));
      return mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`;
    }
    case 'quarter': {
      const q = Number(p.key.slice(-1));
      return q === 1 ? `${financialYearKey(y - 1)}-Q4` : `${financialYearKey(y)}-Q${q - 1}`;
    }
    case 'financial-year':
      return financialYearKey(y - 1);
    case 'calendar-year':
      return String(y - 1);
  }
}

/** Financial years from the first to the last, inclusive: (2017, 2019) -> 2017/18, 2018/19, 2019/20. */
export const financialYearsBetween = (first: number, last: number) =>
  Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => financialYearKey(first + i));
