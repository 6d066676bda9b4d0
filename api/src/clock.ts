/**
 * The only source of "now": database time (clock_timestamp()) plus an offset kept in the
 * database, so every API process agrees. The offset can move only when the clock is movable
 * (tests, demos); in production it stays 0 and the server never trusts a client's clock.
 */
import type { EntityManager } from '@mikro-orm/postgresql';

export class Clock {
  constructor(readonly movable: boolean) {}

  /** The clock a configuration asks for (CLOCK=db | movable). */
  static of(config: { clock: 'db' | 'movable' }): Clock {
    return new Clock(config.clock === 'movable');
  }

  async now(em: EntityManager): Promise<Date> {
    const [row] = await em.execute<{ now: Date }[]>('select platform_now() as now');
    return new Date(row.now);
  }

  /** Move the clock forward (or back) by `ms`. Refused unless the clock is movable. */
  async advance(em: EntityManager, ms: number): Promise<Date> {
    if (!this.movable) throw new Error('the clock is not movable (CLOCK=db)');
    await em.execute('update platform_clock set offset_ms = offset_ms + ?', [Math.trunc(ms)]);
    return this.now(em);
  }

  /** Set the clock to an absolute instant. Refused unless the clock is movable. */
  async set(em: EntityManager, at: Date): Promise<Date> {
    if (!this.movable) throw new Error('the clock is not movable (CLOCK=db)');
    await em.execute("update platform_clock set offset_ms = (extract(epoch from (?::timestamptz - clock_timestamp())) * 1000)::bigint", [at.toISOString()]);
    return this.now(em);
  }

  /** Do `work` with the clock at `at`, then give the clock back the offset it had. Refused unless movable. */
  async during<T>(em: EntityManager, at: Date, work: () => Promise<T>): Promise<T> {
    const [{ offset }] = await em.execute<{ offset: string }[]>('select offset_ms as offset from platform_clock');
    await this.set(em, at);
    try {
      return await work();
    } finally {
      await em.execute('update platform_clock set offset_ms = ?', [offset]);
    }
  }
}
