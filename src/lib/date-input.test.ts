import { describe, expect, it } from 'vitest';
import { dateFromParts, foldDateInput } from './date-input.js';

describe('GOV.UK date inputs', () => {
  it('reads the three fields as one ISO date, and refuses dates that do not exist', () => {
    expect(dateFromParts({ 'due-day': '5', 'due-month': '4', 'due-year': '2021' }, 'due')).toBe('2021-04-05');
    expect(dateFromParts({ 'due-day': '31', 'due-month': '2', 'due-year': '2021' }, 'due')).toBe('invalid');
    expect(dateFromParts({ 'due-day': '1', 'due-month': '1', 'due-year': '1989' }, 'due')).toBe('invalid');
    expect(dateFromParts({ 'due-day': 'x', 'due-month': '1', 'due-year': '2021' }, 'due')).toBe('invalid');
    expect(dateFromParts({ 'due-day': ['1', '2'], 'due-month': '1', 'due-year': '2021' }, 'due')).toBe('invalid');
  });

  it('falls back to a whole date field when the three are blank, and to nothing', () => {
    expect(dateFromParts({ due: '2021-04-05', 'due-day': ' ' }, 'due')).toBe('2021-04-05');
    expect(dateFromParts({}, 'due')).toBeUndefined();
  });

  it('folds the fields into one for a schema', () => {
    expect(foldDateInput('due')({ a: 1, 'due-day': '5', 'due-month': '4', 'due-year': '2021' })).toMatchObject({ a: 1, due: '2021-04-05' });
    expect(foldDateInput('due')('not a form')).toBe('not a form');
  });
});
