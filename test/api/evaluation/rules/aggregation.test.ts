import { aggregate, AggregationError, CHANGE_REASONS, type BidFacts } from '../../../../api/src/modules/evaluation/rules/aggregation';
import type { Criteria } from '../../../../api/src/modules/evaluation/rules/criteria';
import type { Scoresheet } from '../../../../api/src/modules/evaluation/rules/scoresheets';

const criteria = (over: Partial<Criteria> = {}): Criteria => ({
  version: 1,
  qualification: [{ key: 'licence', label: '营业执照' }],
  scored: [
    { key: 'tech', label: '技术', group: 'TECHNICAL', maxPoints: '40' },
    { key: 'biz', label: '商务', group: 'COMMERCIAL', maxPoints: '30' },
  ],
  price: { kind: 'LOWEST_PRICE_FIRST', version: 1, maxPoints: '30' },
  deviationThreshold: '0.3',
  candidates: 3,
  ...over,
});
const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 1, minute));
const bid = (bidId: string, price: string, minute = 0): BidFacts => ({ bidId, price, submittedAt: at(minute) });

/** member i's sheet from per-bid [passes, tech, biz] (scores only for bids the member passes) */
function panel(perBid: Record<string, { pass: boolean[]; tech: string[]; biz: string[] }>): Scoresheet[] {
  const n = Object.values(perBid)[0].pass.length;
  return Array.from({ length: n }, (_, i) => ({
    memberId: `m${i + 1}`,
    qualification: Object.fromEntries(Object.entries(perBid).map(([b, v]) => [b, { licence: v.pass[i] }])),
    scores: Object.fromEntries(Object.entries(perBid).filter(([, v]) => v.pass[i]).map(([b, v]) => [b, { tech: v.tech[i], biz: v.biz[i] }])),
    justifications: {},
  }));
}
const all = (x: string) => [x, x, x, x, x];
const yes = [true, true, true, true, true];

describe('a five-member panel, four bids, one disqualified', () => {
  const sheets = panel({
    A: { pass: yes, tech: ['30', '31', '32', '30', '30'], biz: all('20') },
    B: { pass: yes, tech: all('25'), biz: ['20', '20', '20', '20', '21'] },
    C: { pass: [true, true, true, true, false], tech: ['33', '33', '33', '34', '0'], biz: all('10') },
    D: { pass: [true, false, false, false, true], tech: all('40'), biz: all('30') },
  });
  const result = aggregate(criteria({ candidates: 2 }), sheets, [bid('A', '100'), bid('B', '80'), bid('C', '90'), bid('D', '70')]);
  const line = (id: string) => result.lines.find((l) => l.bidId === id)!;

  test('item means are 2 decimals over the members who scored', () => {
    expect(line('A').itemMeans).toEqual({ tech: '30.60', biz: '20.00' });
    expect(line('B').itemMeans).toEqual({ tech: '25.00', biz: '20.20' });
    // m5 failed C and did not score it: (33+33+33+34)/4 = 33.25
    expect(line('C').itemMeans).toEqual({ tech: '33.25', biz: '10.00' });
  });

  test('price scores are over the qualified bids only (D at 70 is not the lowest valid price)', () => {
    expect(result.price.base).toBe('80');
    expect([line('A').priceScore, line('B').priceScore, line('C').priceScore]).toEqual(['24.00', '30.00', '26.67']);
  });

  test('totals, ranks, candidates', () => {
    expect(result.lines.map((l) => [l.bidId, l.technical, l.commercial, l.total, l.rank])).toEqual([
      ['B', '25.00', '20.20', '75.20', 1],
      ['A', '30.60', '20.00', '74.60', 2],
      ['C', '33.25', '10.00', '69.92', 3],
      ['D', '0.00', '0.00', '0.00', null],
    ]);
    expect(line('D').qualified).toBe(false);
    expect(result.candidates).toEqual(['B', 'A']);
    expect(result.tieBreaksApplied).toEqual([]);
  });
});

describe('tie-breaks: lower price, then higher technical, then earlier submission', () => {
  const one = (scores: Record<string, [string, string]>): Scoresheet[] => [{
    memberId: 'm1',
    qualification: Object.fromEntries(Object.keys(scores).map((b) => [b, { licence: true }])),
    scores: Object.fromEntries(Object.entries(scores).map(([b, [tech, biz]]) => [b, { tech, biz }])),
    justifications: {},
  }];

  test.each([
    // A: 40 + 0 + 30 = 70; B: 40 + 5 + 25 = 70 → the lower price first (although B is better on technical)
    ['price', one({ A: ['40', '0'], B: ['40', '5'] }), [bid('B', '120'), bid('A', '100')], ['A', 'B'], 'decided by price'],
    // same price: A 30 + 20, B 35 + 15 → B first by technical
    ['technical', one({ A: ['30', '20'], B: ['35', '15'] }), [bid('A', '100'), bid('B', '100')], ['B', 'A'], 'technical subtotal'],
    // identical: the earlier submission
    ['time', one({ A: ['30', '20'], B: ['30', '20'] }), [bid('A', '100', 5), bid('B', '100', 4)], ['B', 'A'], 'submission time'],
  ] as [string, Scoresheet[], BidFacts[], string[], string][])('%s', (_case, sheets, bids, order, applied) => {
    const r = aggregate(criteria(), sheets, bids);
    expect(r.lines.map((l) => l.bidId)).toEqual(order);
    expect(r.lines.map((l) => l.rank)).toEqual([1, 2]);
    expect(r.lines[0].total).toBe(r.lines[1].total);
    expect(r.tieBreaksApplied).toHaveLength(1);
    expect(r.tieBreaksApplied[0]).toMatch(/^A \/ B: /);
    expect(r.tieBreaksApplied[0]).toContain(applied);
    expect(r.tieBreaks).toEqual([
      'Ranked by total score, highest first.',
      'Equal totals: the lower price ranks first.',
      'Then: the higher technical subtotal ranks first.',
      'Then: the earlier submission ranks first.',
    ]);
  });

  test('land (highest price first): the higher offer wins a tie', () => {
    const c = criteria({ price: { kind: 'HIGHEST_PRICE_FIRST', version: 1, maxPoints: '30' } });
    // A: 40 + 0 + 30 (highest) = 70; B: 40 + 5 + 25 = 70
    const r = aggregate(c, one({ A: ['40', '0'], B: ['40', '5'] }), [bid('B', '100'), bid('A', '120')]);
    expect(r.lines.map((l) => [l.bidId, l.total])).toEqual([['A', '70.00'], ['B', '70.00']]);
    expect(r.tieBreaks[1]).toBe('Equal totals: the higher price ranks first.');
  });
});

test('a mean is rounded once, half-up: (10 + 10.01) / 2 = 10.005 → 10.01', () => {
  const s = (tech: string, m: string): Scoresheet => ({ memberId: m, qualification: { A: { licence: true } }, scores: { A: { tech, biz: '0' } }, justifications: {} });
  expect(aggregate(criteria(), [s('10', 'm1'), s('10.01', 'm2')], [bid('A', '1')]).lines[0].itemMeans.tech).toBe('10.01');
});

test('no qualified bids: no ranks, no candidates', () => {
  const s: Scoresheet = { memberId: 'm1', qualification: { A: { licence: false } }, scores: {}, justifications: {} };
  const r = aggregate(criteria(), [s], [bid('A', '1')]);
  expect(r.candidates).toEqual([]);
  expect(r.lines[0]).toMatchObject({ qualified: false, rank: null });
});

test('a qualified bid nobody scored is the caller\'s error', () => {
  const s: Scoresheet = { memberId: 'm1', qualification: { A: { licence: true } }, scores: {}, justifications: {} };
  expect(() => aggregate(criteria(), [s], [bid('A', '1')])).toThrow(AggregationError);
});

test('rule 19 change reasons', () => {
  expect(CHANGE_REASONS).toEqual(['CALCULATION_ERROR', 'ITEM_OUT_OF_RANGE', 'INCONSISTENT_OBJECTIVE_SCORES', 'ABNORMAL_SCORE']);
});
