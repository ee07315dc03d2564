import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, toICalendar } from './ics.js';

describe('iCalendar', () => {
  it('escapes backslash, semicolon, comma and newlines in text', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('folds lines at 75 octets without splitting a character', () => {
    const folded = foldLine(`DESCRIPTION:${'é'.repeat(80)}`);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(`DESCRIPTION:${'é'.repeat(80)}`);
  });

  it('writes a VCALENDAR with a UTC event and CRLF line ends', () => {
    const ics = toICalendar('HCSSG', [
      {
        uid: 'meeting-1@saferhub',
        start: new Date('2021-12-20T10:00:00Z'),
        end: new Date('2021-12-20T12:00:00Z'),
        stamp: new Date('2021-12-01T09:00:00Z'),
        summary: 'Quarterly meeting, HCSSG; priorities',
        location: 'Winchester',
      },
    ]);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(ics).toContain('\r\nDTSTART:20211220T100000Z\r\nDTEND:20211220T120000Z\r\n');
    expect(ics).toContain('SUMMARY:Quarterly meeting\\, HCSSG\\; priorities');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });
});
