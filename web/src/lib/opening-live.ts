/** The live opening hall: the role-filtered snapshot (`openingSession`) kept fresh by `openingEvents` (see live-snapshot.ts). */
import { useCallback, useState } from 'react';
import { OPENING_EVENTS, OPENING_SESSION, type OpeningEvent, type OpeningSession } from '../graphql/opening';
import { useLiveSnapshot, type LiveState } from './live-snapshot';

export type { LiveState };

export interface OpeningLive {
  session: OpeningSession | null | undefined;
  error: string | null;
  /** newest first, at most LOG_SIZE */
  events: OpeningEvent[];
  connection: LiveState;
  reconnects: number;
  /** take a fresher snapshot (after one's own mutation) */
  apply(session: OpeningSession | null | undefined): void;
}

const LOG_SIZE = 40;

export function useOpeningLive(projectId: string): OpeningLive {
  const [events, setEvents] = useState<OpeningEvent[]>([]);
  const onEvent = useCallback((event: OpeningEvent) => setEvents((list) => [event, ...list].slice(0, LOG_SIZE)), []);
  const live = useLiveSnapshot<OpeningSession, OpeningEvent>({
    projectId,
    snapshotQuery: OPENING_SESSION,
    snapshotField: 'openingSession',
    eventsQuery: OPENING_EVENTS,
    eventsField: 'openingEvents',
    lastSeqOf: (session) => session?.lastEventSeq ?? 0,
    onEvent,
  });
  return { session: live.snapshot, error: live.error, events, connection: live.connection, reconnects: live.reconnects, apply: live.apply };
}
