import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { registerFilters } from './filters.js';

const env = new nunjucks.Environment(null, { autoescape: true });
registerFilters(env);
const render = (template: string, context: object) => env.renderString(template, context);

describe('template filters', () => {
  it('show times on the 12-hour clock, GOV.UK style, in UK time', () => {
    // 12:00 BST, 00:43 GMT, 19:00 BST.
    expect(render('{{ t | govukDateTime }}', { t: new Date('2021-07-14T11:00:00Z') })).toBe('14 July 2021 at midday');
    expect(render('{{ t | govukDateTime }}', { t: new Date('2021-12-20T00:43:00Z') })).toBe('20 December 2021 at 12:43am');
    expect(render('{{ t | govukDateTime }}', { t: new Date('2021-12-20T00:00:00Z') })).toBe('20 December 2021 at midnight');
    expect(render('{{ t | govukDateTime }}', { t: '2021-07-14T18:00:00Z' })).toBe('14 July 2021 at 7pm');
    expect(render('{{ t | govukTime }}', { t: new Date('2021-07-14T12:30:00Z') })).toBe('1:30pm');
  });

  it('write a meeting from 7pm to 9pm without a 24-hour end', () => {
    const meeting = { startsAt: new Date('2021-07-14T18:00:00Z'), endsAt: new Date('2021-07-14T20:00:00Z') };
    expect(render('{{ m.startsAt | govukDateTime }} to {{ m.endsAt | govukTime }}', { m: meeting })).toBe('14 July 2021 at 7pm to 9pm');
  });

  it('leave a missing or broken date blank', () => {
    for (const t of [null, undefined, 'not a date'])
      expect(render('[{{ t | govukDateTime }}][{{ t | govukTime }}][{{ t | govukDate }}]', { t })).toBe('[][][]');
  });

  it('give a count its noun in the singular or plural', () => {
    expect(render('{{ 1 | plural("indicator") }}; {{ 2 | plural("indicator") }}; {{ 0 | plural("ward") }}', {})).toBe(
      '1 indicator; 2 indicators; 0 wards',
    );
    expect(render('{{ 1204 | plural("authority", "authorities") }}', {})).toBe('1,204 authorities');
  });
});
