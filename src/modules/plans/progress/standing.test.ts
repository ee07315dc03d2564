import { describe, expect, it, vi } from 'vitest';
import type { Update } from '../schema.js';
import { countByStatus, isOverdue, latestByAction, latestInRound, ragCounts, standingIn, statusOf } from './standing.js';

// Pure functions over records: no database.
let nextId = 1;
const update = (actionId: number, version: number, state: Update['state'], roundId = 1, rag: Update['rag'] = 'green'): Update => ({
  id: nextId++,
  roundId,
  actionId,
  version,
  rag,
  narrative: `v${version}`,
  evidenceUrl: null,
  state,
  authorId: null,
  authorName: 'Test',
  authorAgencyId: null,
  submittedAt: new Date('2021-01-10T12:00:00Z'),
  reviewedBy: null,
  reviewerName: null,
  reviewedAt: null,
  reviewComment: null,
});

describe('where an update stands', () => {
  it('is due until something is submitted, then takes the latest version’s state', () => {
    expect(statusOf(null)).toBe('due');
    expect(statusOf(update(1, 2, 'returned'))).toBe('returned');
  });

  it('is overdue when still due or returned after the due date', () => {
    const round = { dueDate: '2021-01-15' };
    expect(isOverdue(round, 'due', '2021-01-16')).toBe(true);
    expect(isOverdue(round, 'returned', '2021-01-16')).toBe(true);
    expect(isOverdue(round, 'submitted', '2021-01-16')).toBe(false);
    expect(isOverdue(round, 'due', '2021-01-15')).toBe(false);
  });

  it('counts the day as it falls in the UK: at 11:30pm UTC on a summer due date it is already the next day in London', () => {
    vi.useFakeTimers({ now: new Date('2021-06-15T23:30:00Z'), toFake: ['Date'] });
    try {
      expect(isOverdue({ dueDate: '2021-06-15' }, 'due')).toBe(true);
      expect(isOverdue({ dueDate: '2021-06-16' }, 'due')).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes the latest version in a round whatever its state, and the highest version not returned as standing', () => {
    const updates = [update(1, 1, 'accepted'), update(1, 2, 'returned'), update(2, 1, 'submitted')];
    expect(latestInRound(updates).get(1)?.version).toBe(2);
    expect(standingIn(updates, 1)?.version).toBe(1);
    expect(standingIn(updates, 3)).toBeNull();
  });

  it('takes each action’s standing update from the newest period, a year after its last quarter', () => {
    const rounds = [
      { id: 1, periodKey: '2020/21-Q3' },
      { id: 2, periodKey: '2020/21-Q4' },
      { id: 3, periodKey: '2020/21' },
    ];
    const latest = latestByAction(rounds, [update(1, 1, 'accepted', 1), update(1, 1, 'accepted', 3), update(1, 1, 'returned', 2)]);
    expect(latest.get(1)?.periodKey).toBe('2020/21');
  });
});

describe('counts', () => {
  it('counts rows per group and in total, with the overdue ones', () => {
    const rows = [
      { status: 'due' as const, overdue: true, leads: ['a', 'b'] },
      { status: 'accepted' as const, overdue: false, leads: ['a'] },
    ];
    const { groups, total } = countByStatus(rows, (r) => r.leads.map((l) => ({ key: l, label: l.toUpperCase() })));
    expect(total).toEqual({ total: 2, due: 1, submitted: 0, returned: 0, accepted: 1, overdue: 1 });
    expect(groups.map((g) => [g.label, g.counts.total])).toEqual([
      ['A', 2],
      ['B', 1],
    ]);
  });

  it('counts each priority’s actions by the RAG status of their standing update, or none', () => {
    const priorities = [{ id: 7, number: 1, title: 'Reduce crime', actions: [{}, {}, {}] }];
    const rows = [
      { priority: { id: 7 }, standing: { rag: 'amber' as const } },
      { priority: { id: 7 }, standing: { rag: 'amber' as const } },
      { priority: { id: 7 }, standing: null },
    ];
    const [row] = ragCounts(priorities, rows);
    expect(row).toMatchObject({ number: 1, total: 3, counts: { amber: 2, 'no-update': 1, red: 0 } });
  });
});
