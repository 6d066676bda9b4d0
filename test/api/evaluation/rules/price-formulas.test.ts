import {
  FLOAT_POINTS, priceFormulaProblems, PriceFormulaError, priceScores, type PriceFormula,
} from '../../../../api/src/modules/evaluation/rules/price-formulas';

const lowest: PriceFormula = { kind: 'LOWEST_PRICE_FIRST', version: 1, maxPoints: '30' };
const average = (floatPointPct: string | null = null): PriceFormula => ({
  kind: 'AVERAGE_PRICE', version: 1, maxPoints: '70', penaltyAbovePerPct: '1', penaltyBelowPerPct: '0.5', floatPointPct,
});
const bids = (...prices: string[]) => prices.map((price, i) => ({ bidId: 'ABCDEFG'[i], price }));
const scores = (r: { lines: { bidId: string; score: string; deviationPct: string | null }[] }) =>
  Object.fromEntries(r.lines.map((l) => [l.bidId, [l.score, l.deviationPct]]));

describe('rule 16: lowest price first', () => {
  test.each([
    ['three bids', bids('100000', '120000', '90000'), '90000', { A: '27.00', B: '22.50', C: '30.00' }],
    ['a tie at the third decimal rounds up (20.115)', bids('134.1', '200'), '134.1', { A: '30.00', B: '20.12' }],
    ['1.875 → 1.88', bids('10', '160'), '10', { A: '30.00', B: '1.88' }],
    ['a single bid gets full points', bids('5000'), '5000', { A: '30.00' }],
    ['equal prices all get full points', bids('99.99', '99.99'), '99.99', { A: '30.00', B: '30.00' }],
  ])('%s', (_case, input, base, expected) => {
    const r = priceScores(lowest, input);
    expect(r.base).toBe(base);
    expect(r.mean).toBeNull();
    expect(r.dropped).toEqual([]);
    expect(Object.fromEntries(r.lines.map((l) => [l.bidId, l.score]))).toEqual(expected);
    expect(r.lines.every((l) => l.deviationPct === null)).toBe(true);
  });

  test('steps show the numbers', () => {
    const r = priceScores(lowest, bids('100000', '90000'));
    expect(r.steps).toContain('A: 90000 / 100000 × 30 = 27.00');
    expect(r.steps[0]).toContain('Lowest valid price (base) = 90000');
  });
});

test('land tender: the highest offer gets full points', () => {
  const r = priceScores({ kind: 'HIGHEST_PRICE_FIRST', version: 1, maxPoints: '30' }, bids('100', '120', '110.5'));
  expect(r.base).toBe('120');
  expect(r.lines.map((l) => l.score)).toEqual(['25.00', '30.00', '27.63']); // 110.5 / 120 × 30 = 27.625
});

describe('rules 17–18: average price (full 70, −1 per % above, −0.5 per % below)', () => {
  test('3 bids: nothing dropped; below and above penalised differently', () => {
    const r = priceScores(average(), bids('100', '110', '120'));
    expect(r.dropped).toEqual([]);
    expect([r.mean, r.base]).toEqual(['110.00', '110.00']);
    // A: −9.09 % × 0.5 = 4.545 → 65.455 → 65.46; C: +9.09 % × 1 → 60.91
    expect(scores(r)).toEqual({ A: ['65.46', '-9.09'], B: ['70.00', '0.00'], C: ['60.91', '9.09'] });
    expect(r.steps).toContain('Mean = (100 + 110 + 120) / 3 = 110.00');
  });

  test('4 bids: the highest and the lowest are dropped; a score never goes below 0', () => {
    const r = priceScores(average(), bids('100', '110', '120', '200'));
    expect(r.dropped).toEqual(['D', 'A']);
    expect([r.mean, r.base]).toEqual(['115.00', '115.00']);
    expect(scores(r)).toEqual({
      A: ['63.48', '-13.04'],
      B: ['67.83', '-4.35'], // 70 − 2.175 = 67.825 → 67.83
      C: ['65.65', '4.35'],
      D: ['0.00', '73.91'], // 70 − 73.91 < 0
    });
    expect(r.steps.join('\n')).toContain('never below 0');
  });

  test('float point 1 %: base = mean × 0.99', () => {
    const r = priceScores(average('1'), bids('100', '110', '120'));
    expect([r.mean, r.base]).toEqual(['110.00', '108.90']);
    expect(scores(r)).toEqual({ A: ['65.92', '-8.17'], B: ['68.99', '1.01'], C: ['59.81', '10.19'] });
    expect(r.steps).toContain('Base = mean × (1 − 1 %) = 108.90');
  });

  test('the base is kept to 2 decimals, half-up, rounded once from the exact sum', () => {
    // mean 100.015 → 100.02; A: −0.01 % × 0.5 = 0.005 → 69.995 → 70.00
    const r = priceScores(average(), bids('100.01', '100.02'));
    expect(r.base).toBe('100.02');
    expect(scores(r)).toEqual({ A: ['70.00', '-0.01'], B: ['70.00', '0.00'] });
    // exact mean 99.99495 (shown 99.99); base = 99.99495 × 0.99 = 98.9950005 → 99.00, not 99.99 × 0.99 = 98.9901 → 98.99
    const f = priceScores(average('1'), bids('99.9899', '100'));
    expect([f.mean, f.base]).toEqual(['99.99', '99.00']);
  });

  test('a single bid is its own base', () => {
    const r = priceScores(average(), bids('123.45'));
    expect(r.base).toBe('123.45');
    expect(scores(r)).toEqual({ A: ['70.00', '0.00'] });
  });

  test('4 equal prices: two dropped all the same, everyone full points', () => {
    const r = priceScores(average(), bids('100', '100', '100', '100'));
    expect(r.dropped).toEqual(['D', 'A']);
    expect(r.lines.map((l) => l.score)).toEqual(['70.00', '70.00', '70.00', '70.00']);
  });
});

describe('bad input', () => {
  test('an unknown version is refused, not guessed', () => {
    expect(() => priceScores({ ...lowest, version: 2 } as unknown as PriceFormula, bids('1'))).toThrow(PriceFormulaError);
    expect(() => priceScores({ kind: 'MAGIC', version: 1, maxPoints: '1' } as unknown as PriceFormula, bids('1'))).toThrow(PriceFormulaError);
  });
  test.each(['0', '-1', 'abc', ''])('price %j is refused', (price) => {
    expect(() => priceScores(lowest, [{ bidId: 'A', price }])).toThrow(PriceFormulaError);
  });
  test('a bid twice is refused', () => {
    expect(() => priceScores(lowest, [{ bidId: 'A', price: '1' }, { bidId: 'A', price: '2' }])).toThrow(PriceFormulaError);
  });
  test('no bids, no scores', () => {
    expect(priceScores(average(), [])).toMatchObject({ base: '0', lines: [] });
  });
});

describe('priceFormulaProblems (rule 16 price weight)', () => {
  test.each([
    ['goods at 30 %', lowest, '100', 'GOODS', 0],
    ['goods at 29.99 %', { ...lowest, maxPoints: '29.99' }, '100', 'GOODS', 1],
    ['services at 10 %', { ...lowest, maxPoints: '10' }, '100', 'SERVICES', 0],
    ['services at 9 %', { ...lowest, maxPoints: '9' }, '100', 'SERVICES', 1],
    ['works at 5 %', { ...lowest, maxPoints: '5' }, '100', 'WORKS', 0],
    ['average price for works', average('1.5'), '100', 'WORKS', 0],
    ['average price for goods', average(), '100', 'GOODS', 1],
    ['no price points', { ...lowest, maxPoints: '0' }, '100', 'GOODS', 1],
    ['more price points than the total', { ...lowest, maxPoints: '120' }, '100', 'WORKS', 1],
    ['float point not drawable', average('2'), '100', 'WORKS', 1],
    ['float point 1.50 = 1.5', average('1.50'), '100', 'WORKS', 0],
    ['negative penalty', { ...average(), penaltyBelowPerPct: '-1' }, '100', 'WORKS', 1],
    ['version 2', { ...lowest, version: 2 }, '100', 'GOODS', 1],
  ] as [string, PriceFormula, string, 'GOODS' | 'SERVICES' | 'WORKS', number][])('%s → %d problem(s)', (_case, formula, total, category, n) => {
    expect(priceFormulaProblems(formula, total, category)).toHaveLength(n);
  });

  test('the message names the weight', () => {
    expect(priceFormulaProblems({ ...lowest, maxPoints: '20' }, '80', 'GOODS')).toEqual(['price weight 25.00 % is below 30 % for goods (rule 16)']);
  });

  test('the six float points of rule 18', () => expect(FLOAT_POINTS).toEqual(['1.5', '1.25', '1', '0.75', '0.5', '0.25']));
});
