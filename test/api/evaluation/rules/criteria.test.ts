import { criteriaProblems, defaultCriteria, totalPoints, type Criteria } from '../../../../api/src/modules/evaluation/rules/criteria';
import { PROCEDURES } from '../../../../api/src/modules/projects/rules/procedures';

const categoryOf = (kind: string) => (kind === 'GOVERNMENT_PROCUREMENT' ? 'GOODS' : 'WORKS');

test.each(PROCEDURES.map((p) => [p.method, p.evaluationMethod, p.kind] as const))('%s: the defaults (%s) can be published', (_m, method, kind) => {
  const c = defaultCriteria(method, kind);
  expect(criteriaProblems(c, categoryOf(kind))).toEqual([]);
  expect(totalPoints(c)).toBe('100');
  expect(c.candidates).toBeLessThanOrEqual(3);
});

test('defaults: price formula per kind', () => {
  expect(defaultCriteria('COMPREHENSIVE_SCORING', 'GOVERNMENT_PROCUREMENT').price).toEqual({ kind: 'LOWEST_PRICE_FIRST', version: 1, maxPoints: '30' });
  expect(defaultCriteria('AVERAGE_PRICE', 'CONSTRUCTION').price).toMatchObject({ kind: 'AVERAGE_PRICE', maxPoints: '70', floatPointPct: null });
  expect(defaultCriteria('COMPREHENSIVE_SCORING', 'LAND_TRANSFER').price.kind).toBe('HIGHEST_PRICE_FIRST');
  expect(defaultCriteria('LOWEST_EVALUATED_PRICE', 'GOVERNMENT_PROCUREMENT').scored).toEqual([]);
});

const gp = defaultCriteria('COMPREHENSIVE_SCORING', 'GOVERNMENT_PROCUREMENT');
const withScored = (change: Partial<Criteria['scored'][number]>): Criteria => ({ ...gp, scored: [{ ...gp.scored[0], ...change }, ...gp.scored.slice(1)] });

test.each([
  ['a duplicate key', { ...gp, scored: [...gp.scored.slice(0, -1), { ...gp.scored[0], maxPoints: '4' }] }, 'used twice'],
  ['a key shared by qualification and scoring', { ...gp, qualification: [...gp.qualification, { key: 'after_sales', label: 'x' }] }, 'used twice'],
  ['a bad key', withScored({ key: 'Tech Solution' }), 'lower-case'],
  ['a blank label', withScored({ label: '  ' }), 'needs a label'],
  ['zero points', withScored({ maxPoints: '0' }), 'positive number'],
  ['3 decimals', withScored({ maxPoints: '1.234' }), 'at most 2 decimals'],
  ['not a number', withScored({ maxPoints: 'ten' }), 'positive number'],
  ['4 candidates', { ...gp, candidates: 4 }, 'rule 15'],
  ['0 candidates', { ...gp, candidates: 0 }, 'rule 15'],
  ['threshold 0', { ...gp, deviationThreshold: '0' }, 'deviation threshold'],
  ['threshold 1.5', { ...gp, deviationThreshold: '1.5' }, 'deviation threshold'],
  ['price weight 20 % for goods', { ...gp, price: { ...gp.price, maxPoints: '20' } }, 'rule 16'],
  ['version 2', { ...gp, version: 2 } as unknown as Criteria, 'version'],
] as [string, Criteria, string][])('%s is a problem', (_case, c, text) => {
  const problems = criteriaProblems(c, 'GOODS');
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain(text);
});

test('price weight counts against the total of all items', () => {
  // 60 scored + 25 price = 85; 25/85 = 29.41 % < 30 % for goods, fine for services
  const c: Criteria = { ...gp, price: { ...gp.price, maxPoints: '25' }, scored: gp.scored.slice(0, 3).map((s) => ({ ...s, maxPoints: '20' })) };
  expect(totalPoints(c)).toBe('85');
  expect(criteriaProblems(c, 'GOODS')).toEqual(['price weight 29.41 % is below 30 % for goods (rule 16)']);
  expect(criteriaProblems(c, 'SERVICES')).toEqual([]);
});
