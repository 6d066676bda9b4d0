/** 现场动态: the session's events as they arrive (newest first), labelled in words. */
import type { OpeningEvent } from '../../graphql/opening';
import { useI18n } from '../../i18n';

function detail(event: OpeningEvent): string {
  const p = event.payload;
  const name = typeof p.organisationName === 'string' ? p.organisationName : '';
  const price = typeof p.totalPrice === 'string' ? ` ¥${p.totalPrice}` : '';
  const code = typeof p.code === 'string' ? ` ${p.code}` : '';
  return `${name}${price}${code}`.trim();
}

export function EventLog({ events }: { events: OpeningEvent[] }) {
  const { t, label, formatDateTime } = useI18n();
  return (
    <section className="card hall-events" aria-label={t('hall.events')}>
      <h2>{t('hall.events')}</h2>
      {events.length === 0 ? (
        <p className="muted small">{t('hall.noEvents')}</p>
      ) : (
        <ol className="plain-list hall-event-list" aria-live="polite">
          {events.map((e) => (
            <li key={e.seq} data-seq={e.seq} data-type={e.type} className={e.type === 'INTEGRITY_FLAG' ? 'hall-event-alert' : undefined}>
              <span className="mono muted small">#{e.seq}</span> <time className="small muted">{formatDateTime(e.createdAt)}</time> <strong>{label('hallEvent', e.type)}</strong> <span className="small">{detail(e)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
