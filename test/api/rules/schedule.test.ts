import { OFFICIAL_CALENDAR } from '../../../api/src/modules/projects/rules/calendar-data';
import { calendarFrom } from '../../../api/src/modules/projects/rules/calendar';
import { procedure } from '../../../api/src/modules/projects/rules/procedures';
import { amendmentViolation, validateSchedule, type Schedule } from '../../../api/src/modules/projects/rules/schedule';

const calendar = calendarFrom(Object.values(OFFICIAL_CALENDAR).flatMap((y) => y.entries));
const cst = (s: string) => new Date(`${s}+08:00`);
const gp = procedure('GP_OPEN_TENDER')!;
const works = procedure('CONSTRUCTION_OPEN_TENDER')!;
const negotiation = procedure('GP_COMPETITIVE_NEGOTIATION')!;
const listing = procedure('LAND_LISTING')!;

const tender = (over: Partial<Record<keyof Schedule, string>>): Schedule => {
  const base = { documentsFrom: '2026-11-24T09:00', documentsUntil: '2026-12-01T17:00', bidDeadline: '2026-12-15T09:30', openingAt: '2026-12-15T09:30', ...over };
  return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, cst(v)]));
};
const rules = (violations: { rule: string; earliestLegal: Date | null }[]) => violations.map((v) => [v.rule, v.earliestLegal?.toISOString().slice(0, 10) ?? null]);

describe('tender schedules', () => {
  const publishAt = cst('2026-11-24T08:00');

  test.each([
    // case                                          method  schedule overrides                               → violations [rule, earliest legal day (UTC date of 00:00 CST)]
    ['a legal government procurement schedule', gp, {}, []],
    ['deadline 19 days after documents', gp, { bidDeadline: '2026-12-13T09:30', openingAt: '2026-12-13T09:30' }, [['DEADLINE_PERIOD', '2026-12-13']]],
    ['GP documents 5 *working* days: until Friday is one short', gp, { documentsUntil: '2026-11-30T17:00' }, [['DOCUMENTS_PERIOD', '2026-11-30']]],
    ['construction documents 5 calendar days: until Saturday 11-29 → next working day', works, { documentsUntil: '2026-11-28T17:00' }, [['DOCUMENTS_PERIOD', '2026-11-29']]],
    ['opening before the deadline', gp, { openingAt: '2026-12-15T09:00' }, [['OPENING_BEFORE_DEADLINE', '2026-12-15']]],
    ['documents before the announcement', gp, { documentsFrom: '2026-11-23T09:00' }, [['ORDER', '2026-11-24']]],
    ['competitive negotiation: 3 working days', negotiation, { documentsUntil: '', bidDeadline: '2026-11-26T09:00', openingAt: '2026-11-26T09:00' }, [['DEADLINE_PERIOD', '2026-11-26']]],
    ['competitive negotiation: 3 working days is enough', negotiation, { documentsUntil: '', bidDeadline: '2026-11-27T09:00', openingAt: '2026-11-27T09:00' }, []],
  ])('%s', (_case, config, over, expected) => {
    const schedule = tender(over as Partial<Record<keyof Schedule, string>>);
    if ((over as Record<string, string>).documentsUntil === '') delete schedule.documentsUntil;
    expect(rules(validateSchedule(schedule, publishAt, config, calendar))).toEqual(expected);
  });

  test('a deadline period that would end on 春节 moves to the first working day after it', () => {
    const schedule = tender({ documentsFrom: '2026-01-27T09:00', documentsUntil: '2026-02-03T17:00', bidDeadline: '2026-02-16T09:00', openingAt: '2026-02-16T09:00' });
    const [violation] = validateSchedule(schedule, cst('2026-01-27T08:00'), gp, calendar);
    expect(violation).toMatchObject({ rule: 'DEADLINE_PERIOD', field: 'bidDeadline', message: expect.stringContaining('2026-02-24') });
    expect(violation.earliestLegal).toEqual(cst('2026-02-24T00:00'));
  });

  test('missing fields are named', () => {
    expect(validateSchedule({}, publishAt, gp, calendar).map((v) => [v.rule, v.field])).toEqual([
      ['REQUIRED', 'documentsFrom'],
      ['REQUIRED', 'documentsUntil'],
      ['REQUIRED', 'bidDeadline'],
      ['REQUIRED', 'openingAt'],
    ]);
  });
});

describe('land listing schedules (挂牌)', () => {
  const publishAt = cst('2026-11-02T09:00');
  test.each([
    ['legal', { listingStart: '2026-11-23T09:00', listingEnd: '2026-12-03T15:00' }, []],
    ['announcement 19 days before the listing', { listingStart: '2026-11-21T09:00', listingEnd: '2026-12-03T15:00' }, [['ANNOUNCEMENT_BEFORE_LISTING', '2026-11-22']]],
    ['listing of 9 days', { listingStart: '2026-11-23T09:00', listingEnd: '2026-12-02T15:00' }, [['LISTING_PERIOD', '2026-12-02']]],
  ])('%s', (_case, s, expected) => {
    const schedule = { listingStart: cst(s.listingStart), listingEnd: cst(s.listingEnd) };
    expect(rules(validateSchedule(schedule, publishAt, listing, calendar))).toEqual(expected);
  });

  test('a province that counts the listing in working days', () => {
    const working = { ...listing, listingPeriod: { n: 10, unit: 'WORKING' as const } };
    const schedule = { listingStart: cst('2026-11-23T09:00'), listingEnd: cst('2026-12-03T15:00') };
    expect(rules(validateSchedule(schedule, publishAt, working, calendar))).toEqual([['LISTING_PERIOD', '2026-12-06']]);
  });
});

describe('amendments (rule 24: ≥ 15 days before the deadline, else the deadline moves)', () => {
  test.each([
    ['16 days before: no move', '2026-11-24T10:00', '2026-12-10T09:30', null],
    ['15 days before: no move', '2026-11-24T10:00', '2026-12-09T09:30', null],
    ['14 days before: the deadline must move to 12-09', '2026-11-24T10:00', '2026-12-08T09:30', '2026-12-08'],
  ])('%s', (_case, now, deadline, earliest) => {
    const violation = amendmentViolation(cst(now), cst(deadline), gp, calendar);
    expect(violation?.earliestLegal?.toISOString().slice(0, 10) ?? null).toBe(earliest);
  });
});
