/** 消息 — messages to the caller's organisation (answers, amendments, cancellations), newest first. */
import { useQuery } from 'urql';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import type { Notification } from '../../graphql/projects';
import { useI18n } from '../../i18n';

const NOTIFICATIONS = /* GraphQL */ `
  query Notifications($first: Int!) { notifications(first: $first) { id kind message createdAt } }
`;

export function NotificationsPage() {
  const { t, label, formatDateTime } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery<{ notifications: Notification[] }>({
    query: NOTIFICATIONS,
    variables: { first: 100 },
    requestPolicy: 'cache-and-network',
  });
  const notifications = data?.notifications;

  return (
    <section>
      <h1>{t('notifications.title')}</h1>
      <div className="toolbar toolbar-split">
        <p className="lead">{t('notifications.intro')}</p>
        <button type="button" className="button-secondary" disabled={fetching} onClick={() => refetch({ requestPolicy: 'network-only' })}>
          {t('notifications.refresh')}
        </button>
      </div>
      {error && <ErrorMessage error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!notifications && fetching && <Loading />}
      {notifications && notifications.length === 0 && <EmptyState title={t('notifications.empty')} />}
      {notifications && notifications.length > 0 && (
        <ol className="messages">
          {notifications.map((n) => (
            <li key={n.id} className={`message message-${n.kind.toLowerCase()}`}>
              <p className="message-head">
                <span className="tag">{label('notificationKind', n.kind)}</span> <time dateTime={n.createdAt} className="muted small">{formatDateTime(n.createdAt)}</time>
              </p>
              <p className="message-body">{n.message}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
