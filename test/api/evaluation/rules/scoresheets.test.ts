import type { Criteria } from '../../../../api/src/modules/evaluation/rules/criteria';
import {
  qualificationByMajority, sheetProblems, unjustifiedDeviations, type Scoresheet,
} from '../../../../api/src/modules/evaluation/rules/scoresheets';

const c: Criteria = {
  version: 1,
  qualification: [{ key: 'licence', label: '营业执照' }, { key: 'bond', label: '保证金' }],
  scored: [
    { key: 'tech', label: '技术方案', group: 'TECHNICAL', maxPoints: '10' },
    { key: 'biz', label: '业绩', group: 'COMMERCIAL', maxPoints: '5' },
  ],
  price: { kind: 'LOWEST_PRICE_FIRST', version: 1, maxPoints: '30' },
  deviationThreshold: '0.3',
  candidates: 3,
};
const pass = { licence: true, bond: true };
const sheet = (over: Partial<Scoresheet> = {}): Scoresheet => ({
  memberId: 'm1',
  qualification: { A: pass, B: pass },
  scores: { A: { tech: '8', biz: '4.5' }, B: { tech: '10', biz: '0' } },
  justifications: {},
  ...over,
});
const codes = (s: Scoresheet) => sheetProblems(c, ['A', 'B'], s).map((p) => `${p.bidId}.${p.itemKey}:${p.code}`);

describe('sheetProblems', () => {
  test.each([
    ['a complete sheet', sheet(), []],
    ['a qualification answer missing', sheet({ qualification: { A: { licence: true }, B: pass } }), ['A.bond:MISSING']],
    ['a bid without any answers', sheet({ qualification: { A: pass } }), ['B.licence:MISSING', 'B.bond:MISSING']],
    ['a score missing for a qualified bid', sheet({ scores: { A: { tech: '8' }, B: { tech: '10', biz: '0' } } }), ['A.biz:MISSING']],
    ['an empty score', sheet({ scores: { A: { tech: '8', biz: '' }, B: { tech: '10', biz: '0' } } }), ['A.biz:MISSING']],
    ['no scores needed for a bid this member fails', sheet({ qualification: { A: pass, B: { licence: true, bond: false } }, scores: { A: { tech: '8', biz: '4.5' } } }), []],
    ['scores given for a failed bid are still checked', sheet({ qualification: { A: pass, B: { licence: false, bond: true } }, scores: { A: { tech: '8', biz: '4.5' }, B: { tech: '11' } } }), ['B.tech:OUT_OF_RANGE']],
    ['not a number', sheet({ scores: { A: { tech: '8,5', biz: '4' }, B: { tech: '10', biz: '0' } } }), ['A.tech:NOT_A_NUMBER']],
    ['three decimals', sheet({ scores: { A: { tech: '8.125', biz: '4' }, B: { tech: '10', biz: '0' } } }), ['A.tech:TOO_MANY_DECIMALS']],
    ['above the maximum', sheet({ scores: { A: { tech: '10.01', biz: '4' }, B: { tech: '10', biz: '0' } } }), ['A.tech:OUT_OF_RANGE']],
    ['negative', sheet({ scores: { A: { tech: '-1', biz: '4' }, B: { tech: '10', biz: '0' } } }), ['A.tech:OUT_OF_RANGE']],
    ['an unknown item', sheet({ scores: { A: { tech: '8', biz: '4', price: '3' }, B: { tech: '10', biz: '0' } } }), ['A.price:UNKNOWN_ITEM']],
    ['an unknown qualification item', sheet({ qualification: { A: { ...pass, tax: true }, B: pass } }), ['A.tax:UNKNOWN_ITEM']],
    ['an unknown bid', sheet({ scores: { A: { tech: '8', biz: '4' }, B: { tech: '10', biz: '0' }, Z: {} } }), ['Z.null:UNKNOWN_BID']],
    ['a justification for an unknown item', sheet({ justifications: { A: { bond: '理由理由理由理由理由' } } }), ['A.bond:UNKNOWN_ITEM']],
  ] as [string, Scoresheet, string[]][])('%s', (_case, s, expected) => {
    expect(codes(s)).toEqual(expected);
  });
});

describe('unjustifiedDeviations: |score − median| > 0.3 × max needs ≥ 10 characters of reason', () => {
  const panel = (techA: string[], justification?: string): Scoresheet[] =>
    techA.map((tech, i): Scoresheet => ({
      memberId: `m${i + 1}`,
      qualification: {},
      scores: { A: { tech, biz: '3' } },
      justifications: i === techA.length - 1 && justification !== undefined ? { A: { tech: justification } } : {},
    }));

  test.each([
    ['within the limit (|5 − 8| = 3 = 0.3 × 10)', ['8', '8', '8', '9', '5'], undefined, []],
    ['beyond the limit (|4.99 − 8| = 3.01)', ['8', '8', '8', '9', '4.99'], undefined, ['m5']],
    ['beyond, justified in 10 characters', ['8', '8', '8', '9', '4.99'], '方案缺少关键技术参数', []],
    ['beyond, 9 characters are not enough', ['8', '8', '8', '9', '4.99'], '方案缺少关键技术参', ['m5']],
    ['beyond, blanks do not count', ['8', '8', '8', '9', '4.99'], '   too short     ', ['m5']],
    ['a high outlier', ['2', '2', '3', '3', '9'], undefined, ['m5']],
  ] as [string, string[], string | undefined, string[]][])('%s', (_case, techA, justification, members) => {
    expect(unjustifiedDeviations(c, panel(techA, justification)).map((d) => d.memberId)).toEqual(members);
  });

  test('the record carries the numbers', () => {
    expect(unjustifiedDeviations(c, panel(['8', '8', '7', '9', '1']))).toEqual([{ memberId: 'm5', bidId: 'A', itemKey: 'tech', score: '1', median: '8', limit: '3' }]);
  });

  test('an even panel uses the exact middle (median 7.5)', () => {
    const d = unjustifiedDeviations(c, panel(['7', '8', '8', '4.4']));
    expect(d).toEqual([{ memberId: 'm4', bidId: 'A', itemKey: 'tech', score: '4.4', median: '7.5', limit: '3' }]);
  });
});

describe('qualificationByMajority', () => {
  const member = (answers: Record<string, Record<string, boolean>>, i: number): Scoresheet => ({ memberId: `m${i}`, qualification: answers, scores: {}, justifications: {} });
  const fail = (key: string) => ({ ...pass, [key]: false });

  test('per item majority; a bid passes when every item passes', () => {
    const sheets = [
      { A: pass, B: fail('bond'), C: fail('licence'), D: pass },
      { A: pass, B: fail('bond'), C: fail('bond'), D: { licence: true } },
      { A: fail('bond'), B: fail('bond'), C: pass, D: { licence: true } },
      { A: pass, B: pass, C: pass, D: pass },
      { A: pass, B: pass, C: pass, D: { licence: true } },
    ].map(member);
    expect(qualificationByMajority(c, sheets, ['A', 'B', 'C', 'D'])).toEqual([
      { bidId: 'A', passed: true, votesFor: 4, votesAgainst: 1, failedItems: [] },
      { bidId: 'B', passed: false, votesFor: 2, votesAgainst: 3, failedItems: ['bond'] },
      // every item has a majority although only 3 members passed the whole bid
      { bidId: 'C', passed: true, votesFor: 3, votesAgainst: 2, failedItems: [] },
      // a missing answer is not a pass
      { bidId: 'D', passed: false, votesFor: 2, votesAgainst: 3, failedItems: ['bond'] },
    ]);
  });

  test('the decision is per item: every item passes by majority although only one member passed the whole bid', () => {
    // 2 of 5 fail licence, 2 other members fail bond: each item has 3 passes → passes; only 1 member passed everything
    const sheets = [fail('licence'), fail('licence'), fail('bond'), fail('bond'), pass].map((a, i) => member({ A: a }, i));
    expect(qualificationByMajority(c, sheets, ['A'])[0]).toEqual({ bidId: 'A', passed: true, votesFor: 1, votesAgainst: 4, failedItems: [] });
  });

  test('no sheets, no pass', () => {
    expect(qualificationByMajority(c, [], ['A'])[0].passed).toBe(false);
  });
});
