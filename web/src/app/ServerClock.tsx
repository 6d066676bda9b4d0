/**
 * 服务器时间: deadlines are decided by the server's clock, so the header shows it. One query gives
 * the time at once; the `serverTimeTicks` subscription (graphql-ws) keeps it in step, and the
 * display ticks locally in between, so it keeps going even if the socket is unavailable.
 * Pages that count down to a deadline read the same clock with `useServerNow()` — never the
 * browser's own clock, which may be wrong.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useClient, useSubscription } from 'urql';
import { useI18n } from '../i18n';

const SERVER_TIME = /* GraphQL */ `query ServerTime { serverTime }`;
const SERVER_TIME_TICKS = /* GraphQL */ `subscription ServerTimeTicks { serverTimeTicks }`;

/** server time minus browser time, in ms; null until the server has answered */
const OffsetContext = createContext<number | null>(null);

export function ServerTimeProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [offset, setOffset] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    const sent = Date.now();
    void client
      .query<{ serverTime: string }>(SERVER_TIME, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        const server = result.data ? Date.parse(result.data.serverTime) : NaN;
        if (!cancelled && !Number.isNaN(server)) setOffset((current) => current ?? server - (sent + Date.now()) / 2);
      });
    return () => {
      cancelled = true;
    };
  }, [client]);

  const [{ data: tick }] = useSubscription<{ serverTimeTicks: string }>({ query: SERVER_TIME_TICKS });
  useEffect(() => {
    const server = tick ? Date.parse(tick.serverTimeTicks) : NaN;
    if (!Number.isNaN(server)) setOffset(server - Date.now());
  }, [tick]);

  return <OffsetContext.Provider value={offset}>{children}</OffsetContext.Provider>;
}

/** Server time now (ms since the epoch), re-rendering every second; null until known. */
export function useServerNow(): number | null {
  const offset = useContext(OffsetContext);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  // a new offset (a tick, or the clock moved) re-renders at once through the context
  return offset === null ? null : now + offset;
}

export function ServerClock() {
  const { t, formatDateTime } = useI18n();
  const now = useServerNow();
  if (now === null) return null;
  const at = new Date(now).toISOString();
  return (
    <p className="server-time">
      <span className="muted">{t('app.serverTime')}</span> <time dateTime={at}>{formatDateTime(at)}</time>
    </p>
  );
}
