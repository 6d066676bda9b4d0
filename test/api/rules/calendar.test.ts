import { OFFICIAL_CALENDAR } from '../../../api/src/modules/projects/rules/calendar-data';
import {
  addWorkingDays,
  calendarFrom,
  cstDay,
  cstStartOfDay,
  isWorkingDay,
  periodEnd,
  workingDaysBetween,
} from '../../../api/src/modules/projects/rules/calendar';

const calendar = calendarFrom(Object.values(OFFICIAL_CALENDAR).flatMap((y) => y.entries));

describe('working days across Chinese holidays and 调休 (2025–2026)', () => {
  test.each([
    // day           working?  why
    ['2025-01-01', false], // 元旦
    ['2025-01-26', true], // Sunday, 春节调休上班
    ['2025-01-28', false], // 除夕
    ['2025-02-04', false], // last day of 春节
    ['2025-02-05', true],
    ['2025-02-08', true], // Saturday, 春节调休上班
    ['2025-02-09', false], // an ordinary Sunday
    ['2025-04-27', true], // Sunday, 劳动节调休上班
    ['2025-05-05', false], // 劳动节
    ['2025-09-28', true], // Sunday, 国庆调休上班
    ['2025-10-08', false], // 国庆、中秋
    ['2025-10-11', true], // Saturday, 国庆调休上班
    ['2026-01-02', false], // 元旦 (Friday)
    ['2026-01-04', true], // Sunday, 元旦调休上班
    ['2026-02-14', true], // Saturday, 春节调休上班
    ['2026-02-16', false], // 春节 (Monday)
    ['2026-02-23', false], // last day of 春节 (Monday)
    ['2026-02-24', true],
    ['2026-02-28', true], // Saturday, 春节调休上班
    ['2026-05-09', true], // Saturday, 劳动节调休上班
    ['2026-06-19', false], // 端午 (Friday)
    ['2026-09-20', true], // Sunday, 国庆调休上班
    ['2026-10-07', false], // 国庆
    ['2026-10-10', true], // Saturday, 国庆调休上班
    ['2026-11-23', true], // an ordinary Monday
  ])('%s working: %s', (day, working) => {
    expect(isWorkingDay(day, calendar)).toBe(working);
  });

  test.each([
    // from          n   → ends on       note
    ['2026-11-20', 10, '2026-12-04'], // ordinary weeks: 10 working days = 2 weeks
    ['2025-01-24', 5, '2025-02-07'], // across 春节 2025: 01-26 (Sun) counts, 01-28..02-04 do not
    ['2025-09-26', 3, '2025-09-30'], // 09-27 (Sat) rests, 09-28 (Sun) works
    ['2025-09-26', 4, '2025-10-09'], // then 10-01..10-08 rest
    ['2026-02-12', 2, '2026-02-14'], // 02-13 (Fri) and 02-14 (Sat, 调休)
    ['2026-02-13', 5, '2026-02-27'], // 02-14 counts, then 02-15..02-23 rest, 02-24..02-27
    ['2026-09-30', 1, '2026-10-08'], // 国庆 2026: the next working day after 09-30 is 10-08
    ['2026-10-09', 1, '2026-10-10'], // 10-10 is a Saturday working day
  ])('%s + %i working days → %s', (from, n, end) => {
    expect(addWorkingDays(from, n, calendar)).toBe(end);
    expect(workingDaysBetween(from, end, calendar)).toBe(n);
  });

  test('"10 working days" is never 10 calendar days across a holiday', () => {
    expect(periodEnd('2026-09-28', 10, 'WORKING', calendar)).toBe('2026-10-16');
    expect(periodEnd('2026-09-28', 10, 'CALENDAR', calendar)).toBe('2026-10-08');
  });

  test.each([
    // a calendar-day period ending on a rest day ends on the next working day (民法典 Art. 203)
    ['2026-01-12', 21, '2026-02-02'], // ends on a Monday: unchanged
    ['2026-01-11', 20, '2026-02-02'], // would end Saturday 01-31 → Monday 02-02
    ['2026-01-27', 20, '2026-02-24'], // would end 02-16 (春节) → 02-24
    ['2026-01-25', 20, '2026-02-14'], // ends 02-14, a Saturday that is a 调休 working day
  ])('%s + %i calendar days → %s', (from, n, end) => {
    expect(periodEnd(from, n, 'CALENDAR', calendar)).toBe(end);
  });

  test('calendar days are China Standard Time', () => {
    expect(cstDay(new Date('2026-02-14T15:59:59Z'))).toBe('2026-02-14');
    expect(cstDay(new Date('2026-02-14T16:00:00Z'))).toBe('2026-02-15');
    expect(cstStartOfDay('2026-02-15').toISOString()).toBe('2026-02-14T16:00:00.000Z');
  });

  test('2025 and 2026 are official, 2027 is shipped as provisional', () => {
    expect(OFFICIAL_CALENDAR[2025].provisional).toBe(false);
    expect(OFFICIAL_CALENDAR[2026].provisional).toBe(false);
    expect(OFFICIAL_CALENDAR[2027].provisional).toBe(true);
  });
});
