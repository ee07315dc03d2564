import { describe, expect, it } from 'vitest';
import { financialYearOf, parsePeriod, previousPeriod, quarterOf } from './periods.js';

describe('reporting periods', () => {
  it('reads 2020/21-Q3 as October to December 2020', () => {
    const p = parsePeriod('2020/21-Q3');
    expect(p).toMatchObject({ type: 'quarter', start: '2020-10-01', end: '2020-12-31', populationYear: 2020 });
    expect(p.label).toBe('2020/21 Q3 (October to December 2020)');
  });

  it('puts Q4 in the next calendar year', () => {
    expect(parsePeriod('2020/21-Q4')).toMatchObject({ start: '2021-01-01', end: '2021-03-31' });
  });

  it('reads months, financial years and calendar years', () => {
    expect(parsePeriod('2017-02')).toMatchObject({ type: 'month', end: '2017-02-28', label: 'February 2017' });
    expect(parsePeriod('2016/17')).toMatchObject({ type: 'financial-year', start: '2016-04-01', end: '2017-03-31' });
    expect(parsePeriod('2017')).toMatchObject({ type: 'calendar-year', start: '2017-01-01' });
  });

  it('refuses malformed periods with a sentence that says how to write one', () => {
    expect(() => parsePeriod('2016/18')).toThrow(/not a financial year/);
    expect(() => parsePeriod('2017-13')).toThrow(/no month 13/);
    expect(() => parsePeriod('Q3 2020')).toThrow(/write a month as 2017-05/);
  });

  it('derives the financial year and quarter of a date, and the previous period', () => {
    expect(financialYearOf('2017-03-31')).toBe('2016/17');
    expect(financialYearOf('2017-04-01')).toBe('2017/18');
    expect(quarterOf('2020-11-05')).toBe('2020/21-Q3');
    expect(quarterOf('2021-02-01')).toBe('2020/21-Q4');
    expect(previousPeriod('2016/17')).toBe('2015/16');
    expect(previousPeriod('2020/21-Q1')).toBe('2019/20-Q4');
    expect(previousPeriod('2017-01')).toBe('2016-12');
  });
});
