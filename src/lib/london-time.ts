/**
 * UK dates and clock times (Europe/London, GMT or BST as it falls), and day arithmetic on YYYY-MM-DD dates.
 * Times are written on the 24-hour clock ("10:00"), dates as YYYY-MM-DD.
 */

const london = 'Europe/London';
const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: london,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The UK calendar date and clock time of an instant: { date: '2021-12-20', time: '10:00' }. */
export function londonParts(instant: Date): { date: string; time: string } {
  const p = Object.fromEntries(partsFormat.formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Today's date in the UK. */
export const londonToday = (now = new Date()) => londonParts(now).date;

/** The instant at which UK clocks show the given date and time (GMT or BST as it falls). */
export function londonToInstant(isoDate: string, time: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Try the offsets the UK uses (GMT, then BST) and keep the one whose UK clock reading matches.
  for (const offsetHours of [0, 1]) {
    const guess = new Date(wall - offsetHours * 3_600_000);
    const seen = londonParts(guess);
    if (seen.date === isoDate && seen.time === time) return guess;
  }
  return new Date(wall); // a time skipped when clocks go forward: read it as GMT
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
