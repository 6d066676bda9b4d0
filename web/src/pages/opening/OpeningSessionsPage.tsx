/** 开标监督 (/supervision/openings): every opening session, live — status, decryption, flags, open objections. */
import { useEffect, useMemo } from 'react';
import { useQuery, useSubscription } from 'urql';
import { Link } from '../../app/router';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import { OPENING_SESSION_CHANGED, OPENING_SESSIONS, type OpeningSessionSummary } from '../../graphql/opening';
import { useI18n } from '../../i18n';
import { SupervisionTabs } from '../supervisor/SupervisionTabs';
import { decryptionCounts } from './HallStatus';

type ById = Record<string, OpeningSessionSummary>;

/** Of two views of one session the later one (by the last event it includes); the newest sessions first. */
function merged(list: OpeningSessionSummary[], changed: ById): OpeningSessionSummary[] {
  const byId: ById = Object.fromEntries(list.map((s) => [s.id, s]));
  for (const s of Object.values(changed)) if (!byId[s.id] || byId[s.id].lastEventSeq < s.lastEventSeq) byId[s.id] = s;
  return Object.values(byId).sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt));
}

export function OpeningSessionsPage() {
  const { t, label, formatDateTime } = useI18n();
  const [{ data: read, error }, refetch] = useQuery<{ openingSessions: OpeningSessionSummary[] }>({ query: OPENING_SESSIONS, requestPolicy: 'network-only' });
  // read once, then each session again whenever something happens in it (the stream is live only:
  // what a sleeping tab missed is read again when it shows)
  const [{ data: changed }] = useSubscription<{ openingSessionChanged: OpeningSessionSummary }, ById>(
    { query: OPENING_SESSION_CHANGED },
    (byId = {}, next) => ({ ...byId, [next.openingSessionChanged.id]: next.openingSessionChanged }),
  );
  useEffect(() => {
    const shown = () => {
      if (!document.hidden) refetch({ requestPolicy: 'network-only' });
    };
    document.addEventListener('visibilitychange', shown);
    return () => document.removeEventListener('visibilitychange', shown);
  }, [refetch]);
  const data = useMemo(() => read && { openingSessions: merged(read.openingSessions, changed ?? {}) }, [read, changed]);

  return (
    <section>
      <SupervisionTabs />
      <h1>{t('hall.superviseTitle')}</h1>
      {error && !data ? (
        <ErrorMessage error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : !data ? (
        <Loading />
      ) : data.openingSessions.length === 0 ? (
        <EmptyState title={t('hall.noSessions')} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('hall.colProject')}</th>
                <th scope="col">{t('hall.colStatus')}</th>
                <th scope="col">{t('hall.colProgress')}</th>
                <th scope="col">{t('hall.colFlags')}</th>
                <th scope="col">{t('hall.colObjections')}</th>
              </tr>
            </thead>
            <tbody>
              {data.openingSessions.map((s) => {
                const { total, done, failed } = decryptionCounts(s);
                const alerts = s.integrityFlags.filter((f) => f.severity === 'ALERT').length;
                return (
                  <tr key={s.id} data-project={s.projectId}>
                    <td>
                      <Link to={`/projects/${s.projectId}/opening`}>
                        <span className="mono">{s.projectCode}</span> {s.projectTitle}
                      </Link>
                      <span className="block small muted">{formatDateTime(s.openedAt)}</span>
                      {s.status === 'PUBLISHED' && (
                        <Link className="block small" to={`/projects/${s.projectId}/evaluation`}>
                          {t('eval.superviseLink')}
                        </Link>
                      )}
                    </td>
                    <td>{label('hallStatus', s.status)}</td>
                    <td>
                      <progress max={Math.max(total, 1)} value={done} aria-label={t('hall.progress')} /> <span className="small">{t('hall.progressValue', { done, total })}</span>
                      {failed > 0 && <span className="block small muted">{t('hall.progressFailed', { count: failed })}</span>}
                    </td>
                    <td className={alerts ? 'hall-flag-alert num' : 'num'}>{s.integrityFlags.length}</td>
                    <td className="num">{s.objections.filter((o) => !o.answer).length}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
