import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.js';

describe('the page to return to after signing in', () => {
  it('keeps paths on this site', () => {
    for (const path of ['/', '/partnerships/3', '/plans?period=2025-26#actions', '/a%2Fb']) expect(safeReturnTo(path)).toBe(path);
  });

  it('refuses anything that a browser could take to another site', () => {
    for (const value of [
      '/\t/evil.example',
      '/\n/evil.example',
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example',
      'http:/evil.example',
      'javascript:alert(1)',
      'evil.example',
      '',
      42,
      undefined,
    ])
      expect(safeReturnTo(value), JSON.stringify(value)).toBe('/');
  });
});
