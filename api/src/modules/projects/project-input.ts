/** Checks of project input that need no database (pure). */
import { ProjectErrorCode, type LotInput, type ProjectError, type ScheduleInput } from './projects.types';
import type { Schedule, ScheduleViolation } from './rules/schedule';

const MONEY = /^\d{1,16}(\.\d{1,2})?$/;

export function moneyProblems(fields: Record<string, string | null | undefined>): ProjectError[] {
  return Object.entries(fields)
    .filter(([, value]) => value != null && !MONEY.test(value))
    .map(([field]) => ({ code: ProjectErrorCode.MONEY_INVALID, message: `${field} must be an amount in yuan with at most 2 decimals, e.g. 1250000.00.`, field }));
}

export function textProblem(field: string, value: string | null | undefined, max: number, code = ProjectErrorCode.TEXT_INVALID): ProjectError | null {
  const text = value?.trim() ?? '';
  return text.length >= 1 && text.length <= max ? null : { code, message: `${field} must have 1 to ${max} characters.`, field };
}

export function lotsProblem(lots: LotInput[]): ProjectError | null {
  if (lots.length < 1 || lots.length > 50) return { code: ProjectErrorCode.LOTS_INVALID, message: 'A project has 1 to 50 lots.', field: 'lots' };
  const bad = lots.findIndex((l) => !l.title?.trim() || l.title.trim().length > 200);
  return bad >= 0 ? { code: ProjectErrorCode.LOTS_INVALID, message: `Lot ${bad + 1} needs a title of 1 to 200 characters.`, field: 'lots' } : null;
}

export function scheduleErrors(violations: ScheduleViolation[]): ProjectError[] {
  return violations.map((v) => ({ code: ProjectErrorCode.SCHEDULE_INVALID, message: v.message, field: v.field, rule: v.rule, earliestLegal: v.earliestLegal }));
}

/** The schedule after applying the given fields (null clears a field, undefined keeps it). */
export function mergeSchedule(current: Schedule, change: ScheduleInput | null | undefined): Schedule {
  const next: Schedule = { ...current };
  for (const key of ['documentsFrom', 'documentsUntil', 'bidDeadline', 'openingAt', 'listingStart', 'listingEnd'] as const) {
    if (change && change[key] !== undefined) next[key] = change[key];
  }
  return next;
}
