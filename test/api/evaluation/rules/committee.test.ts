import {
  committeeProblems, electedLeader, extensionNeeded, minExperts, reportSignatureOutcome, shareAsFraction, type MemberKind, type SignatureAct,
} from '../../../../api/src/modules/evaluation/rules/committee';

const kinds = (experts: number, reps: number): MemberKind[] => [...Array(experts).fill('EXPERT'), ...Array(reps).fill('TENDEREE_REP')];
const tender = { minSize: 5, expertShare: 2 / 3 };

describe('rule 10: composition', () => {
  test.each([
    [5, 0, tender, []],
    [4, 1, tender, []], // 2/3 of 5 = 3.33 → 4 experts
    [3, 2, tender, ['TOO_FEW_EXPERTS']],
    [4, 0, tender, ['TOO_SMALL', 'EVEN_SIZE']],
    [4, 2, tender, ['EVEN_SIZE']], // 4 of 6 is exactly 2/3
    [3, 3, tender, ['EVEN_SIZE', 'TOO_FEW_EXPERTS']],
    [5, 2, tender, []],
    [4, 3, tender, ['TOO_FEW_EXPERTS']],
    [6, 3, tender, []],
    [5, 0, { minSize: 7, expertShare: 2 / 3 }, ['TOO_SMALL']], // large government procurement (k)
    [3, 0, { minSize: 3, expertShare: 2 / 3 }, []], // negotiation / inquiry
    [2, 1, { minSize: 3, expertShare: 2 / 3 }, []],
  ] as [number, number, { minSize: number; expertShare: number }, string[]][])('%d experts + %d representatives → %j', (e, r, rule, problems) => {
    expect(committeeProblems(kinds(e, r), rule)).toEqual(problems);
  });

  test.each([
    [2 / 3, 2, 3], [0.5, 1, 2], [1, 1, 1], [0, 0, 1], [0.75, 3, 4], [0.6, 3, 5],
  ])('share %d is %d/%d', (share, num, den) => expect(shareAsFraction(share)).toEqual({ num, den }));

  test.each([[3, 2], [5, 4], [6, 4], [7, 5], [9, 6], [11, 8], [13, 9]])('2/3 of %d → at least %d experts', (size, n) => {
    expect(minExperts(size, 2 / 3)).toBe(n);
  });

  test('a share outside [0, 1] is a configuration error', () => expect(() => shareAsFraction(1.5)).toThrow(RangeError));
});

describe('the chair: a strict majority of all members', () => {
  const members = ['m1', 'm2', 'm3', 'm4', 'm5'];
  test.each([
    ['3 of 5', [['m1', 'm2'], ['m2', 'm2'], ['m3', 'm2']], 'm2', { m2: 3 }],
    ['2 of 5 with 3 abstaining is not enough', [['m1', 'm2'], ['m3', 'm2']], null, { m2: 2 }],
    ['a changed vote counts once, the last', [['m1', 'm2'], ['m2', 'm2'], ['m3', 'm2'], ['m3', 'm4']], null, { m2: 2, m4: 1 }],
    ['votes by or for outsiders are ignored', [['m1', 'm2'], ['m2', 'm2'], ['x9', 'm2'], ['m3', 'x9']], null, { m2: 2 }],
  ] as [string, [string, string][], string | null, Record<string, number>][])('%s', (_case, votes, leader, counts) => {
    expect(electedLeader(members, votes.map(([voter, candidate]) => ({ voter, candidate })))).toEqual({ leader, needed: 3, counts });
  });
});

test.each([
  [5, 1, false], [5, 2, true], [6, 2, false], [6, 3, true], [9, 3, false], [9, 4, true], [7, 0, false],
])('rule 12: %d members, %d say the time is insufficient → extension %s', (members, say, needed) => {
  expect(extensionNeeded(members, say)).toBe(needed);
});

describe('rule 14: signing the report', () => {
  const members = ['m1', 'm2', 'm3'];
  const act = (memberId: string, a: SignatureAct['act'], reason: string | null = null): SignatureAct => ({ memberId, act: a, reason });

  test('everyone signs', () => {
    expect(reportSignatureOutcome(members, members.map((m) => act(m, 'SIGN')))).toEqual({
      complete: true, agreed: members, dissenting: [], refusedWithReason: [], missing: [],
    });
  });

  test('dissent in writing, a silent refusal counts as agreement, a written refusal is recorded', () => {
    const r = reportSignatureOutcome(members, [act('m1', 'DISSENT', ' 价格分计算口径有误 '), act('m2', 'REFUSE', '   '), act('m3', 'REFUSE', '评分过程不公正')]);
    expect(r).toEqual({
      complete: true,
      agreed: ['m2'],
      dissenting: [{ memberId: 'm1', reason: '价格分计算口径有误' }],
      refusedWithReason: [{ memberId: 'm3', reason: '评分过程不公正' }],
      missing: [],
    });
  });

  test('a dissent without a reason is not an act; missing members keep it incomplete', () => {
    const r = reportSignatureOutcome(members, [act('m1', 'DISSENT'), act('m2', 'SIGN'), act('x9', 'SIGN')]);
    expect(r).toMatchObject({ complete: false, agreed: ['m2'], missing: ['m1', 'm3'] });
  });
});
