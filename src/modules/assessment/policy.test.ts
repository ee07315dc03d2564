import { describe, expect, it } from 'vitest';
import {
  canChangeFindings,
  indicatorSelectionProblems,
  adoptionProblems,
  canAdopt,
  canEditAssessment,
  contributionRefusal,
  defaultCriteria,
  preScore,
  rankThemes,
  scoreProblem,
  sortPack,
  type PackRow,
} from './policy.js';

/** A pack row as the evidence gives it; each test changes what it is about. */
const row = (over: Partial<PackRow> = {}): PackRow => ({
  key: 'ho:recorded-crime-excluding-fraud-rate',
  name: 'Police recorded crime (excluding fraud), rate per 1,000 population',
  unitLabel: 'Rate per 1,000',
  polarity: 'lower-is-better',
  source: null,
  period: '2016/17',
  count: 30212,
  valueKey: 'ho:recorded-crime-excluding-fraud-rate',
  valueUnitLabel: 'Rate per 1,000',
  value: 121.5,
  lower95: 120.1,
  upper95: 122.9,
  lower998: 119.3,
  upper998: 123.7,
  previousPeriod: '2015/16',
  previousValue: 110,
  change: 0.105,
  changeSignificance: 'higher',
  changeJudgement: 'worse',
  benchmarkName: 'England',
  benchmarkValue: 73.4,
  comparison: 'worse',
  comparisonLabel: 'Higher (worse)',
  groupName: 'Southampton’s most similar CSPs',
  rank: 1,
  of: 16,
  trendDirection: 'cannot-be-calculated',
  trendJudgement: null,
  trendText: 'Cannot be calculated',
  trendPoints: [],
  wards: [],
  href: '/evidence/indicators/x',
  ...over,
});

describe('pre-scoring from the evidence pack', () => {
  it('scores scale against the benchmark: worse 5, similar 3, better 1, counts not compared', () => {
    expect(preScore('benchmark', row())?.score).toBe(5);
    expect(preScore('benchmark', row({ comparison: 'similar', comparisonLabel: 'Similar' }))?.score).toBe(3);
    expect(preScore('benchmark', row({ comparison: 'better' }))?.score).toBe(1);
    expect(preScore('benchmark', row({ comparison: null }))).toBeNull();
    expect(preScore('benchmark', null)).toBeNull();
    expect(preScore('benchmark', row())?.because).toBe('Higher (worse) than England (2016/17)');
  });

  it('scores the trend: a significant five-point trend first, then a significant change on last year', () => {
    expect(preScore('trend', row({ trendJudgement: 'getting-worse', trendText: 'Increasing and getting worse' }))?.score).toBe(5);
    expect(preScore('trend', row({ trendJudgement: 'getting-better' }))?.score).toBe(1);
    expect(preScore('trend', row())?.score).toBe(4); // 110 → 121.5, last year outside this year's interval
    expect(preScore('trend', row({ changeSignificance: 'lower', changeJudgement: 'better' }))?.score).toBe(2);
    expect(preScore('trend', row({ changeSignificance: 'similar', changeJudgement: 'similar' }))?.score).toBe(3);
    expect(preScore('trend', row({ changeSignificance: null, changeJudgement: null }))).toBeNull();
  });

  it('scores the position among similar areas from worst 5 to best 1, by polarity', () => {
    expect(preScore('similar', row({ rank: 1, of: 16 }))).toEqual({
      score: 5,
      because: '1st worst of 16 in Southampton’s most similar CSPs',
    });
    expect(preScore('similar', row({ rank: 16, of: 16 }))?.score).toBe(1);
    expect(preScore('similar', row({ rank: 8, of: 15 }))?.score).toBe(3);
    // Higher is better: the highest value is the best.
    expect(preScore('similar', row({ rank: 1, of: 16, polarity: 'higher-is-better' }))?.score).toBe(1);
    expect(preScore('similar', row({ rank: null, of: null }))).toBeNull();
    expect(preScore('similar', row({ rank: 1, of: 1 }))).toBeNull();
  });
});

describe('ranking themes', () => {
  const criteria = defaultCriteria; // weights 2, 2, 1, 3, 3, 1, 2: the maximum is 14 × 5 = 70
  const pack = [row()];

  it('adds weight × score over the criteria, pre-scores and the analysts’ scores together', () => {
    const [crime] = rankThemes(
      criteria,
      [{ id: 1, title: 'Overall crime', indicatorKey: pack[0]!.key, position: 1, scores: { harm: { score: 3, reason: null } } }],
      pack,
    );
    // scale 5×2 + trend 4×2 + similar 5×1 + harm 3×3 = 10 + 8 + 5 + 9
    expect(crime!.total).toBe(32);
    expect(crime!.maximum).toBe(70);
    expect(crime!.cells.find((c) => c.criterionKey === 'scale')).toMatchObject({ score: 5, contribution: 10, origin: 'pre-scored' });
    expect(crime!.cells.find((c) => c.criterionKey === 'harm')).toMatchObject({ score: 3, contribution: 9, origin: 'scored' });
    expect(crime!.cells.find((c) => c.criterionKey === 'capacity')).toMatchObject({ score: null, contribution: 0, origin: 'not-scored' });
  });

  it('lets an analyst override a pre-score, keeping the reason and the pre-score beside it', () => {
    const [t] = rankThemes(
      criteria,
      [
        {
          id: 1,
          title: 'Overall crime',
          indicatorKey: pack[0]!.key,
          position: 1,
          scores: { scale: { score: 3, reason: 'Recording changes' } },
        },
      ],
      pack,
    );
    expect(t!.cells[0]).toMatchObject({
      score: 3,
      contribution: 6,
      origin: 'overridden',
      reason: 'Recording changes',
      preScore: { score: 5 },
    });
  });

  it('ranks highest first; equal totals share a rank and keep their order; a theme with no data and no scores totals 0', () => {
    const ranked = rankThemes(
      criteria,
      [
        { id: 1, title: 'No data', indicatorKey: null, position: 1, scores: {} },
        { id: 2, title: 'Harm only', indicatorKey: null, position: 2, scores: { harm: { score: 5, reason: null } } },
        { id: 3, title: 'Vulnerability only', indicatorKey: null, position: 3, scores: { vulnerability: { score: 5, reason: null } } },
        { id: 4, title: 'Unknown indicator', indicatorKey: 'no-such', position: 4, scores: { capacity: { score: 5, reason: null } } },
      ],
      pack,
    );
    expect(ranked.map((r) => [r.title, r.rank, r.total])).toEqual([
      ['Harm only', 1, 15],
      ['Vulnerability only', 1, 15],
      ['Unknown indicator', 3, 10],
      ['No data', 4, 0],
    ]);
    expect(ranked[3]!.scored).toBe(0);
  });
});

describe('the pack’s order', () => {
  it('puts the worst against the benchmark first, then worsening trends, then the biggest worsening change', () => {
    const rows = sortPack([
      row({ name: 'Better', comparison: 'better', change: 0.5 }),
      row({ name: 'Count rising fast', comparison: null, change: 0.3 }),
      row({ name: 'Count falling', comparison: null, change: -0.2 }),
      row({ name: 'Worse', comparison: 'worse', change: 0.01 }),
      row({ name: 'Similar, trend worse', comparison: 'similar', trendJudgement: 'getting-worse', change: 0 }),
      row({ name: 'Similar', comparison: 'similar', change: 0.1 }),
      row({ name: 'Feel safe falling', comparison: null, polarity: 'higher-is-better', change: -0.4 }),
    ]);
    expect(rows.map((r) => r.name)).toEqual([
      'Worse',
      'Similar, trend worse',
      'Similar',
      'Feel safe falling',
      'Count rising fast',
      'Count falling',
      'Better',
    ]);
  });
});

describe('who may do what', () => {
  it('lets coordinators edit a draft, adopt once from an agreed assessment, and members reply while open', () => {
    expect(canEditAssessment('coordinator', { status: 'draft' })).toBe(true);
    expect(canEditAssessment('coordinator', { status: 'agreed' })).toBe(false);
    expect(canEditAssessment('viewer', { status: 'draft' })).toBe(false);
    expect(canChangeFindings('coordinator', { status: 'draft' })).toBe(true);
    expect(canChangeFindings('coordinator', { status: 'agreed' })).toBe(false);
    expect(canChangeFindings('contributor', { status: 'draft' })).toBe(false);
    expect(canAdopt('coordinator', { status: 'agreed', adoptedPlanId: null })).toBe(true);
    expect(canAdopt('coordinator', { status: 'agreed', adoptedPlanId: 4 })).toBe(false);
    expect(canAdopt('coordinator', { status: 'draft', adoptedPlanId: null })).toBe(false);
    expect(contributionRefusal('contributor', 3, [3, 4], { closedAt: null })).toBeNull();
    expect(contributionRefusal('viewer', 3, [3], { closedAt: null })).toBe('role');
    expect(contributionRefusal('contributor', 5, [3], { closedAt: null })).toBe('not-member');
    expect(contributionRefusal('contributor', 3, [3], { closedAt: new Date() })).toBe('closed');
  });

  it('checks scores and adoption with a sentence', () => {
    expect(scoreProblem(6, false, null)).toBe('Enter a whole number from 1 to 5');
    expect(scoreProblem(2.5, false, null)).toBe('Enter a whole number from 1 to 5');
    expect(scoreProblem(2, true, null)).toBe('Give a reason for changing the score worked out from the data');
    expect(scoreProblem(2, true, 'Known recording change')).toBeNull();
    expect(adoptionProblems([1, 2], [], {})).toHaveLength(3);
    expect(adoptionProblems([1, 2], [1], { 2: 'Led elsewhere' })).toEqual([]);
    expect(adoptionProblems([1, 2], [1], {})).toEqual([{ field: 'reason-2', message: 'Say why this theme was not adopted as a priority' }]);
  });
});

describe('choosing the pack’s indicators', () => {
  it('needs at least one, each held for the area', () => {
    expect(indicatorSelectionProblems(['a', 'b'], [])).toEqual([
      { field: 'indicatorKeys', message: 'Select at least one indicator for the evidence pack' },
    ]);
    expect(indicatorSelectionProblems(['a', 'b'], ['a', 'c'])[0]!.message).toContain('not held for the area');
    expect(indicatorSelectionProblems(['a', 'b'], ['b'])).toEqual([]);
  });
});
