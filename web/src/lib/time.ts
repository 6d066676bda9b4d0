/**
 * Beijing time (UTC+8 all year, no daylight saving) for form controls: `<input type="datetime-local">`
 * values are read and written as Beijing time whatever the browser's own time zone.
 */
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** "2025-03-01T09:30" in Beijing time → ISO 8601 with offset. */
export function beijingLocalToIso(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(value);
  return match ? `${match[1]}${match[2] ?? ':00'}+08:00` : undefined;
}

/** An instant → "2025-03-01T09:30" (Beijing time), for a datetime-local input. */
export function isoToBeijingLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16);
}

/** The Beijing calendar day (YYYY-MM-DD) of an instant or of a datetime-local value. */
export function beijingDay(value: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !/[Z+]/.test(value.slice(10))) return value.slice(0, 10);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Day of the week of a YYYY-MM-DD day: 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/**
 * `day` (from an earliest legal instant) with the time of day of `current` (a datetime-local value),
 * when that is not earlier than the earliest legal instant; else the earliest legal instant itself.
 */
export function moveToDay(earliestLegalIso: string, current: string): string {
  const earliest = isoToBeijingLocal(earliestLegalIso);
  const time = /T(\d{2}:\d{2})/.exec(current)?.[1];
  if (!time) return earliest;
  const candidate = `${earliest.slice(0, 10)}T${time}`;
  return candidate >= earliest ? candidate : earliest;
}

/** A duration in ms → parts for "3 天 4 小时 5 分" (whole seconds, never negative). */
export function durationParts(ms: number): { days: number; hours: number; minutes: number; seconds: number } {
  const total = Math.max(0, Math.floor(ms / 1000));
  return { days: Math.floor(total / 86400), hours: Math.floor((total % 86400) / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}
