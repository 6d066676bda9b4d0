/**
 * A live view: a snapshot query kept fresh by an event stream over graphql-ws (opening hall, listing room).
 *
 * The page has its own graphql-ws connection so it can show whether it is connected and retry for
 * as long as the page is open. The subscribe payload is one object whose `afterSeq` follows the
 * last event seen: graphql-ws re-sends that very payload when it reconnects (tab asleep, network
 * lost), so the server replays exactly what was missed — nothing lost, nothing twice, no reload.
 * Every event refetches the snapshot (network-only, coalesced).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { createClient } from 'graphql-ws';
import { useSession } from '../auth/session';
import { graphqlWebSocketUrl } from '../graphql/client';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface LiveSource<S, E extends { seq: number }> {
  projectId: string;
  /** the snapshot query (variables: { projectId }) and its root field */
  snapshotQuery: string;
  snapshotField: string;
  /** the event subscription (variables: { projectId, afterSeq }) and its root field */
  eventsQuery: string;
  eventsField: string;
  lastSeqOf(snapshot: S | null): number;
  onEvent?(event: E): void;
}

export interface LiveSnapshot<S> {
  snapshot: S | null | undefined;
  error: string | null;
  connection: LiveState;
  reconnects: number;
  /** take a fresher snapshot (after one's own mutation) */
  apply(snapshot: S | null | undefined): void;
}

export function useLiveSnapshot<S, E extends { seq: number }>(source: LiveSource<S, E>): LiveSnapshot<S> {
  const { projectId, snapshotQuery, snapshotField, eventsQuery, eventsField } = source;
  const client = useClient();
  const { token } = useSession();
  const [snapshot, setSnapshot] = useState<S | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [connection, setConnection] = useState<LiveState>('connecting');
  const [reconnects, setReconnects] = useState(0);
  // set by each first snapshot: (re)starts the stream; afterSeq itself always follows lastSeq
  const [subscribeAfter, setSubscribeAfter] = useState<number | null>(null);
  const lastSeq = useRef(0);
  const pending = useRef<number | null>(null);
  const sourceRef = useRef(source);
  sourceRef.current = source;

  /** takes a fresh snapshot; replaced by the effect below for the current project */
  const reload = useRef<() => void>(() => {});

  const scheduleReload = useCallback(() => {
    if (pending.current !== null) return;
    pending.current = window.setTimeout(() => {
      pending.current = null;
      reload.current();
    }, 120);
  }, []);

  // one snapshot fetch for the first snapshot and every reload; the first says where the stream starts
  useEffect(() => {
    let cancelled = false;
    const load = (first: boolean) => {
      void client
        .query<Record<string, S | null>>(snapshotQuery, { projectId }, { requestPolicy: 'network-only' })
        .toPromise()
        .then((result) => {
          if (cancelled) return;
          if (!result.data) {
            if (first || result.error) setError(result.error?.message ?? 'error');
            return;
          }
          const next = result.data[snapshotField] ?? null;
          setSnapshot(next);
          if (!first) {
            setError(null);
            return;
          }
          lastSeq.current = sourceRef.current.lastSeqOf(next);
          setSubscribeAfter(lastSeq.current);
        });
    };
    reload.current = () => load(false);
    load(true);
    return () => {
      cancelled = true;
      reload.current = () => {};
      if (pending.current !== null) window.clearTimeout(pending.current);
      pending.current = null;
    };
  }, [client, projectId, snapshotQuery, snapshotField]);

  useEffect(() => {
    if (subscribeAfter === null) return;
    let connectedOnce = false;
    let pongTimer: number | undefined;
    const ws = createClient({
      url: graphqlWebSocketUrl(),
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      keepAlive: 5_000, // a dead socket (network gone) is noticed within seconds
      retryAttempts: Number.MAX_SAFE_INTEGER,
      shouldRetry: () => true,
      retryWait: async (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 500 * 2 ** retries))),
      on: {
        connected: () => {
          setConnection('live');
          if (connectedOnce) {
            setReconnects((n) => n + 1);
            scheduleReload();
          }
          connectedOnce = true;
        },
        // graphql-ws pings but does not wait for the pong: a socket that stays silent is ended here
        ping: (received) => {
          if (received) return;
          window.clearTimeout(pongTimer);
          pongTimer = window.setTimeout(() => ws.terminate(), 4_000);
        },
        pong: (received) => {
          if (received) window.clearTimeout(pongTimer);
        },
        closed: () => setConnection((state) => (state === 'closed' ? state : connectedOnce ? 'reconnecting' : 'connecting')),
      },
    });
    // one payload object: graphql-ws sends it again on every reconnect, with the afterSeq of the moment;
    // a new subscription (a new token) also starts after the last event already seen
    const payload = { query: eventsQuery, variables: { projectId, afterSeq: lastSeq.current } };
    const unsubscribe = ws.subscribe<Record<string, E>>(payload, {
      next: (message) => {
        const event = message.data?.[eventsField];
        if (!event || event.seq <= lastSeq.current) return;
        lastSeq.current = event.seq;
        payload.variables.afterSeq = event.seq;
        sourceRef.current.onEvent?.(event);
        scheduleReload();
      },
      error: (e) => {
        setConnection('closed');
        setError(e instanceof Error ? e.message : Array.isArray(e) ? e.map((x) => (x as { message?: string }).message).join('; ') : 'subscription closed');
      },
      complete: () => setConnection('closed'),
    });
    const offline = () => ws.terminate(); // the browser knows first: say so, and retry until it is back
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('offline', offline);
      window.clearTimeout(pongTimer);
      unsubscribe();
      void ws.dispose();
    };
  }, [projectId, subscribeAfter, token, scheduleReload, eventsQuery, eventsField]);

  const apply = useCallback((next: S | null | undefined) => {
    if (next) setSnapshot(next);
  }, []);

  return { snapshot, error, connection, reconnects, apply };
}
