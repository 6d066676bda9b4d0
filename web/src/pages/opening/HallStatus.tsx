/** The hall's header widgets: the steps of the opening, the live connection, the countdown, decryption progress. */
import { useServerNow } from '../../app/ServerClock';
import type { OpeningSession, SessionStatus } from '../../graphql/opening';
import { useI18n } from '../../i18n';
import type { LiveState } from '../../lib/opening-live';
import { durationParts } from '../../lib/time';

const STEPS: readonly SessionStatus[] = ['SIGN_IN', 'DECRYPTION', 'COMMITTEE', 'READ_OUT', 'RECORD', 'SEALING', 'PUBLISHED'];

export function HallSteps({ status }: { status: SessionStatus }) {
  const { t, label } = useI18n();
  const current = STEPS.indexOf(status);
  return (
    <ol className="steps hall-steps" aria-label={t('hall.stepsLabel')}>
      {STEPS.map((step, i) => (
        <li key={step} className={i < current || status === 'PUBLISHED' ? 'step step-done' : i === current ? 'step step-current' : 'step'} aria-current={i === current ? 'step' : undefined}>
          <span className="step-number">{i + 1}</span>
          {label('hallStatus', step)}
        </li>
      ))}
    </ol>
  );
}

export function LiveIndicator({ state, reconnects }: { state: LiveState; reconnects: number }) {
  const { t } = useI18n();
  return (
    <p className={`live-indicator live-${state}`} role="status" data-state={state}>
      <span className="live-dot" aria-hidden="true" /> {t(`hall.live.${state}`)}
      {reconnects > 0 && <span className="muted small"> {t('hall.live.reconnected', { count: reconnects })}</span>}
    </p>
  );
}

/** Time left of the decryption window on the server's clock (never the browser's). */
export function Countdown({ endsAt }: { endsAt: string }) {
  const { t, formatDateTime } = useI18n();
  const now = useServerNow();
  const left = now === null ? null : Date.parse(endsAt) - now;
  const parts = durationParts(left ?? 0);
  return (
    <div className="hall-countdown" role="timer" aria-live="off">
      <span className="muted">{t('hall.countdown')}</span>{' '}
      <strong className="num">{left === null ? '…' : left <= 0 ? t('hall.countdownEnded') : t('hall.countdownValue', { hours: parts.days * 24 + parts.hours, minutes: parts.minutes, seconds: String(parts.seconds).padStart(2, '0') })}</strong>
      <span className="block small muted">{t('hall.decryptionEndsAt', { at: formatDateTime(endsAt) })}</span>
    </div>
  );
}

export function decryptionCounts(session: { bids: Pick<OpeningSession['bids'][number], 'decryption'>[] }) {
  const total = session.bids.length;
  const done = session.bids.filter((b) => b.decryption === 'DECRYPTED').length;
  const failed = session.bids.filter((b) => b.decryption === 'FAILED').length;
  return { total, done, failed };
}

export function DecryptionProgress({ session }: { session: Pick<OpeningSession, 'bids'> }) {
  const { t } = useI18n();
  const { total, done, failed } = decryptionCounts(session);
  return (
    <div className="hall-progress">
      <label htmlFor="hall-decryption-progress">{t('hall.progress')}</label>
      <progress id="hall-decryption-progress" max={Math.max(total, 1)} value={done}>
        {done}/{total}
      </progress>
      <span className="small" data-testid="decryption-count">
        {t('hall.progressValue', { done, total })}
        {failed > 0 && <span className="muted"> {t('hall.progressFailed', { count: failed })}</span>}
      </span>
    </div>
  );
}
