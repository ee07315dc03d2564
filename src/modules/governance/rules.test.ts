import { describe, expect, it } from 'vitest';
import { bandOf, nextReviewDate, parsePapers, riskScore } from './rules.js';
import { escapeText, foldLine, toICalendar } from './ics.js';

describe('risk bands and review dates', () => {
  it('scores likelihood × impact and bands low 1–6, medium 8–12, high 15–25', () => {
    expect(riskScore(4, 5)).toBe(20);
    const scores = new Set<number>();
    for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) scores.add(riskScore(l, i));
    for (const s of scores) expect(bandOf(s)).toBe(s <= 6 ? 'low' : s <= 12 ? 'medium' : 'high');
    expect([bandOf(6), bandOf(8), bandOf(12), bandOf(15)]).toEqual(['low', 'medium', 'medium', 'high']);
  });

  it('sets the next review 90 days on for a high risk, 180 for medium and 360 for low', () => {
    expect(nextReviewDate('2021-12-20', 4, 4)).toBe('2022-03-20');
    expect(nextReviewDate('2021-12-20', 3, 3)).toBe('2022-06-18');
    expect(nextReviewDate('2021-12-20', 2, 3)).toBe('2022-12-15');
  });
});

describe('papers', () => {
  it('accepts papers only as web links', () => {
    expect(parsePapers('Report | https://example.org/a.pdf\n\nhttps://example.org/b')).toEqual({
      papers: [
        { title: 'Report', url: 'https://example.org/a.pdf' },
        { title: 'https://example.org/b', url: 'https://example.org/b' },
      ],
    });
    expect(parsePapers('ok | https://example.org\nbad | javascript:alert(1)')).toEqual({ badLine: 2 });
  });
});

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
