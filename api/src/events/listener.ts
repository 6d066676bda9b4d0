/**
 * One dedicated PostgreSQL connection per process LISTENs on `tenderhall_events`. A notification only
 * says "something committed" (its payload, the seq, is a hint): the events themselves are always read
 * from the table, in seq order, and handed to the in-process subscribers of their stream. When the
 * connection drops it reconnects and catches up from the table.
 */
import { Client, type Notification } from 'pg';
import type { Log } from '../services';
import { EVENTS_CHANNEL, EVENT_COLUMNS, toEvent, type EventRow, type StoredEvent } from './event-log';

export type EventHandler = (event: StoredEvent) => void;

/** After a reconnect, re-read this many seqs below the last delivered one (appends that committed late). */
const LOOKBACK = 1000;
/** How many delivered seqs are remembered to drop duplicates. */
const REMEMBERED = 10_000;
const BATCH = 500;
const ADMIN_SHUTDOWN = '57P01';

export class EventListener {
  private client: Client | null = null;
  private stopped = true;
  private lastSeq = 0;
  private connectedOnce = false;
  private readonly delivered = new Set<number>();
  private readonly deliveredOrder: number[] = [];
  private readonly hints = new Set<number>();
  private readonly handlers = new Map<string, Set<EventHandler>>();
  private readonly prefixHandlers = new Map<string, Set<EventHandler>>();
  private chain: Promise<void> = Promise.resolve();
  private fetchQueued = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly log: Log,
    private readonly retryMs = 500,
  ) {}

  /** Connect and LISTEN; the first connection must succeed. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.chain.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Receive the events of one stream as they commit; returns the unsubscribe function. */
  on(stream: string, handler: EventHandler): () => void {
    return register(this.handlers, stream, handler);
  }

  /** Receive the events of every stream whose name starts with `prefix`; returns the unsubscribe function. */
  onPrefix(prefix: string, handler: EventHandler): () => void {
    return register(this.prefixHandlers, prefix, handler);
  }

  /** How many watch the streams starting with `prefix` (tests wait for a live-only watcher with it). */
  prefixWatchers(prefix: string): number {
    return this.prefixHandlers.get(prefix)?.size ?? 0;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** The server process of the LISTEN connection (tests terminate it to check reconnection). */
  get backendPid(): number | null {
    return (this.client as unknown as { processID?: number } | null)?.processID ?? null;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, application_name: 'tenderhall-events' });
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client));
    client.on('notification', (n) => this.notified(client, n));
    try {
      await client.connect();
      await client.query(`listen ${EVENTS_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (!this.connectedOnce) {
      this.connectedOnce = true;
      const { rows } = await client.query<{ seq: string }>('select coalesce(max(seq), 0) as seq from event');
      this.lastSeq = Number(rows[0].seq);
    } else {
      this.scheduleFetch(LOOKBACK); // catch up on what committed while disconnected
    }
  }

  private notified(client: Client, notification: Notification): void {
    if (client !== this.client || notification.channel !== EVENTS_CHANNEL) return;
    const seq = Number(notification.payload);
    if (Number.isSafeInteger(seq) && seq > 0) this.hints.add(seq);
    this.scheduleFetch(0);
  }

  private dropped(client: Client, error?: Error): void {
    if (client !== this.client) return;
    this.client = null;
    client.end().catch(() => undefined);
    if (this.stopped) return;
    // 57P01: the database ended the connection (pg_terminate_backend, or shutting down — e.g. Ctrl-C reaching
    // the embedded PostgreSQL first): one line says so, a stack would only look like a fault of ours
    if ((error as { code?: string } | undefined)?.code === ADMIN_SHUTDOWN) this.log.error('event listener: connection lost (the database ended it: terminated by an administrator, or shutting down), reconnecting');
    else this.log.error('event listener: connection lost, reconnecting', error);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (this.stopped) return;
      this.connect().catch((error) => {
        this.log.error('event listener: reconnect failed', error);
        this.scheduleReconnect();
      });
    }, this.retryMs);
    this.reconnectTimer.unref?.();
  }

  private scheduleFetch(lookback: number): void {
    if (this.fetchQueued && lookback === 0) return; // the queued fetch will see it
    this.fetchQueued = true;
    this.chain = this.chain
      .then(() => {
        this.fetchQueued = false;
        return this.fetch(lookback);
      })
      .catch((error) => this.log.error('event listener: reading events failed', error));
  }

  private async fetch(lookback: number): Promise<void> {
    const client = this.client;
    if (!client) return; // the reconnect catches up
    // a lower seq can commit after a higher one (different streams): its notification names it
    const hints = [...this.hints].filter((seq) => seq <= this.lastSeq && !this.delivered.has(seq));
    this.hints.clear();
    let from = Math.max(0, this.lastSeq - lookback);
    try {
      for (;;) {
        const { rows } = await client.query<EventRow>(
          `select ${EVENT_COLUMNS} from event where seq > $1 or seq = any($2::bigint[]) order by seq limit ${BATCH}`,
          [from, hints.map(String)],
        );
        for (const row of rows) this.deliver(toEvent(row));
        if (rows.length < BATCH) break;
        from = Math.max(from, Number(rows[rows.length - 1].seq));
        hints.length = 0;
      }
    } catch (error) {
      for (const seq of hints) this.hints.add(seq);
      throw error;
    }
  }

  private deliver(event: StoredEvent): void {
    if (this.delivered.has(event.seq)) return;
    this.delivered.add(event.seq);
    this.deliveredOrder.push(event.seq);
    if (this.deliveredOrder.length > REMEMBERED) this.delivered.delete(this.deliveredOrder.shift()!);
    if (event.seq > this.lastSeq) this.lastSeq = event.seq;
    this.notify(this.handlers.get(event.stream), event);
    for (const [prefix, set] of this.prefixHandlers) if (event.stream.startsWith(prefix)) this.notify(set, event);
  }

  private notify(handlers: Set<EventHandler> | undefined, event: StoredEvent): void {
    if (!handlers) return;
    for (const handler of [...handlers]) {
      try {
        handler(event);
      } catch (error) {
        this.log.error('event listener: a subscriber failed', error);
      }
    }
  }
}

function register(handlers: Map<string, Set<EventHandler>>, key: string, handler: EventHandler): () => void {
  let set = handlers.get(key);
  if (!set) handlers.set(key, (set = new Set()));
  set.add(handler);
  return () => {
    set.delete(handler);
    if (!set.size && handlers.get(key) === set) handlers.delete(key);
  };
}
