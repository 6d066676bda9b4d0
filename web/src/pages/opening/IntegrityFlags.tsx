/** 围标串标预警 (supervisors): each signal with its severity and explanation, alerts first. */
import type { IntegrityFlag } from '../../graphql/opening';
import { useI18n } from '../../i18n';

export function IntegrityFlags({ flags }: { flags: IntegrityFlag[] }) {
  const { t, label } = useI18n();
  const sorted = [...flags].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'ALERT' ? -1 : 1));
  return (
    <section className={flags.length ? 'card hall-flags card-danger' : 'card hall-flags'} aria-label={t('hall.flags')}>
      <h2>
        {t('hall.flags')} <span className="badge badge-pending">{flags.length}</span>
      </h2>
      {flags.length === 0 ? (
        <p className="muted small">{t('hall.noFlags')}</p>
      ) : (
        <ul className="plain-list">
          {sorted.map((f, i) => (
            <li key={`${f.kind}-${i}`} className={`hall-flag hall-flag-${f.severity.toLowerCase()}`} data-kind={f.kind}>
              <span className={f.severity === 'ALERT' ? 'badge badge-revoked' : 'badge badge-failed'}>{label('hallSeverity', f.severity)}</span> <strong>{label('hallFlag', f.kind)}</strong>
              <span className="block small">{f.explanation}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
