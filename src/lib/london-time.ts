/**
 * UK dates and clock times (Europe/London, GMT or BST as it falls), and day arithmetic on YYYY-MM-DD dates.
 * Times are kept on the 24-hour clock ("10:00", as forms take them), dates as YYYY-MM-DD. Times are shown to
 * people in GOV.UK style, on the 12-hour clock (`formatClockTime`): 10am, 5:30pm, midday, midnight, and
 * ranges as "7pm to 9pm".
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

/**
 * A 24-hour clock time ("19:00", "00:43") as GOV.UK style writes it: "7pm", "12:43am", "5:30pm", with
 * "midday" for 12:00 and "midnight" for 00:00 (the GOV.UK style guide's "Times").
 */
export function formatClockTime(time: string): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`"${time}" is not a 24-hour clock time`);
  const hours = Number(match[1]);
  const minutes = match[2]!;
  if (hours > 23 || Number(minutes) > 59) throw new Error(`"${time}" is not a 24-hour clock time`);
  if (minutes === '00' && hours === 0) return 'midnight';
  if (minutes === '00' && hours === 12) return 'midday';
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${hour12}${minutes === '00' ? '' : `:${minutes}`}${hours < 12 ? 'am' : 'pm'}`;
}

/** Two 24-hour clock times as a range, GOV.UK style: "7pm to 9pm", "10am to midday". */
export const formatTimeRange = (start: string, end: string) => `${formatClockTime(start)} to ${formatClockTime(end)}`;

/** The UK clock time of an instant, GOV.UK style ("7pm", "12:43am", "midday"). */
export const londonClockTime = (instant: Date) => formatClockTime(londonParts(instant).time);
