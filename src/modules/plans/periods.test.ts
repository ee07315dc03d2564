import { describe, expect, it } from 'vitest';
import { periodEnd, planPeriods } from './periods.js';

// Pure: no database.
describe('a plan’s reporting periods', () => {
  it('are each financial year’s four quarters, then the year', () => {
    expect(planPeriods({ firstYear: 2020, lastYear: 2021 }).map((p) => p.key)).toEqual([
      '2020/21-Q1',
      '2020/21-Q2',
      '2020/21-Q3',
      '2020/21-Q4',
      '2020/21',
      '2021/22-Q1',
      '2021/22-Q2',
      '2021/22-Q3',
      '2021/22-Q4',
      '2021/22',
    ]);
  });

  it('are ordered by their last day', () => {
    expect(periodEnd('2020/21-Q3')).toBe('2020-12-31');
    expect(periodEnd('2020/21')).toBe('2021-03-31');
    expect(['2021/22-Q1', '2020/21', '2020/21-Q3'].sort((a, b) => periodEnd(a).localeCompare(periodEnd(b)))).toEqual([
      '2020/21-Q3',
      '2020/21',
      '2021/22-Q1',
    ]);
    expect(periodEnd('not a period')).toBe('not a period');
  });
});
