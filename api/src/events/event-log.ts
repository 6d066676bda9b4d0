/** The durable event log: append inside the caller's transaction (NOTIFY goes out on commit), replay in order. */
import type { EntityManager } from '@mikro-orm/postgresql';

export const EVENTS_CHANNEL = 'tenderhall_events';

export interface StoredEvent {
  /** global order of appends */
  seq: number;
  /** e.g. `project:<uuid>` or `lights` */
  stream: string;
  /** 1, 2, 3, … within the stream, in commit order, without holes */
  streamSeq: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface EventRow {
  seq: string | number;
  stream: string;
  stream_seq: string | number;
  type: string;
  payload: Record<string, unknown>;
  created_at: Date | string;
}

export const EVENT_COLUMNS = 'seq, stream, stream_seq, type, payload, created_at';

export function toEvent(row: EventRow): StoredEvent {
  return {
    seq: Number(row.seq),
    stream: row.stream,
    streamSeq: Number(row.stream_seq),
    type: row.type,
    payload: row.payload ?? {},
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
  };
}

export class EventLog {
  /**
   * Append one event in the caller's transaction. A per-stream advisory lock (held to commit) makes
   * stream_seq follow commit order, so a reader that has seen stream_seq n and then n + 2 knows n + 1
   * is already readable. The NOTIFY is delivered only if the transaction commits.
   */
  async append(em: EntityManager, stream: string, type: string, payload: Record<string, unknown>): Promise<StoredEvent> {
    if (!em.isInTransaction()) throw new Error('EventLog.append must run inside a transaction');
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`event:${stream}`]);
    const [row] = await em.execute<EventRow[]>(
      `insert into event (stream, stream_seq, type, payload)
       select ?, coalesce(max(stream_seq), 0) + 1, ?, cast(? as jsonb) from event where stream = ?
       returning ${EVENT_COLUMNS}`,
      [stream, type, JSON.stringify(payload), stream],
    );
    const event = toEvent(row);
    await em.execute('select pg_notify(?, ?)', [EVENTS_CHANNEL, String(event.seq)]);
    return event;
  }

  /** Events of a stream after a stream position, in order. */
  async replay(em: EntityManager, stream: string, afterStreamSeq: number, limit = 1000): Promise<StoredEvent[]> {
    const rows = await em.execute<EventRow[]>(
      `select ${EVENT_COLUMNS} from event where stream = ? and stream_seq > ? order by stream_seq limit ?`,
      [stream, afterStreamSeq, limit],
    );
    return rows.map(toEvent);
  }

  /** The last stream position (0 for an empty stream). */
  async head(em: EntityManager, stream: string): Promise<number> {
    const [row] = await em.execute<{ head: string | number }[]>('select coalesce(max(stream_seq), 0) as head from event where stream = ?', [stream]);
    return Number(row.head);
  }
}
