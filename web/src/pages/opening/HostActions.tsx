/** The host (tenderee or agent): each step of the opening, in order, as the session allows it. */
import { HOST_STEPS, type HostStep, type OpeningSession, type SessionStatus } from '../../graphql/opening';
import { useI18n } from '../../i18n';
import { HallErrors, Panel, useHallAction } from './hall-common';

/** Which step the host can take in each state (the server decides; this only offers the button). */
const STEP_IN: Partial<Record<SessionStatus, HostStep>> = {
  SIGN_IN: 'startDecryption',
  DECRYPTION: 'closeDecryption',
  COMMITTEE: 'closeDecryption',
  READ_OUT: 'readOutNextBid',
  RECORD: 'finaliseOpeningRecord',
};
const ORDER: readonly HostStep[] = ['startDecryption', 'closeDecryption', 'readOutNextBid', 'finaliseOpeningRecord'];

export function HostActions({ session, onSession }: { session: OpeningSession; onSession(session: OpeningSession): void }) {
  const { t } = useI18n();
  const action = useHallAction(onSession);
  const next = STEP_IN[session.status];
  const readCount = session.bids.filter((b) => b.readOutAt).length;
  return (
    <Panel title={t('hall.hostTitle')} className="hall-host">
      <ol className="hall-host-steps">
        {ORDER.map((step) => (
          <li key={step}>
            <button type="button" className={step === next ? undefined : 'button-secondary'} disabled={step !== next || action.busy} onClick={() => void action.run(HOST_STEPS[step], { projectId: session.projectId })}>
              {t(`hall.host.${step}`)}
            </button>
            {step === 'readOutNextBid' && <span className="muted small"> {t('hall.readCount', { done: readCount, total: session.bids.length })}</span>}
          </li>
        ))}
      </ol>
      {session.status === 'COMMITTEE' && <p className="hint">{t('hall.committeeHint', { count: session.sharesSubmitted, threshold: session.threshold })}</p>}
      <HallErrors errors={action.errors} />
    </Panel>
  );
}
