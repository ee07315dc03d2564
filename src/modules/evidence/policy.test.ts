/** The evidence rules, as pure functions: no database. */
import { describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../access/index.js';
import { canChooseAnalystView, canImport, canSeeImportHistory, downloadViewFor, isAnalyst, pageViewFor, type HeldRole } from './policy.js';

const person: Actor = { userId: 7, agencyId: 3, isAdmin: false };
const admin: Actor = { userId: 1, agencyId: 3, isAdmin: true };

/** Who, the roles they hold in any partnership, whether they are an analyst, whether they may import. */
const cases: [string, Actor, HeldRole[], boolean, boolean][] = [
  ['someone with no role (a seat only)', person, [], false, false],
  ['a viewer', person, ['viewer'], false, false],
  ['a contributor', person, ['contributor'], true, false],
  ['a coordinator', person, ['coordinator'], true, true],
  ['a viewer in one partnership and a contributor in another', person, ['viewer', 'contributor'], true, false],
  ['an administrator', admin, [], true, true],
  ['the command line (the system)', systemActor, [], true, true],
];

describe('analysts: every figure on pages (on request) and in downloads', () => {
  it.each(cases)('%s', (_who, actor, roles, analyst) => {
    expect(isAnalyst(actor, roles)).toBe(analyst);
    expect(canChooseAnalystView(actor, roles)).toBe(analyst);
    expect(downloadViewFor(actor, roles)).toBe(analyst ? 'analyst' : 'published');
  });
});

describe('the view a page shows', () => {
  it('is the published view unless an analyst asks for the analyst view', () => {
    expect(pageViewFor(person, ['contributor'], 'analyst')).toEqual({ view: 'analyst', canChooseView: true });
    expect(pageViewFor(person, ['contributor'], undefined)).toEqual({ view: 'published', canChooseView: true });
    expect(pageViewFor(person, ['contributor'], 'published')).toEqual({ view: 'published', canChooseView: true });
    expect(pageViewFor(admin, [], 'analyst')).toEqual({ view: 'analyst', canChooseView: true });
  });

  it('is always the published view for a viewer, whatever the address says', () => {
    expect(pageViewFor(person, ['viewer'], 'analyst')).toEqual({ view: 'published', canChooseView: false });
    expect(pageViewFor(person, [], 'analyst')).toEqual({ view: 'published', canChooseView: false });
  });
});

describe('imports and the import history', () => {
  it.each(cases)('%s', (_who, actor, roles, _analyst, importer) => {
    expect(canImport(actor, roles)).toBe(importer);
    expect(canSeeImportHistory(actor, roles)).toBe(importer);
  });
});
