import { describe, expect, it } from 'vitest';
import { ancestorsOf, parentProblem, subGroupsOf, type Branch } from './structure.js';

// county > csp > (youth board > youth panel), and a separate other csp.
const all: Branch[] = [
  { id: 1, name: 'County Strategy Group', kind: 'strategy-group', parentId: null },
  { id: 2, name: 'Safer Testshire', kind: 'community-safety-partnership', parentId: 1 },
  { id: 3, name: 'Youth Board', kind: 'thematic-board', parentId: 2 },
  { id: 4, name: 'Youth Panel', kind: 'operational-group', parentId: 3 },
  { id: 5, name: 'Other Partnership', kind: 'community-safety-partnership', parentId: null },
];
const sees = (id: number) => id !== 1;

describe('the governance structure', () => {
  it('lists the partnerships above one, the top first, marking those the actor may open', () => {
    expect(ancestorsOf(2, all, sees)).toEqual([
      { id: 1, name: 'County Strategy Group', visible: false },
      { id: 2, name: 'Safer Testshire', visible: true },
    ]);
    expect(ancestorsOf(null, all, sees)).toEqual([]);
  });

  it('draws the sub-groups below one as a tree', () => {
    expect(subGroupsOf(2, all, sees)).toEqual([
      {
        id: 3,
        name: 'Youth Board',
        kind: 'thematic-board',
        visible: true,
        children: [{ id: 4, name: 'Youth Panel', kind: 'operational-group', visible: true, children: [] }],
      },
    ]);
    expect(subGroupsOf(5, all, sees)).toEqual([]);
  });

  it('refuses a parent that is not a partnership, or that would put a partnership under itself or its sub-groups', () => {
    expect(parentProblem(null, 2, all)).toBeNull();
    expect(parentProblem(3, 5, all)).toBeNull();
    expect(parentProblem(null, 99, all)).toBe('Select a parent partnership from the list');
    expect(parentProblem(2, 2, all)).toBe('A partnership cannot sit under itself or one of its sub-groups');
    expect(parentProblem(2, 4, all)).toBe('A partnership cannot sit under itself or one of its sub-groups');
  });
});
