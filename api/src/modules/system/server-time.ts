/**
 * One clock reader per platform for the serverTimeTicks subscription: while anyone listens, platform time is
 * read once a second and handed to every subscriber (not one database query per subscriber per second).
 */
import { Repeater } from '@graphql-yoga/subscription';
import type { Services } from '../../services';

const TICK_MS = 1000;

class ServerTimeTicker {
  private readonly listeners = new Set<(at: Date) => void>();
  private running = false;
  private latest: Date | undefined;

  constructor(private readonly services: Services) {}

  /** Calls `listener` with the latest reading at once (if any), then with each new one; returns the unsubscribe. */
  listen(listener: (at: Date) => void): () => void {
    this.listeners.add(listener);
    if (this.latest) listener(this.latest);
    if (!this.running) {
      this.running = true;
      void this.tick();
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Read, hand out, wait a second; the loop ends at the first tick that finds no listener. */
  private async tick(): Promise<void> {
    if (!this.listeners.size) {
      this.running = false;
      this.latest = undefined;
      return;
    }
    try {
      this.latest = await this.services.clock.now(this.services.orm.em.fork());
      for (const listener of this.listeners) listener(this.latest);
    } catch (error) {
      this.services.log.error('reading the platform clock failed', error);
    }
    setTimeout(() => void this.tick(), TICK_MS).unref();
  }
}

const tickers = new WeakMap<Services, ServerTimeTicker>();

/** Platform time once a second, for one subscriber. */
export function serverTimeTicks(services: Services): AsyncIterableIterator<Date> {
  const ticker = tickers.get(services) ?? new ServerTimeTicker(services);
  tickers.set(services, ticker);
  return new Repeater<Date>(async (push, stop) => {
    const unsubscribe = ticker.listen((at) => void push(at));
    await stop;
    unsubscribe();
  });
}
