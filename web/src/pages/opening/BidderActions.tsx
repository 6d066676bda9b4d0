/**
 * The bidder's part of the hall: 签到 with its signing certificate, 解密 with its encryption
 * certificate (the browser downloads its own bid.cms, unwraps the CEK and sends only the CEK),
 * then objections and the confirmation of the record.
 */
import { useState, type FormEvent } from 'react';
import { useSession } from '../../auth/session';
import { Field } from '../../components/Field';
import { CONFIRM_RECORD, DECRYPT_BID, RAISE_OBJECTION, SIGN_IN, type OpeningBid, type OpeningSession } from '../../graphql/opening';
import { useI18n } from '../../i18n';
import { formatYuan } from '../../lib/documents';
import { HallErrors, Panel, useHallAction } from './hall-common';
import { KeyFileForm } from './KeyFileForm';

interface Props {
  session: OpeningSession;
  mine: OpeningBid;
  onSession(session: OpeningSession): void;
}

export function BidderActions({ session, mine, onSession }: Props) {
  const { t } = useI18n();
  return (
    <Panel title={t('hall.bidderTitle')} className="hall-bidder">
      <SignInStep session={session} mine={mine} onSession={onSession} />
      <DecryptStep session={session} mine={mine} onSession={onSession} />
      {(session.status === 'READ_OUT' || session.status === 'RECORD') && <ObjectionForm projectId={session.projectId} onSession={onSession} />}
      {session.status === 'RECORD' && <ConfirmForm projectId={session.projectId} mine={mine} onSession={onSession} />}
      {mine.confirmedAt && <p className="notice notice-success">{mine.confirmAgree ? t('hall.confirmed') : t('hall.disagreed', { note: mine.confirmNote ?? '' })}</p>}
    </Panel>
  );
}

function SignInStep({ session, mine, onSession }: Props) {
  const { t, formatDateTime } = useI18n();
  const action = useHallAction(onSession);
  if (mine.signedInAt) return <p className="notice notice-success" role="status">{t('hall.signedInDone', { at: formatDateTime(mine.signedInAt) })}</p>;
  if (!session.signInMessage || (session.status !== 'SIGN_IN' && session.status !== 'DECRYPTION')) return null;
  const message = session.signInMessage;
  return (
    <div className="hall-step">
      <h3>{t('hall.signIn')}</h3>
      <p className="hint">{t('hall.signInExplain')}</p>
      <pre className="mono small hall-message">{message}</pre>
      <KeyFileForm
        fileLabel={t('hall.signingFile')}
        submitLabel={t('hall.signInSubmit')}
        disabled={action.busy}
        onUse={async (file, password) => {
          const { readSigningIdentity, signChallenge } = await import('../../auth/certificate-login');
          const identity = await readSigningIdentity(file, password);
          const signature = await signChallenge(identity.privateKey, message);
          await action.run(SIGN_IN, { projectId: session.projectId, certificatePem: identity.certificatePem, signature });
        }}
      />
      <HallErrors errors={action.errors} />
    </div>
  );
}

type Phase = 'downloading' | 'unwrapping' | 'sending' | null;

function DecryptStep({ session, mine, onSession }: Props) {
  const { t } = useI18n();
  const { token } = useSession();
  const action = useHallAction(onSession);
  const [phase, setPhase] = useState<Phase>(null);
  if (mine.decryption === 'DECRYPTED')
    return (
      <p className="notice notice-success" role="status" data-testid="my-price">
        {t('hall.decrypted', { price: formatYuan(mine.totalPrice) })}
      </p>
    );
  const failure = mine.failureCode ? (
    <p className="form-error" role="alert">
      {t('hall.failed', { code: mine.failureCode, reason: mine.failureReason ?? '' })}
    </p>
  ) : null;
  if (session.status !== 'DECRYPTION') return failure ?? (session.status === 'SIGN_IN' ? <p className="muted">{t('hall.decryptWaiting')}</p> : null);
  return (
    <div className="hall-step">
      <h3>{t('hall.decrypt')}</h3>
      <p className="hint">{t('hall.decryptExplain')}</p>
      {failure}
      <KeyFileForm
        fileLabel={t('hall.encryptionFile')}
        submitLabel={t('hall.decryptSubmit')}
        busyLabel={phase ? t(`hall.phase.${phase}`) : undefined}
        disabled={action.busy || !mine.signedInAt}
        onUse={async (file, password) => {
          const crypto = await import('../../lib/opening-crypto');
          const identity = await crypto.readDecryptionIdentity(file, password);
          try {
            setPhase('downloading');
            const bidCms = await crypto.downloadOwnBid(mine.bidId, token ?? '');
            setPhase('unwrapping');
            const cek = await crypto.unwrapBidCek(bidCms, identity);
            setPhase('sending');
            await action.run(DECRYPT_BID, { projectId: session.projectId, bidId: mine.bidId, cek });
          } finally {
            setPhase(null);
          }
        }}
      />
      {!mine.signedInAt && <p className="hint">{t('hall.signInFirst')}</p>}
      <HallErrors errors={action.errors} />
    </div>
  );
}

function ObjectionForm({ projectId, onSession }: { projectId: string; onSession(session: OpeningSession): void }) {
  const { t } = useI18n();
  const action = useHallAction(onSession);
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return setMissing(true);
    setMissing(false);
    const payload = await action.run(RAISE_OBJECTION, { projectId, text: text.trim() });
    if (payload && !payload.errors.length) setText('');
  };
  return (
    <form className="hall-step" onSubmit={submit} noValidate>
      <h3>{t('hall.objection')}</h3>
      <Field label={t('hall.objectionText')} error={missing ? t('hall.objectionRequired') : undefined}>
        <textarea rows={2} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      </Field>
      <HallErrors errors={action.errors} />
      <div className="form-actions">
        <button type="submit" className="button-secondary" disabled={action.busy}>
          {t('hall.objectionSubmit')}
        </button>
      </div>
    </form>
  );
}

function ConfirmForm({ projectId, mine, onSession }: { projectId: string; mine: OpeningBid; onSession(session: OpeningSession): void }) {
  const { t } = useI18n();
  const action = useHallAction(onSession);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  if (mine.confirmedAt) return null;
  const confirm = async (agree: boolean) => {
    if (!agree && !note.trim()) return setMissing(true);
    setMissing(false);
    await action.run(CONFIRM_RECORD, { projectId, agree, note: note.trim() || null });
  };
  return (
    <div className="hall-step">
      <h3>{t('hall.confirm')}</h3>
      <Field label={`${t('hall.note')}${t('common.optional')}`} error={missing ? t('hall.noteRequired') : undefined}>
        <textarea rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <HallErrors errors={action.errors} />
      <div className="form-actions">
        <button type="button" onClick={() => void confirm(true)} disabled={action.busy}>
          {t('hall.agree')}
        </button>
        <button type="button" className="button-secondary" onClick={() => void confirm(false)} disabled={action.busy}>
          {t('hall.disagree')}
        </button>
      </div>
    </div>
  );
}
