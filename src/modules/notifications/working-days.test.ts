import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bankHolidaysFile,
  englandAndWalesCalendar,
  isWorkingDay,
  nextWorkingDay,
  reminderPhase,
  workingDaysBetween,
  type WorkingCalendar,
} from './working-days.js';

const none: WorkingCalendar = { holidays: new Set() };
const ew = englandAndWalesCalendar();

describe('working days', () => {
  it('bundles the England and Wales bank holidays of 2024 to 2028, eight a year, all on weekdays', () => {
    const file = JSON.parse(fs.readFileSync(bankHolidaysFile, 'utf8')) as { events: { date: string }[] };
    for (const year of [2024, 2025, 2026, 2027, 2028])
      expect(
        file.events.filter((e) => e.date.startsWith(String(year))),
        String(year),
      ).toHaveLength(8);
    for (const e of file.events) expect([0, 6], e.date).not.toContain(new Date(`${e.date}T12:00:00Z`).getUTCDay());
    // Substitute days when Christmas, Boxing Day or New Year's Day fall at a weekend.
    for (const d of ['2026-12-28', '2027-12-27', '2027-12-28', '2028-01-03']) expect(ew.holidays.has(d), d).toBe(true);
  });

  it('counts Monday to Friday, without bank holidays', () => {
    expect(isWorkingDay('2026-12-01', ew)).toBe(true); // Tuesday
    expect(isWorkingDay('2026-12-05', ew)).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-25', ew)).toBe(false); // Christmas Day
    expect(isWorkingDay('2026-12-28', none)).toBe(true);
    expect(workingDaysBetween('2026-12-24', '2026-12-31', ew)).toBe(3);
    expect(workingDaysBetween('2026-12-24', '2026-12-31', none)).toBe(5);
    expect(workingDaysBetween('2026-12-31', '2026-12-31', ew)).toBe(0);
    expect(nextWorkingDay('2026-12-31', ew)).toBe('2027-01-04');
    expect(nextWorkingDay('2025-04-17', ew)).toBe('2025-04-22'); // over Easter
  });

  it('gives the due-soon reminder from three working days before and the overdue one from the first working day after', () => {
    expect(reminderPhase('2026-12-23', '2026-12-31', ew)).toBeNull(); // four working days before
    expect(reminderPhase('2026-12-24', '2026-12-31', ew)).toBe('due-soon');
    expect(reminderPhase('2026-12-31', '2026-12-31', ew)).toBe('due-soon'); // due today
    expect(reminderPhase('2027-01-01', '2026-12-31', ew)).toBeNull(); // a bank holiday
    expect(reminderPhase('2027-01-02', '2026-12-31', ew)).toBeNull(); // a Saturday
    expect(reminderPhase('2027-01-04', '2026-12-31', ew)).toBe('overdue');
    expect(reminderPhase('2027-01-29', '2026-12-31', ew)).toBe('overdue');
    expect(reminderPhase('2027-02-01', '2026-12-31', ew)).toBeNull(); // more than 30 days late: not dug up
    // Due on a Monday: the reminder comes the Wednesday before.
    expect(reminderPhase('2026-11-24', '2026-11-30', ew)).toBeNull();
    expect(reminderPhase('2026-11-25', '2026-11-30', ew)).toBe('due-soon');
  });
});
