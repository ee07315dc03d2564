import { describe, expect, it } from 'vitest';
import { defaultProfilePeriod } from './figures.js';

describe('the period an area profile opens on', () => {
  it('is the period with the most indicators', () => {
    const periods = [
      { period: '2017', indicators: 2 },
      { period: '2016/17', indicators: 25 },
      { period: '2015/16', indicators: 24 },
      { period: '2014/15', indicators: 1 },
    ];
    expect(defaultProfilePeriod(periods)?.period).toBe('2016/17');
  });

  it('is, of periods with as many, the one that ends latest, then the one that starts latest', () => {
    expect(
      defaultProfilePeriod([
        { period: '2017-02', indicators: 15 },
        { period: '2017-09', indicators: 15 },
        { period: '2017-05', indicators: 15 },
      ])?.period,
    ).toBe('2017-09');
    // 2016/17 ends on 31 March 2017, after April 2016 (which starts with it) and with March 2017.
    expect(
      defaultProfilePeriod([
        { period: '2016-04', indicators: 3 },
        { period: '2016/17', indicators: 3 },
      ])?.period,
    ).toBe('2016/17');
    expect(
      defaultProfilePeriod([
        { period: '2016/17', indicators: 3 },
        { period: '2017-03', indicators: 3 },
      ])?.period,
    ).toBe('2017-03');
  });

  it('is none when there are no periods', () => {
    expect(defaultProfilePeriod([])).toBeNull();
  });
});
