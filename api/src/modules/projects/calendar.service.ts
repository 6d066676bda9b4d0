/** The working-day calendar and the procedure configs: seeded from data on first start, read from the database. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { CalendarDay, CalendarDayKind } from './calendar-day.entity';
import { ProcedureConfigRecord } from './procedure-config.entity';
import { OFFICIAL_CALENDAR } from './rules/calendar-data';
import { calendarFrom, type WorkingCalendar } from './rules/calendar';
import { PROCEDURES, type ProcedureConfig } from './rules/procedures';

export class CalendarService {
  /** Insert what is missing (never overwrites an administrator's edit). */
  async seed(em: EntityManager): Promise<void> {
    const known = new Set((await em.find(CalendarDay, {}, { fields: ['day'] })).map((d) => d.day));
    for (const [, year] of Object.entries(OFFICIAL_CALENDAR)) {
      for (const entry of year.entries) {
        if (!known.has(entry.date)) em.create(CalendarDay, { day: entry.date, kind: entry.kind as CalendarDayKind, name: entry.name, provisional: year.provisional });
      }
    }
    const methods = new Set((await em.find(ProcedureConfigRecord, {})).map((p) => p.method));
    for (const config of PROCEDURES) if (!methods.has(config.method)) em.create(ProcedureConfigRecord, { method: config.method, kind: config.kind, config });
    await em.flush();
  }

  /** Read on every use (a few hundred rows): an administrator's edit applies at once in every process. */
  async calendar(em: EntityManager): Promise<WorkingCalendar> {
    const days = await em.find(CalendarDay, {});
    return calendarFrom(days.map((d) => ({ date: d.day, kind: d.kind })));
  }

  async year(em: EntityManager, year: number): Promise<CalendarDay[]> {
    return em.find(CalendarDay, { day: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } }, { orderBy: { day: 'asc' } });
  }

  /** Set (or, with kind null, remove) an exception day; administrators only. */
  async setDay(em: EntityManager, day: string, kind: CalendarDayKind | null, name: string): Promise<CalendarDay | null> {
    const existing = await em.findOne(CalendarDay, { day });
    if (!kind) {
      if (existing) em.remove(existing);
    } else if (existing) {
      Object.assign(existing, { kind, name, provisional: false });
    } else {
      em.create(CalendarDay, { day, kind, name, provisional: false });
    }
    await em.flush();
    return kind ? em.findOne(CalendarDay, { day }) : null;
  }

  async procedure(em: EntityManager, method: string): Promise<ProcedureConfig | null> {
    return (await em.findOne(ProcedureConfigRecord, { method }))?.config ?? null;
  }

  async procedures(em: EntityManager): Promise<ProcedureConfig[]> {
    return (await em.find(ProcedureConfigRecord, {}, { orderBy: { method: 'asc' } })).map((p) => p.config);
  }
}
