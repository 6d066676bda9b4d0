/**
 * One date-time of a project schedule, in Beijing time, with its calendar hints: the rule of the
 * chosen method beside the field (「自招标文件发出之日起不少于 20 日」), a note when the chosen day is
 * a holiday, a weekend or a substitute working day (调休), and the server's schedule errors with
 * the earliest legal date and a button that moves the field there.
 */
import { useQuery } from 'urql';
import { Field } from '../../components/Field';
import { useProjectErrorText } from '../../components/project-errors';
import type { Period, ProcedureConfig, ProjectError, ScheduleField } from '../../graphql/projects';
import { useI18n, type Translate } from '../../i18n';
import { beijingDay, isoToBeijingLocal, weekday } from '../../lib/time';

interface CalendarDay {
  day: string;
  kind: 'HOLIDAY' | 'WORKDAY';
  name: string;
  provisional: boolean;
}

/** Holidays and 调休 days of the years the given datetime-local values fall in, by day. */
export function useCalendarDays(values: string[]): Map<string, CalendarDay> {
  const years = [...new Set(values.map((v) => Number(v.slice(0, 4))).filter((y) => y >= 2000 && y <= 2100))].sort();
  const query = years.length
    ? `query CalendarDays { ${years.map((y) => `y${y}: calendarDays(year: ${y}) { day kind name provisional }`).join(' ')} }`
    : 'query CalendarDaysNone { __typename }';
  const [{ data }] = useQuery<Record<string, CalendarDay[] | string>>({ query, pause: years.length === 0 });
  const days = new Map<string, CalendarDay>();
  if (data && years.length) for (const list of Object.values(data)) if (Array.isArray(list)) for (const day of list) days.set(day.day, day);
  return days;
}

export function describePeriod(t: Translate, period: Period): string {
  return t(period.unit === 'WORKING' ? 'period.WORKING' : 'period.CALENDAR', { n: period.n });
}

/** The rule of the method that bounds this field, in words. */
function scheduleRuleHint(t: Translate, field: ScheduleField, config: ProcedureConfig | undefined): string {
  const period = (p: Period | null | undefined) => (p ? describePeriod(t, p) : null);
  switch (field) {
    case 'documentsFrom':
      return t('scheduleHint.documentsFrom');
    case 'documentsUntil': {
      const p = period(config?.documentsPeriod);
      return p ? t('scheduleHint.documentsUntil', { period: p }) : t('scheduleHint.documentsUntilFree');
    }
    case 'bidDeadline': {
      const p = period(config?.deadlinePeriod);
      return p ? t('scheduleHint.bidDeadline', { period: p }) : t('scheduleHint.free');
    }
    case 'openingAt':
      return t('scheduleHint.openingAt');
    case 'listingStart': {
      const p = period(config?.announcementBeforeListing);
      return p ? t('scheduleHint.listingStart', { period: p }) : t('scheduleHint.free');
    }
    case 'listingEnd': {
      const p = period(config?.listingPeriod);
      return p ? t('scheduleHint.listingEnd', { period: p }) : t('scheduleHint.free');
    }
  }
}

/** 「2026-10-01 国庆节 休息」 / 「2026-10-10 国庆节 调休上班」 / 「2026-11-28 周六 休息」, or null on an ordinary working day. */
function dayNote(t: Translate, value: string, days: Map<string, CalendarDay>): { text: string; kind: 'HOLIDAY' | 'WORKDAY' | 'WEEKEND' } | null {
  const day = value ? beijingDay(value) : null;
  if (!day) return null;
  const entry = days.get(day);
  const provisional = entry?.provisional ? t('calendar.provisional') : '';
  // the calendar names a substitute working day 「国庆节调休上班」; the note says 调休上班 itself
  const named = entry ? [day, entry.name.replace(/调休上班$/, '').trim()].filter(Boolean).join(' ') : day;
  if (entry?.kind === 'HOLIDAY') return { kind: 'HOLIDAY', text: t('calendar.holiday', { day: named }) + provisional };
  if (entry?.kind === 'WORKDAY') return { kind: 'WORKDAY', text: t('calendar.workday', { day: named }) + provisional };
  const dow = weekday(day);
  if (dow === 0 || dow === 6) return { kind: 'WEEKEND', text: t('calendar.weekend', { day, weekday: t(dow === 0 ? 'calendar.sunday' : 'calendar.saturday') }) };
  return null;
}

/** The earliest legal instant in words: a day when it is 00:00, else the full time. */
function EarliestLegal({ iso }: { iso: string }) {
  const { formatDateTime } = useI18n();
  const local = isoToBeijingLocal(iso);
  return <strong className="nowrap">{local.endsWith('T00:00') ? local.slice(0, 10) : formatDateTime(iso)}</strong>;
}

interface ScheduleInputProps {
  field: ScheduleField;
  value: string;
  onChange(value: string): void;
  config: ProcedureConfig | undefined;
  days: Map<string, CalendarDay>;
  errors: ProjectError[];
  /** move the field to the earliest legal date of a violated rule */
  onFix(earliestLegal: string): void;
  /** override of the label (e.g. 新的投标截止时间) */
  label?: string;
  required?: boolean;
}

export function ScheduleInput({ field, value, onChange, config, days, errors, onFix, label: labelText, required }: ScheduleInputProps) {
  const { t, label } = useI18n();
  const describe = useProjectErrorText();
  const note = dayNote(t, value, days);
  const error = errors.length ? (
    <>
      {errors.map((e, i) => (
        <span key={`${e.rule}-${i}`} className="schedule-error">
          {e.rule && <span className="rule-tag">{label('scheduleRule', e.rule)}</span>} {describe(e)}
          {e.earliestLegal && (
            <span className="fix">
              {t('schedule.earliestLegal')} <EarliestLegal iso={e.earliestLegal} />{' '}
              <button type="button" className="button-secondary button-small" onClick={() => onFix(e.earliestLegal!)}>
                {t('schedule.fix')}
              </button>
            </span>
          )}
        </span>
      ))}
    </>
  ) : null;
  return (
    <div className="schedule-field">
      <Field label={labelText ?? label('scheduleField', field)} hint={scheduleRuleHint(t, field, config)} error={error}>
        <input name={field} type="datetime-local" value={value} required={required} onChange={(e) => onChange(e.target.value)} />
      </Field>
      {note && (
        <p className={`day-note day-note-${note.kind.toLowerCase()}`} aria-live="polite">
          {note.text}
        </p>
      )}
    </div>
  );
}
