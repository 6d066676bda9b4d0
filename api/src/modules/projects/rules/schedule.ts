/**
 * Schedule rules (pure): a schedule is checked on publication and on every amendment against the
 * project's procedure config and the working-day calendar. Each violation names the rule and the
 * earliest legal date.
 */
import { cstDay, cstStartOfDay, periodEnd, type WorkingCalendar } from './calendar';
import type { Period, ProcedureConfig } from './procedures';

export interface Schedule {
  documentsFrom?: Date | null;
  documentsUntil?: Date | null;
  bidDeadline?: Date | null;
  openingAt?: Date | null;
  listingStart?: Date | null;
  listingEnd?: Date | null;
}

export type ScheduleRule =
  | 'REQUIRED'
  | 'ORDER'
  | 'DOCUMENTS_PERIOD'
  | 'DEADLINE_PERIOD'
  | 'OPENING_BEFORE_DEADLINE'
  | 'ANNOUNCEMENT_BEFORE_LISTING'
  | 'LISTING_PERIOD'
  | 'AMENDMENT_NOTICE';

export interface ScheduleViolation {
  rule: ScheduleRule;
  field: keyof Schedule;
  message: string;
  /** the earliest instant that satisfies the rule (00:00 China time of the earliest legal day) */
  earliestLegal: Date | null;
}

const describe = (p: Period) => `${p.n} ${p.unit === 'WORKING' ? '个工作日' : '日'}`;

/** Which fields a method needs. */
export function requiredFields(config: ProcedureConfig): (keyof Schedule)[] {
  if (config.listingPeriod) return ['listingStart', 'listingEnd'];
  if (config.announcementBeforeListing) return ['listingStart'];
  return config.documentsPeriod ? ['documentsFrom', 'documentsUntil', 'bidDeadline', 'openingAt'] : ['documentsFrom', 'bidDeadline', 'openingAt'];
}

export function validateSchedule(schedule: Schedule, publishAt: Date, config: ProcedureConfig, calendar: WorkingCalendar): ScheduleViolation[] {
  const missing = requiredFields(config).filter((f) => !schedule[f]);
  if (missing.length) {
    return missing.map((field) => ({ rule: 'REQUIRED', field, message: `${field} is required for ${config.label}.`, earliestLegal: null }));
  }
  const violations: ScheduleViolation[] = [];
  const atLeast = (field: keyof Schedule, from: Date, period: Period | null, rule: ScheduleRule, what: string) => {
    const value = schedule[field];
    if (!period || !value) return;
    const earliestDay = periodEnd(cstDay(from), period.n, period.unit, calendar);
    if (cstDay(value) < earliestDay) {
      violations.push({ rule, field, message: `${what}至少 ${describe(period)}：不得早于 ${earliestDay}。`, earliestLegal: cstStartOfDay(earliestDay) });
    }
  };
  const notBefore = (field: keyof Schedule, bound: Date, what: string, rule: ScheduleRule = 'ORDER') => {
    const value = schedule[field];
    if (value && value < bound) violations.push({ rule, field, message: what, earliestLegal: bound });
  };

  const { documentsFrom, bidDeadline, listingStart } = schedule;
  if (documentsFrom) {
    notBefore('documentsFrom', publishAt, '招标文件发出时间不得早于公告发布时间。');
    notBefore('documentsUntil', documentsFrom, '招标文件发售截止时间不得早于发出时间。');
    atLeast('documentsUntil', documentsFrom, config.documentsPeriod, 'DOCUMENTS_PERIOD', '招标文件提供期限');
    atLeast('bidDeadline', documentsFrom, config.deadlinePeriod, 'DEADLINE_PERIOD', '自招标文件开始发出之日起至投标截止之日止');
  }
  if (bidDeadline) notBefore('openingAt', bidDeadline, '开标时间不得早于投标截止时间。', 'OPENING_BEFORE_DEADLINE');
  if (listingStart) {
    atLeast('listingStart', publishAt, config.announcementBeforeListing, 'ANNOUNCEMENT_BEFORE_LISTING', '出让公告发布至挂牌（拍卖）开始');
    notBefore('listingEnd', listingStart, '挂牌截止时间不得早于挂牌开始时间。');
    atLeast('listingEnd', listingStart, config.listingPeriod, 'LISTING_PERIOD', '挂牌时间');
  }
  return violations;
}

/**
 * An amendment of the documents made at `now` needs `amendmentNotice` before the deadline; when it
 * comes later, the deadline must move at least to the returned violation's earliest legal date.
 */
export function amendmentViolation(now: Date, newDeadline: Date, config: ProcedureConfig, calendar: WorkingCalendar): ScheduleViolation | null {
  const notice = config.amendmentNotice;
  if (!notice) return null;
  const earliestDay = periodEnd(cstDay(now), notice.n, notice.unit, calendar);
  if (cstDay(newDeadline) >= earliestDay) return null;
  return {
    rule: 'AMENDMENT_NOTICE',
    field: 'bidDeadline',
    message: `澄清或修改招标文件须在投标截止 ${describe(notice)}前作出，否则应顺延投标截止时间：不得早于 ${earliestDay}。`,
    earliestLegal: cstStartOfDay(earliestDay),
  };
}
