/**
 * Working-day arithmetic on China Standard Time calendar days ("YYYY-MM-DD"), with public holidays and
 * substitute working days (调休). Pure functions; the calendar itself is data (calendar-data.ts / the
 * calendar_day table). Periods follow 《民法典》 Art. 201–203: the first day is not counted, and a period
 * whose last day is a rest day ends on the next working day.
 */
export interface WorkingCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export type DayUnit = 'CALENDAR' | 'WORKING';

const DAY_MS = 86400_000;
const CST_OFFSET_MS = 8 * 3600_000;

export function calendarFrom(entries: { date: string; kind: 'HOLIDAY' | 'WORKDAY' }[]): WorkingCalendar {
  return {
    holidays: new Set(entries.filter((e) => e.kind === 'HOLIDAY').map((e) => e.date)),
    workdays: new Set(entries.filter((e) => e.kind === 'WORKDAY').map((e) => e.date)),
  };
}

/** The calendar day (UTC+8) an instant falls on. */
export function cstDay(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 of a calendar day in China Standard Time. */
export function cstStartOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS);
}

export function addCalendarDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(day: string, calendar: WorkingCalendar): boolean {
  if (calendar.workdays.has(day)) return true;
  if (calendar.holidays.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

export function nextWorkingDay(day: string, calendar: WorkingCalendar): string {
  let d = day;
  while (!isWorkingDay(d, calendar)) d = addCalendarDays(d, 1);
  return d;
}

/** The day on which a period of `n` working days starting the day after `day` ends. */
export function addWorkingDays(day: string, n: number, calendar: WorkingCalendar): string {
  let d = day;
  for (let counted = 0; counted < n; ) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d, calendar)) counted++;
  }
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar): number {
  let count = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(d, calendar)) count++;
  return count;
}

/**
 * The last day of a period of `n` days (calendar or working) that starts on `day`: the first day is
 * not counted; a calendar-day period that would end on a rest day ends on the next working day.
 */
export function periodEnd(day: string, n: number, unit: DayUnit, calendar: WorkingCalendar): string {
  if (unit === 'WORKING') return addWorkingDays(day, n, calendar);
  return nextWorkingDay(addCalendarDays(day, n), calendar);
}
