/**
 * Publicity of the candidates and objections to it (DOMAIN rules 20–21).
 *
 * The periods are CALENDAR days: 《招标投标法实施条例》 Art. 54 says "3日内公示", "公示期不得少于3日",
 * "自收到异议之日起3日内作出答复", and Chinese law says 工作日 whenever it means working days (as in
 * rule 22). The working calendar still matters: by 《民法典》 Art. 201–203 the first day is not counted
 * and a period whose last day is a rest day ends on the next working day (periodEnd). A trading centre
 * may configure WORKING periods instead; the functions take either.
 */
import { addCalendarDays, cstDay, cstStartOfDay, periodEnd, type WorkingCalendar } from '../../projects/rules/calendar';
import type { Period } from '../../projects/rules/procedures';

export interface PublicityRule {
  publishWithin: Period;
  minDuration: Period;
  objectionAnswer: Period;
}

export const DEFAULT_PUBLICITY: PublicityRule = {
  publishWithin: { n: 3, unit: 'CALENDAR' },
  minDuration: { n: 3, unit: 'CALENDAR' },
  objectionAnswer: { n: 3, unit: 'CALENDAR' },
};

/** The instant a period starting at `from` is over: 24:00 CST of its last day. */
export function periodEndsAt(from: Date, period: Period, calendar: WorkingCalendar): Date {
  return cstStartOfDay(addCalendarDays(periodEnd(cstDay(from), period.n, period.unit, calendar), 1));
}

/** The earliest moment the publicity may end (it lasts at least minDuration). */
export function publicityEnd(startsAt: Date, rule: PublicityRule, calendar: WorkingCalendar): Date {
  return periodEndsAt(startsAt, rule.minDuration, calendar);
}

/** The candidates must be published before this instant (rule 20). */
export function publishDeadline(reportSignedAt: Date, rule: PublicityRule, calendar: WorkingCalendar): Date {
  return periodEndsAt(reportSignedAt, rule.publishWithin, calendar);
}

/** The answer to an objection is due before this instant (rule 21). */
export function objectionAnswerDue(raisedAt: Date, rule: PublicityRule, calendar: WorkingCalendar): Date {
  return periodEndsAt(raisedAt, rule.objectionAnswer, calendar);
}

/** rule 21: objections to the results only while the publicity runs [start, end). */
export function objectionAllowed(at: Date, publicityStartsAt: Date, publicityEndsAt: Date): boolean {
  return at.getTime() >= publicityStartsAt.getTime() && at.getTime() < publicityEndsAt.getTime();
}
