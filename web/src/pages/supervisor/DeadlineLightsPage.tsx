/**
 * 电子监察 · 亮灯 — every tracked time limit across projects, soonest due first: light, project,
 * rule, who answers for it, due time and the time left by the server's clock. Changes arrive live
 * over `deadlineLightChanged`; a changed row updates in place and flashes.
 */
import { useEffect, useRef, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { Link } from '../../app/router';
import { useServerNow } from '../../app/ServerClock';
import { Field } from '../../components/Field';
import { Pager, usePaging } from '../../components/Pager';
import { LightDot } from '../../components/project';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import { DEADLINE_LIGHTS, type DeadlineLight, type DeadlineTimer } from '../../graphql/projects';
import type { Connection } from '../../graphql/types';
import { useI18n, type Translate } from '../../i18n';
import { durationParts } from '../../lib/time';
import { SupervisionTabs } from './SupervisionTabs';

const TIMER_FIELDS = 'id rule label light startsAt dueAt completedAt responsible { id name } project { id code title }';

const DEADLINE_LIGHTS_QUERY = /* GraphQL */ `
  query DeadlineLights($first: Int!, $after: String, $filter: DeadlineLightFilter) {
    deadlineLights(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ${TIMER_FIELDS} } }
    }
  }
`;

const DEADLINE_LIGHT_CHANGED = /* GraphQL */ `
  subscription DeadlineLightChanged { deadlineLightChanged { ${TIMER_FIELDS} } }
`;

const PAGE_SIZE = 50;
const FLASH_MS = 4000;

/** "2 天 03:04:05" left, or "已超期 …" past due. */
function remainingText(t: Translate, dueAt: string, now: number): string {
  const ms = Date.parse(dueAt) - now;
  const { days, hours, minutes, seconds } = durationParts(Math.abs(ms));
  const clock = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  const text = days > 0 ? t('lights.days', { days, clock }) : clock;
  return ms >= 0 ? text : t('lights.overdue', { time: text });
}

export function DeadlineLightsPage() {
  const { t, label, formatDateTime } = useI18n();
  const client = useClient();
  const now = useServerNow();
  const paging = usePaging();
  const [light, setLight] = useState<DeadlineLight | ''>('');
  const [open, setOpen] = useState(true);
  const filter = { ...(light ? { light } : {}), ...(open ? { open: true } : {}) };
  const [{ data, fetching, error }, refetch] = useQuery<{ deadlineLights: Connection<DeadlineTimer> }>({
    query: DEADLINE_LIGHTS_QUERY,
    variables: { first: PAGE_SIZE, after: paging.after, filter: Object.keys(filter).length ? filter : null },
    requestPolicy: 'cache-and-network',
  });
  // the latest state of each timer reported live, and the rows flashing now
  const [live, setLive] = useState<Map<string, DeadlineTimer>>(() => new Map());
  const [flashing, setFlashing] = useState<Set<string>>(() => new Set());
  const timers = useRef<number[]>([]);
  const known = useRef<Set<string>>(new Set());
  const refetchRef = useRef(refetch);
  const timersList = data?.deadlineLights;
  useEffect(() => {
    refetchRef.current = refetch;
  }, [refetch]);
  useEffect(() => {
    known.current = new Set(timersList?.edges.map((e) => e.node.id) ?? []);
  }, [timersList]);

  useEffect(() => {
    const subscription = client.subscription<{ deadlineLightChanged: DeadlineTimer }>(DEADLINE_LIGHT_CHANGED, {}).subscribe((result) => {
      const timer = result.data?.deadlineLightChanged;
      if (!timer) return;
      setLive((current) => new Map(current).set(timer.id, timer));
      setFlashing((current) => new Set(current).add(timer.id));
      const timeoutId = window.setTimeout(() => {
        timers.current = timers.current.filter((id) => id !== timeoutId);
        setFlashing((current) => {
          const next = new Set(current);
          next.delete(timer.id);
          return next;
        });
      }, FLASH_MS);
      timers.current.push(timeoutId);
      // a time limit not on the page yet (a new question, a new project): fetch the list again
      if (!known.current.has(timer.id)) refetchRef.current({ requestPolicy: 'network-only' });
    });
    return () => {
      subscription.unsubscribe();
      timers.current.forEach((id) => window.clearTimeout(id));
      timers.current = [];
    };
  }, [client]);

  const rows = timersList?.edges.map(({ node }) => {
    const update = live.get(node.id);
    return update ? { ...node, light: update.light, dueAt: update.dueAt, completedAt: update.completedAt } : node;
  });
  const counts = DEADLINE_LIGHTS.map((l) => [l, rows?.filter((row) => row.light === l).length ?? 0] as const);

  return (
    <section>
      <h1>{t('lights.title')}</h1>
      <SupervisionTabs />
      <p className="lead">{t('lights.intro')}</p>

      <div className="card filter">
        <div className="toolbar">
          <Field label={t('lights.filterLight')}>
            <select
              name="light"
              value={light}
              onChange={(e) => {
                setLight(e.target.value as DeadlineLight | '');
                paging.reset();
              }}
            >
              <option value="">{t('common.all')}</option>
              {DEADLINE_LIGHTS.map((l) => (
                <option key={l} value={l}>
                  {label('deadlineLight', l)}
                </option>
              ))}
            </select>
          </Field>
          <label className="choice">
            <input
              type="checkbox"
              checked={open}
              onChange={(e) => {
                setOpen(e.target.checked);
                paging.reset();
              }}
            />
            {t('lights.onlyOpen')}
          </label>
          <p className="muted small live-status" aria-live="polite">
            <span className="live-dot" aria-hidden="true" /> {t('lights.live')}
          </p>
        </div>
        {rows && rows.length > 0 && (
          <ul className="inline-list light-counts" aria-label={t('lights.counts')}>
            {counts.map(([l, n]) => (
              <li key={l}>
                <LightDot light={l} /> <strong>{n}</strong>
              </li>
            ))}
          </ul>
        )}
      </div>

      {error && <ErrorMessage error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!timersList && fetching && <Loading />}
      {timersList && timersList.edges.length === 0 && <EmptyState title={t('lights.empty')} />}
      {timersList && rows && rows.length > 0 && (
        <>
          <div className="table-wrap" aria-busy={fetching}>
            <table className="lights-table">
              <caption className="visually-hidden">{t('lights.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('lights.light')}</th>
                  <th scope="col">{t('lights.project')}</th>
                  <th scope="col">{t('lights.rule')}</th>
                  <th scope="col">{t('lights.responsible')}</th>
                  <th scope="col">{t('lights.dueAt')}</th>
                  <th scope="col">{t('lights.remaining')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id} data-timer={row.id} className={`light-row light-row-${row.light.toLowerCase()}${flashing.has(row.id) ? ' row-flash' : ''}`}>
                    <td className="nowrap">
                      <LightDot light={row.light} />
                    </td>
                    <td>
                      <span className="mono small block">{row.project.code}</span>
                      <Link to={`/projects/${row.project.id}`}>{row.project.title}</Link>
                    </td>
                    <td>
                      {row.label}
                      <span className="mono small muted block">{row.rule.split(':')[0]}</span>
                    </td>
                    <td>{row.responsible?.name ?? '—'}</td>
                    <td className="nowrap">{formatDateTime(row.dueAt)}</td>
                    <td className="nowrap num">
                      {row.completedAt ? (
                        <span className="muted">{t('lights.completed', { at: formatDateTime(row.completedAt) })}</span>
                      ) : now === null ? (
                        '—'
                      ) : (
                        <span className={Date.parse(row.dueAt) < now ? 'overdue' : undefined}>{remainingText(t, row.dueAt, now)}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager paging={paging} pageInfo={timersList.pageInfo} totalCount={timersList.totalCount} busy={fetching} />
          <p className="hint">{t('lights.serverTimeNote')}</p>
        </>
      )}
    </section>
  );
}
