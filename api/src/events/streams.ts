/**
 * Subscriptions to one event stream: replay from the table after a stream position, then live, with
 * no gap and no duplicate across the switch. Live events that arrive while replaying wait in line;
 * those at or below the last position delivered are dropped; a hole (n then n + 2) is filled from the
 * table, where stream_seq follows commit order.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { SlowConsumerError } from '../graphql/errors';
import type { EventLog, StoredEvent } from './event-log';
import type { EventListener } from './listener';

const REPLAY_BATCH = 500;
/** Events a pulled subscription holds for a consumer that does not keep up; beyond, it is cut off (it resumes with afterSeq). */
export const MAX_QUEUED = 10_000;

/**
 * A subscription that can hand its events to a callback, synchronously and in order, instead of
 * being pulled one promise at a time (graphql/shared-subscriptions fans out this way).
 */
export interface Pipeable<T> {
  /** From now on every event goes to `sink`; a failure goes to `fail`, once, and ends the subscription. */
  pipe(sink: (value: T) => void, fail: (error: unknown) => void): void;
}

export function isPipeable(source: unknown): source is Pipeable<unknown> & AsyncIterator<unknown> {
  return typeof (source as Partial<Pipeable<unknown>> | null)?.pipe === 'function';
}

export class EventStreams {
  constructor(
    private readonly orm: MikroORM,
    readonly log: EventLog,
    readonly listener: EventListener,
  ) {}

  start(): Promise<void> {
    return this.listener.start();
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }

  /** Events of `stream` with stream_seq > afterSeq, then live ones; without afterSeq, live from the stream's head. */
  subscribe(stream: string, afterSeq?: number): AsyncIterableIterator<StoredEvent> {
    return new StreamSubscription(this.orm, this.log, this.listener, stream, afterSeq);
  }

  /** Live events of every stream whose name starts with `prefix`, as they commit (no replay: for views read whole first). */
  subscribePrefix(prefix: string): AsyncIterableIterator<StoredEvent> {
    return new LiveSubscription((handler) => this.listener.onPrefix(prefix, handler));
  }
}

class LiveSubscription implements AsyncIterableIterator<StoredEvent> {
  private readonly queue: StoredEvent[] = [];
  private waiter: ((r: IteratorResult<StoredEvent>) => void) | null = null;
  private failure: unknown = null;
  private done = false;
  private readonly unsubscribe: () => void;

  constructor(on: (handler: (event: StoredEvent) => void) => () => void) {
    this.unsubscribe = on((event) => this.push(event));
  }

  private push(event: StoredEvent): void {
    if (this.done) return;
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) waiter({ value: event, done: false });
    else if (this.queue.push(event) > MAX_QUEUED) {
      this.failure = new SlowConsumerError();
      void this.return();
    }
  }

  next(): Promise<IteratorResult<StoredEvent>> {
    const event = this.queue.shift();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiter = resolve));
  }

  return(): Promise<IteratorResult<StoredEvent>> {
    this.done = true;
    this.queue.length = 0;
    this.unsubscribe();
    this.waiter?.({ value: undefined, done: true });
    this.waiter = null;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

class StreamSubscription implements AsyncIterableIterator<StoredEvent>, Pipeable<StoredEvent> {
  private last = 0;
  /** steps queued or running in `chain` */
  private busy = 0;
  private sink: ((event: StoredEvent) => void) | null = null;
  private onFail: ((error: unknown) => void) | null = null;
  private done = false;
  private failure: unknown = null;
  private readonly queue: StoredEvent[] = [];
  private readonly waiting: { resolve: (r: IteratorResult<StoredEvent>) => void; reject: (e: unknown) => void }[] = [];
  private chain: Promise<void>;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly orm: MikroORM,
    private readonly eventLog: EventLog,
    listener: EventListener,
    private readonly stream: string,
    afterSeq: number | undefined,
  ) {
    // listen first, then replay: live events queue up behind the replay in `chain`
    this.unsubscribe = listener.on(stream, (event) => {
      // nothing replaying and no hole: straight through, without a step in the chain (thousands of watchers per event)
      if (this.busy === 0 && event.streamSeq <= this.last + 1) this.push(event);
      else this.step(() => this.live(event));
    });
    this.chain = Promise.resolve();
    this.step(async () => {
      this.last = afterSeq ?? (await this.eventLog.head(this.orm.em.fork(), stream));
      await this.catchUp();
    });
  }

  private step(work: () => Promise<void> | void): void {
    this.busy++;
    this.chain = this.chain.then(async () => {
      try {
        if (!this.done) await work();
      } catch (error) {
        this.fail(error);
      } finally {
        this.busy--;
      }
    });
  }

  pipe(sink: (event: StoredEvent) => void, fail: (error: unknown) => void): void {
    this.sink = sink;
    this.onFail = fail;
    for (const event of this.queue.splice(0)) sink(event);
    if (this.failure) {
      const error = this.failure;
      this.failure = null;
      fail(error);
    }
  }

  private async live(event: StoredEvent): Promise<void> {
    if (event.streamSeq <= this.last) return; // already replayed
    if (event.streamSeq === this.last + 1) this.push(event);
    else await this.catchUp(); // a hole: the table has everything up to this event
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const events = await this.eventLog.replay(this.orm.em.fork(), this.stream, this.last, REPLAY_BATCH);
      for (const event of events) this.push(event);
      if (events.length < REPLAY_BATCH || this.done) return;
    }
  }

  private push(event: StoredEvent): void {
    if (this.done || event.streamSeq <= this.last) return;
    this.last = event.streamSeq;
    if (this.sink) return this.sink(event);
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve({ value: event, done: false });
    else if (this.queue.push(event) > MAX_QUEUED) {
      this.queue.length = 0; // cut off now, not after what it could not take
      this.fail(new SlowConsumerError());
    }
  }

  private fail(error: unknown): void {
    if (this.done) return;
    this.close();
    if (this.onFail) return this.onFail(error);
    this.failure = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }

  private close(): void {
    if (this.done) return;
    this.done = true;
    this.unsubscribe();
  }

  next(): Promise<IteratorResult<StoredEvent>> {
    const event = this.queue.shift();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.failure) {
      const error = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<StoredEvent>> {
    this.close();
    this.sink = null;
    this.onFail = null;
    this.queue.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter.resolve({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<StoredEvent>> {
    void error;
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * Map (and filter, by returning null) the events of a subscription, keeping `return` prompt. With a
 * synchronous map the result can be piped (see Pipeable) when the source can.
 */
export function mapEvents<T>(source: AsyncIterableIterator<StoredEvent>, map: (event: StoredEvent) => T | null | Promise<T | null>): AsyncIterableIterator<T> & Partial<Pipeable<T>> {
  const iterator: AsyncIterableIterator<T> & Partial<Pipeable<T>> = {
    pipe: isPipeable(source)
      ? (sink, fail) => source.pipe((event) => {
        const value = map(event as StoredEvent);
        if (value instanceof Promise) return fail(new Error('mapEvents: an asynchronous map cannot be piped'));
        if (value !== null) sink(value);
      }, fail)
      : undefined,
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        const result = await source.next();
        if (result.done) return { value: undefined, done: true };
        const mapped = map(result.value);
        const value = mapped instanceof Promise ? await mapped : mapped;
        if (value !== null) return { value, done: false };
      }
    },
    return: async () => {
      await source.return?.();
      return { value: undefined, done: true };
    },
    throw: async () => {
      await source.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
