/** 开标监督 (/supervision/openings): every opening session, live — status, decryption, flags, open objections. */
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { Link } from '../../app/router';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import { OPENING_SESSIONS, type OpeningSessionSummary } from '../../graphql/opening';
import { useI18n } from '../../i18n';
import { SupervisionTabs } from '../supervisor/SupervisionTabs';
import { decryptionCounts } from './HallStatus';

const REFRESH_MS = 5_000;

export function OpeningSessionsPage() {
  const { t, label, formatDateTime } = useI18n();
  const [{ data, error }, refetch] = useQuery<{ openingSessions: OpeningSessionSummary[] }>({ query: OPENING_SESSIONS, requestPolicy: 'network-only' });
  // the list polls (not while the tab is hidden); each hall has the live stream
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (!document.hidden) refetch({ requestPolicy: 'network-only' });
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refetch]);

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
