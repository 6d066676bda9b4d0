/** The evaluation's steps and the float point drawn from the opening record (rule 18). */
import { actAllowed, anonymousLabel, eventFor, floatPointFromRecord, viewerAfter } from '../../../../api/src/modules/evaluation/rules/evaluation-flow';
import { FLOAT_POINTS } from '../../../../api/src/modules/evaluation/rules/price-formulas';

test.each([
  ['COMMITTEE', 'VOTE_LEADER', true],
  ['SCORING', 'VOTE_LEADER', false],
  ['COMMITTEE', 'SUBMIT_SHEET', false],
  ['SCORING', 'SUBMIT_SHEET', true],
  ['REPORT', 'SUBMIT_SHEET', false],
  ['REPORT', 'CORRECT_SCORE', true],
  ['PUBLICITY', 'CORRECT_SCORE', false],
  ['PUBLICITY', 'RAISE_OBJECTION', true],
  ['AWARDED', 'RAISE_OBJECTION', false],
  ['PUBLICITY', 'AWARD', true],
  ['AWARDED', 'AWARD', false],
] as const)('at %s, %s allowed: %s', (status, act, allowed) => {
  expect(actAllowed(status, act)).toBe(allowed);
});

test('members are anonymised by seat', () => {
  expect([1, 2, 5].map(anonymousLabel)).toEqual(['专家 A', '专家 B', '专家 E']);
});

test.each([
  ['0'.repeat(64), '1.5'], // 0 mod 6
  [`${'0'.repeat(63)}5`, '0.25'], // 5 mod 6
  [`${'0'.repeat(63)}6`, '1.5'], // 6 mod 6
  [`${'0'.repeat(62)}0b`, '0.25'], // 11 mod 6 = 5
  ['f'.repeat(64), '0.75'], // (2^256 − 1) mod 6 = 3
])('the float point of record %s is %s', (hash, point) => {
  expect(floatPointFromRecord(hash, FLOAT_POINTS)).toBe(point);
});

test('a malformed record hash draws nothing', () => {
  expect(() => floatPointFromRecord('abc', FLOAT_POINTS)).toThrow('64 hex digits');
});

test.each([
  ['SUPERVISOR', 'SCORESHEET_SUBMITTED', { type: 'SCORESHEET_SUBMITTED', payload: { seat: 2 } }],
  ['MEMBER', 'SCORESHEET_SUBMITTED', null],
  ['OTHER', 'SCORESHEET_SUBMITTED', null],
  ['MEMBER', 'SCORESHEETS_RETURNED', { type: 'SCORESHEETS_RETURNED', payload: {} }],
  ['OTHER', 'SCORESHEETS_RETURNED', null],
  ['OTHER', 'AGGREGATED', { type: 'AGGREGATED', payload: {} }],
  ['OTHER', 'OBJECTION_RAISED', { type: 'OBJECTION_RAISED', payload: {} }],
  ['OTHER', 'SOMETHING_NEW', null],
] as const)('a %s learns of %s: %j', (viewer, type, expected) => {
  expect(eventFor(viewer, type, { seat: 2 })).toEqual(expected);
});

const REPLACED = { replacedUserId: 'u-out', seatedUserId: 'u-in' };
test.each([
  ['MEMBER', 'MEMBER_REPLACED', 'u-out', 'OTHER'],
  ['OTHER', 'MEMBER_REPLACED', 'u-in', 'MEMBER'],
  ['MEMBER', 'MEMBER_REPLACED', 'u-else', 'MEMBER'],
  ['OTHER', 'MEMBER_REPLACED', 'u-else', 'OTHER'],
  ['OTHER', 'MEMBER_REPLACED', undefined, 'OTHER'], // anonymous
  ['SUPERVISOR', 'MEMBER_REPLACED', 'u-out', 'SUPERVISOR'],
  ['MEMBER', 'AGGREGATED', 'u-out', 'MEMBER'],
  ['OTHER', 'LEADER_ELECTED', 'u-in', 'OTHER'],
] as const)('a %s stream of %s, watched by %s, goes on as %s', (viewer, type, userId, expected) => {
  expect(viewerAfter(viewer, type, REPLACED, userId)).toBe(expected);
});
