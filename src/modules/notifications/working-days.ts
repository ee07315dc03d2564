import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDays } from '../../lib/london-time.js';

/**
 * Working days: Monday to Friday, except the bank holidays of England and Wales (bundled for 2024 to 2028 in
 * data/calendar/england-and-wales-bank-holidays.json, from GOV.UK). Every partnership uses this calendar:
 * Community Safety Partnerships are English and Welsh statutory bodies whose partner agencies keep these
 * days, so a per-partnership setting would only let reminders fall on days nobody is at work.
 * Pure functions on YYYY-MM-DD dates; the holidays are passed in, so tests give their own.
 */
export interface WorkingCalendar {
  holidays: ReadonlySet<string>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const bankHolidaysFile = path.resolve(here, '..', '..', '..', 'data', 'calendar', 'england-and-wales-bank-holidays.json');

let englandAndWales: WorkingCalendar | undefined;

/** England and Wales: Monday to Friday without bank holidays. Read once from the bundled file. */
export function englandAndWalesCalendar(): WorkingCalendar {
  if (!englandAndWales) {
    const file = JSON.parse(fs.readFileSync(bankHolidaysFile, 'utf8')) as { events: { date: string }[] };
    englandAndWales = { holidays: new Set(file.events.map((e) => e.date)) };
  }
  return englandAndWales;
}

/** The calendar a partnership's reminders follow (the same for every partnership: see above). */
export const calendarFor = (_partnershipId: number): WorkingCalendar => englandAndWalesCalendar();

const weekday = (isoDate: string) => new Date(`${isoDate}T12:00:00Z`).getUTCDay();

export function isWorkingDay(isoDate: string, calendar: WorkingCalendar): boolean {
  const day = weekday(isoDate);
  return day !== 0 && day !== 6 && !calendar.holidays.has(isoDate);
}

/** Working days after `from` up to and including `to` (0 when `to` is `from` or earlier). */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, calendar)) count++;
  return count;
}

/** The first working day after `isoDate`. */
export function nextWorkingDay(isoDate: string, calendar: WorkingCalendar): string {
  let d = addDays(isoDate, 1);
  while (!isWorkingDay(d, calendar)) d = addDays(d, 1);
  return d;
}

/** How many working days before its due date something counts as due soon. */
export const DUE_SOON_WORKING_DAYS = 3;
/** An overdue reminder is still sent this many days after the due date if SaferHub was not running on the day. */
export const OVERDUE_WINDOW_DAYS = 30;

/**
 * Which reminder, if any, something due on `dueDate` earns today. Reminders go out on working days only:
 * "due-soon" from three working days before the due date up to the due date itself; "overdue" from the first
 * working day after the due date (for 30 days, so long-past records are not dug up). The caller gives each
 * reminder once per person (a dedupe key), so a reminder of each phase is given once.
 */
export function reminderPhase(today: string, dueDate: string, calendar: WorkingCalendar): 'due-soon' | 'overdue' | null {
  if (!isWorkingDay(today, calendar)) return null;
  if (today > dueDate) {
    if (today < nextWorkingDay(dueDate, calendar)) return null;
    return today <= addDays(dueDate, OVERDUE_WINDOW_DAYS) ? 'overdue' : null;
  }
  return workingDaysBetween(today, dueDate, calendar) <= DUE_SOON_WORKING_DAYS ? 'due-soon' : null;
}
