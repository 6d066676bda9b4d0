import { OFFICIAL_CALENDAR } from '../../../../api/src/modules/projects/rules/calendar-data';
import { calendarFrom } from '../../../../api/src/modules/projects/rules/calendar';
import {
  DEFAULT_PUBLICITY, objectionAllowed, objectionAnswerDue, publicityEnd, publishDeadline, type PublicityRule,
} from '../../../../api/src/modules/evaluation/rules/publicity';

const calendar = calendarFrom(Object.values(OFFICIAL_CALENDAR).flatMap((y) => y.entries));
const cst = (text: string) => new Date(`${text}+08:00`);
const working: PublicityRule = {
  publishWithin: { n: 3, unit: 'WORKING' }, minDuration: { n: 3, unit: 'WORKING' }, objectionAnswer: { n: 3, unit: 'WORKING' },
};

describe('rule 20: the publicity lasts at least 3 days, ending 24:00 CST of the last day', () => {
  test.each([
    ['an ordinary week (Mon → Thu)', '2026-11-02T10:00:00', DEFAULT_PUBLICITY, '2026-11-06T00:00:00'],
    ['01:00 CST is still that CST day', '2026-11-02T01:00:00', DEFAULT_PUBLICITY, '2026-11-06T00:00:00'],
    ['ends on 中秋 (Sun 09-27) → next working day Mon 09-28', '2026-09-24T10:00:00', DEFAULT_PUBLICITY, '2026-09-29T00:00:00'],
    ['ends on Sat 10-10, a 调休 working day', '2026-10-07T10:00:00', DEFAULT_PUBLICITY, '2026-10-11T00:00:00'],
    ['ends on Sun 10-11 → Mon 10-12', '2026-10-08T10:00:00', DEFAULT_PUBLICITY, '2026-10-13T00:00:00'],
    ['working days: from Fri 10-09 → Sat 10-10 (调休), Mon, Tue', '2026-10-09T10:00:00', working, '2026-10-14T00:00:00'],
    ['working days across 国庆: 10-08, 10-09, 10-10', '2026-09-30T10:00:00', working, '2026-10-11T00:00:00'],
    ['working days: Sun 09-20 (调休) counts', '2026-09-18T10:00:00', working, '2026-09-23T00:00:00'],
  ])('%s', (_case, start, rule, end) => {
    expect(publicityEnd(cst(start), rule, calendar)).toEqual(cst(end));
  });

  test('3 calendar days is the default for all three periods', () => {
    expect(DEFAULT_PUBLICITY).toEqual({ publishWithin: { n: 3, unit: 'CALENDAR' }, minDuration: { n: 3, unit: 'CALENDAR' }, objectionAnswer: { n: 3, unit: 'CALENDAR' } });
  });
});

test.each([
  ['report signed Tue 09-29: 10-02 is 国庆 → published by the end of Thu 10-08', '2026-09-29T15:00:00', '2026-10-09T00:00:00'],
  ['report signed Mon 11-02 → by the end of Thu 11-05', '2026-11-02T15:00:00', '2026-11-06T00:00:00'],
])('rule 20 publish deadline: %s', (_case, signed, deadline) => {
  expect(publishDeadline(cst(signed), DEFAULT_PUBLICITY, calendar)).toEqual(cst(deadline));
});

test.each([
  ['raised Wed 10-07 → answer by the end of Sat 10-10 (调休)', '2026-10-07T16:00:00', DEFAULT_PUBLICITY, '2026-10-11T00:00:00'],
  ['raised Fri 02-13 → 02-16 is 春节 → Tue 02-24', '2026-02-13T16:00:00', DEFAULT_PUBLICITY, '2026-02-25T00:00:00'],
  ['working days from Fri 02-13: Sat 02-14 (调休), Tue 02-24, Wed 02-25', '2026-02-13T16:00:00', working, '2026-02-26T00:00:00'],
])('rule 21 objection answer: %s', (_case, raised, rule, due) => {
  expect(objectionAnswerDue(cst(raised), rule, calendar)).toEqual(cst(due));
});

test.each([
  ['before the publicity', '2026-11-02T09:59:59.999', false],
  ['when it starts', '2026-11-02T10:00:00', true],
  ['during it', '2026-11-04T12:00:00', true],
  ['its last millisecond', '2026-11-05T23:59:59.999', true],
  ['at 24:00 of the last day', '2026-11-06T00:00:00', false],
])('rule 21: an objection %s → %s', (_case, at, allowed) => {
  expect(objectionAllowed(cst(at), cst('2026-11-02T10:00:00'), cst('2026-11-06T00:00:00'))).toBe(allowed);
});
