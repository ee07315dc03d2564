import { describe, expect, it } from 'vitest';
import { addDays, formatClockTime, formatTimeRange, londonClockTime, londonParts, londonToday, londonToInstant } from './london-time.js';

describe('UK dates and times', () => {
  it('reads a date and clock time as UK time in winter (GMT) and summer (BST)', () => {
    expect(londonToInstant('2021-12-20', '10:00').toISOString()).toBe('2021-12-20T10:00:00.000Z');
    expect(londonToInstant('2021-07-14', '18:30').toISOString()).toBe('2021-07-14T17:30:00.000Z');
    expect(londonParts(new Date('2021-07-14T17:30:00Z'))).toEqual({ date: '2021-07-14', time: '18:30' });
  });

  it('gives the 24-hour clock time and the UK date, which can differ from the UTC date', () => {
    expect(londonParts(new Date('2021-12-20T14:05:00Z'))).toEqual({ date: '2021-12-20', time: '14:05' });
    expect(londonToday(new Date('2021-07-14T23:30:00Z'))).toBe('2021-07-15');
  });

  it('reads a time skipped when the clocks go forward as GMT', () => {
    expect(londonToInstant('2021-03-28', '01:30').toISOString()).toBe('2021-03-28T01:30:00.000Z');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2021-12-20', 90)).toBe('2022-03-20');
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
  });

  it('writes times as GOV.UK style does: 12-hour clock, midday and midnight, no ":00"', () => {
    expect(formatClockTime('12:00')).toBe('midday');
    expect(formatClockTime('00:00')).toBe('midnight');
    expect(formatClockTime('00:43')).toBe('12:43am');
    expect(formatClockTime('12:30')).toBe('12:30pm');
    expect(formatClockTime('19:00')).toBe('7pm');
    expect(formatClockTime('21:00')).toBe('9pm');
    expect(formatClockTime('09:05')).toBe('9:05am');
    expect(formatClockTime('10:00')).toBe('10am');
    expect(formatClockTime('23:59')).toBe('11:59pm');
    expect(() => formatClockTime('24:00')).toThrow(/not a 24-hour clock time/);
  });

  it('writes a range with "to", and an instant in UK time', () => {
    expect(formatTimeRange('19:00', '21:00')).toBe('7pm to 9pm');
    expect(formatTimeRange('10:00', '12:00')).toBe('10am to midday');
    expect(londonClockTime(new Date('2021-07-14T11:00:00Z'))).toBe('midday'); // 12:00 BST
    expect(londonClockTime(new Date('2021-12-20T00:43:00Z'))).toBe('12:43am'); // GMT
  });
});
