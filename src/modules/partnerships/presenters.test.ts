import { describe, expect, it } from 'vitest';
import { groupMembers } from './presenters.js';

describe('what the partnership pages show', () => {
  it('groups the members by agency kind, in the order the partnership documents use', () => {
    const members = [
      { name: 'Council', agencyKind: 'local-authority' },
      { name: 'Charity', agencyKind: 'voluntary' },
      { name: 'Police', agencyKind: 'police' },
      { name: 'Second council', agencyKind: 'local-authority' },
    ];
    expect(groupMembers(members).map((g) => [g.kind, g.members.map((m) => m.name)])).toEqual([
      ['police', ['Police']],
      ['local-authority', ['Council', 'Second council']],
      ['voluntary', ['Charity']],
    ]);
  });
});
