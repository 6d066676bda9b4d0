/**
 * The official working-day calendar (国务院办公厅关于部分节假日安排的通知): public holidays AND the
 * weekend days that are working days (调休). Shipped as data and loaded into the `calendar_day` table,
 * where administrators can correct it. 2027 follows the pattern of the published rules and is marked
 * provisional until the State Council's notice for 2027 is entered.
 */
export interface CalendarEntry {
  date: string; // YYYY-MM-DD, China Standard Time
  kind: 'HOLIDAY' | 'WORKDAY';
  name: string;
}

const holidays = (name: string, ...dates: string[]): CalendarEntry[] => dates.map((date) => ({ date, kind: 'HOLIDAY', name }));
const workdays = (name: string, ...dates: string[]): CalendarEntry[] => dates.map((date) => ({ date, kind: 'WORKDAY', name: `${name}调休上班` }));
const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86400_000)) out.push(d.toISOString().slice(0, 10));
  return out;
};

export const OFFICIAL_CALENDAR: Record<number, { provisional: boolean; entries: CalendarEntry[] }> = {
  2025: {
    provisional: false,
    entries: [
      ...holidays('元旦', '2025-01-01'),
      ...holidays('春节', ...range('2025-01-28', '2025-02-04')),
      ...workdays('春节', '2025-01-26', '2025-02-08'),
      ...holidays('清明节', ...range('2025-04-04', '2025-04-06')),
      ...holidays('劳动节', ...range('2025-05-01', '2025-05-05')),
      ...workdays('劳动节', '2025-04-27'),
      ...holidays('端午节', ...range('2025-05-31', '2025-06-02')),
      ...holidays('国庆节、中秋节', ...range('2025-10-01', '2025-10-08')),
      ...workdays('国庆节、中秋节', '2025-09-28', '2025-10-11'),
    ],
  },
  2026: {
    provisional: false,
    entries: [
      ...holidays('元旦', ...range('2026-01-01', '2026-01-03')),
      ...workdays('元旦', '2026-01-04'),
      ...holidays('春节', ...range('2026-02-15', '2026-02-23')),
      ...workdays('春节', '2026-02-14', '2026-02-28'),
      ...holidays('清明节', ...range('2026-04-04', '2026-04-06')),
      ...holidays('劳动节', ...range('2026-05-01', '2026-05-05')),
      ...workdays('劳动节', '2026-05-09'),
      ...holidays('端午节', ...range('2026-06-19', '2026-06-21')),
      ...holidays('中秋节', ...range('2026-09-25', '2026-09-27')),
      ...holidays('国庆节', ...range('2026-10-01', '2026-10-07')),
      ...workdays('国庆节', '2026-09-20', '2026-10-10'),
    ],
  },
  2027: {
    provisional: true,
    entries: [
      ...holidays('元旦', '2027-01-01'),
      ...holidays('春节', ...range('2027-02-05', '2027-02-12')),
      ...workdays('春节', '2027-02-13'),
      ...holidays('清明节', ...range('2027-04-03', '2027-04-05')),
      ...holidays('劳动节', ...range('2027-05-01', '2027-05-05')),
      ...holidays('端午节', ...range('2027-06-09', '2027-06-11')),
      ...holidays('中秋节', ...range('2027-09-15', '2027-09-17')),
      ...holidays('国庆节', ...range('2027-10-01', '2027-10-07')),
      ...workdays('国庆节', '2027-09-26', '2027-10-09'),
    ],
  },
};
