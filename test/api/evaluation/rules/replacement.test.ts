import { mayReplace, nextReserve, periodExtension, replacementAllowed, stageAfterReplacement, type ReserveSeat } from '../../../../api/src/modules/evaluation/rules/replacement';
import type { EvaluationStage } from '../../../../api/src/modules/evaluation/rules/evaluation-flow';

const NOW = new Date('2026-12-01T09:00:00Z');
const at = (hours: number) => new Date(NOW.getTime() + hours * 3600_000);

describe('rule 12: the evaluation period is extended once more than a third say the time is insufficient', () => {
  test.each([
    [5, 1, false, null, null], // 1/5 is not more than a third
    [5, 2, false, null, at(24)], // 2/5 is (the first time)
    [5, 3, true, at(24), null], // extended already: once
    [7, 2, false, null, null], // 2/7 < 1/3
    [7, 3, false, null, at(24)],
    [9, 3, false, null, null], // exactly a third is not more
    [9, 4, false, null, at(24)],
    [3, 1, false, null, null],
    [3, 2, false, null, at(24)],
    [5, 2, false, at(10), at(34)], // a period that ends later moves by the amount from its end
    [5, 2, false, at(-5), at(24)], // an end already passed: from now
    [5, 0, false, null, null],
  ] as [number, number, boolean, Date | null, Date | null][])('%d members, %d say so, extended already %s, end %s → %s', (members, sayInsufficient, extendedAlready, currentEnd, expected) => {
    expect(periodExtension({ members, sayInsufficient, extendedAlready, currentEnd, now: NOW })).toEqual(expected);
  });

  test('the amount is configurable', () => {
    expect(periodExtension({ members: 5, sayInsufficient: 2, extendedAlready: false, currentEnd: null, now: NOW, hours: 48 })).toEqual(at(48));
  });
});

describe('rule 13: replacing a member', () => {
  test.each([
    ['COMMITTEE', true], ['SCORING', true], ['REPORT', true], ['PUBLICITY', false], ['AWARDED', false], ['FAILED', false],
  ] as [EvaluationStage, boolean][])('at %s a member can be replaced: %s', (stage, allowed) => expect(replacementAllowed(stage)).toBe(allowed));

  const seat = (id: string, specialty: string, round: number, position: number, status = 'RESERVE', hasAccount = true): ReserveSeat => ({ id, specialty, round, position, status, hasAccount });
  test.each([
    ['the first reserve in draw order', [seat('a', 'A1', 0, 6), seat('b', 'A1', 0, 5)], 'A1', 'b'],
    ['of the replaced expert’s specialty only', [seat('a', 'B2', 0, 5), seat('b', 'A1', 0, 7)], 'A1', 'b'],
    ['the first draw before supplementary rounds', [seat('s', 'A1', 1, 0), seat('b', 'A1', 0, 9)], 'A1', 'b'],
    ['not an accepted, declined or invited seat', [seat('x', 'A1', 0, 1, 'ACCEPTED'), seat('y', 'A1', 0, 2, 'DECLINED'), seat('z', 'A1', 0, 3, 'INVITED'), seat('r', 'A1', 0, 8)], 'A1', 'r'],
    ['skipping a reserve without a platform account', [seat('n', 'A1', 0, 5, 'RESERVE', false), seat('r', 'A1', 0, 6)], 'A1', 'r'],
    ['none left', [seat('x', 'A1', 0, 1, 'ACCEPTED'), seat('o', 'B2', 0, 5)], 'A1', null],
    ['a representative: any specialty, in order', [seat('b', 'B2', 0, 5), seat('a', 'A1', 0, 5), seat('c', 'A1', 0, 4)], null, 'c'],
    ['no seats at all', [], null, null],
  ] as [string, ReserveSeat[], string | null, string | null][])('%s', (_what, seats, specialty, expected) => {
    expect(nextReserve(seats, specialty)?.id ?? null).toBe(expected);
  });

  test.each([
    ['COMMITTEE', false, 'COMMITTEE'],
    ['COMMITTEE', true, 'COMMITTEE'],
    ['SCORING', false, 'SCORING'],
    ['SCORING', true, 'COMMITTEE'], // the leader is gone: elect one again
    ['REPORT', false, 'SCORING'], // the result is redone with the replacement's sheet
    ['REPORT', true, 'COMMITTEE'],
  ] as [EvaluationStage, boolean, EvaluationStage][])('after replacing at %s (leader replaced: %s) → %s', (stage, leader, expected) => {
    expect(stageAfterReplacement(stage, leader)).toBe(expected);
  });
});

test.each([
  ['COMMITTEE', false, true], ['SCORING', false, true], ['REPORT', false, false], ['PUBLICITY', false, false],
  ['COMMITTEE', true, true], ['SCORING', true, true], ['REPORT', true, true], ['PUBLICITY', true, false], ['AWARDED', true, false],
] as [EvaluationStage, boolean, boolean][])('at %s, by a supervisor: %s → may replace: %s', (stage, bySupervisor, may) => expect(mayReplace(stage, bySupervisor)).toBe(may));
