import { describe, expect, it } from 'vitest';
import { latestRun, missingMonths, monthsBetween, offeredRanges } from './ranges.js';

describe('hotspot map ranges', () => {
  const held = ['2016-01', '2016-12', '2017-01', '2017-02', '2017-03', '2017-04', '2017-05', '2017-06', '2017-07', '2017-08'];

  it('defaults to the latest consecutive months held, never across a gap', () => {
    expect(latestRun(held)).toEqual(monthsBetween('2016-12', '2017-08'));
    expect(latestRun(['2017-09', '2017-07'])).toEqual(['2017-09']);
    expect(latestRun([])).toEqual([]);
  });

  it('offers the latest 1, 3, 6 and 12 months and the whole run, each consecutive', () => {
    expect(offeredRanges(held)).toEqual([
      { months: 1, from: '2017-08', to: '2017-08' },
      { months: 3, from: '2017-06', to: '2017-08' },
      { months: 6, from: '2017-03', to: '2017-08' },
      { months: 9, from: '2016-12', to: '2017-08' },
    ]);
  });

  it('names the months missing from a range', () => {
    expect(missingMonths(held, '2016-01', '2016-12')).toEqual(monthsBetween('2016-02', '2016-11'));
    expect(missingMonths(held, '2017-01', '2017-08')).toEqual([]);
    expect(monthsBetween('2016-11', '2017-02')).toEqual(['2016-11', '2016-12', '2017-01', '2017-02']);
  });
});
