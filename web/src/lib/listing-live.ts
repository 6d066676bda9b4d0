/**
 * The live listing room: the public snapshot (`listing`) kept fresh by `listingEvents` over graphql-ws.
 * As in the opening hall, the subscribe payload's afterSeq follows the last event seen, so a reconnect
 * replays exactly what was missed; every event refetches the snapshot (coalesced).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { createClient } from 'graphql-ws';
import { useSession } from '../auth/session';
import { graphqlWebSocketUrl } from '../graphql/client';
import { LISTING, LISTING_EVENTS, type Listing, type ListingEvent } from '../graphql/listing';
import type { LiveState } from './opening-live';

export interface ListingLive {
  listing: Listing | null | undefined;
  error: string | null;
  connection: LiveState;
  apply(listing: Listing | null | undefined): void;
}

export function useListingLive(projectId: string): ListingLive {
  const client = useClient();
  const { token } = useSession();
  const [listing, setListing] = useState<Listing | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [connection, setConnection] = useState<LiveState>('connecting');
  const [subscribeAfter, setSubscribeAfter] = useState<number | null>(null);
  const lastSeq = useRef(0);
  const pending = useRef<number | null>(null);
  const reload = useRef<() => void>(() => {});

  const scheduleReload = useCallback(() => {
    if (pending.current !== null) return;
    pending.current = window.setTimeout(() => {
      pending.current = null;
      reload.current();
    }, 100);
  }, []);

  useEffect(() => {
    let cancelled = false;
    const load = (first: boolean) => {
      void client
        .query<{ listing: Listing | null }>(LISTING, { projectId }, { requestPolicy: 'network-only' })
        .toPromise()
        .then((result) => {
          if (cancelled) return;
          if (!result.data) return setError(result.error?.message ?? 'error');
          setError(null);
          setListing(result.data.listing);
          if (first) {
            lastSeq.current = result.data.listing?.lastEventSeq ?? 0;
            setSubscribeAfter(lastSeq.current);
          }
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
  }, [client, projectId]);

  useEffect(() => {
    if (subscribeAfter === null) return;
    let connectedOnce = false;
    const ws = createClient({
      url: graphqlWebSocketUrl(),
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      keepAlive: 5_000,
      retryAttempts: Number.MAX_SAFE_INTEGER,
      shouldRetry: () => true,
      retryWait: async (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 500 * 2 ** retries))),
      on: {
        connected: () => {
          setConnection('live');
          if (connectedOnce) scheduleReload();
          connectedOnce = true;
        },
        closed: () => setConnection((state) => (state === 'closed' ? state : connectedOnce ? 'reconnecting' : 'connecting')),
      },
    });
    const payload = { query: LISTING_EVENTS, variables: { projectId, afterSeq: lastSeq.current } };
    const unsubscribe = ws.subscribe<{ listingEvents: ListingEvent }>(payload, {
      next: (message) => {
        const event = message.data?.listingEvents;
        if (!event || event.seq <= lastSeq.current) return;
        lastSeq.current = event.seq;
        payload.variables.afterSeq = event.seq;
        scheduleReload();
      },
      error: () => setConnection('closed'),
      complete: () => setConnection('closed'),
    });
    return () => {
      unsubscribe();
      void ws.dispose();
    };
  }, [projectId, subscribeAfter, token, scheduleReload]);

  const apply = useCallback((next: Listing | null | undefined) => {
    if (next) setListing(next);
  }, []);

  return { listing, error, connection, apply };
}
