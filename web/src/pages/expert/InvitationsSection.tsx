/**
 * 评标邀请: the expert's invitations (myInvitations), kept live by `invitationReceived` so a draw — or a
 * reserve being called up — shows here without a reload. Each open invitation is accepted, or declined
 * with a reason (the server decides whether one is given and whether it is still in time).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { useServerNow } from '../../app/ServerClock';
import { Link } from '../../app/router';
import { Field } from '../../components/Field';
import { FormErrors } from '../../components/form-errors';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import { INVITATION_RECEIVED, MY_INVITATIONS, RESPOND_TO_INVITATION, type DrawError, type Invitation } from '../../graphql/experts';
import { isMessageKey, useI18n } from '../../i18n';
import { durationParts } from '../../lib/time';

export function InvitationsSection() {
  const { t } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery<{ myInvitations: Invitation[] }>({ query: MY_INVITATIONS, requestPolicy: 'cache-and-network' });
  // the stream from its start, then live: an invitation made between the list's load and the subscription's
  // start is not missed; the list's copy of an invitation (reloaded after an answer) is never older
  const [{ data: live }] = useSubscription<{ invitationReceived: Invitation }, Invitation[]>({ query: INVITATION_RECEIVED }, (received = [], event) => [event.invitationReceived, ...received.filter((i) => i.seatId !== event.invitationReceived.seatId)]);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const listed = data?.myInvitations ?? [];
  const known = new Set(listed.map((i) => i.seatId));
  const invitations = [...(live ?? []).filter((i) => !known.has(i.seatId)), ...listed];

  return (
    <section className="card" aria-labelledby="invitations-title" aria-busy={fetching}>
      <h2 id="invitations-title">{t('expertWork.invitations')}</h2>
      {error && !data ? (
        <ErrorMessage error={error} onRetry={reload} />
      ) : !data && !live ? (
        fetching ? <Loading /> : null
      ) : invitations.length === 0 ? (
        <EmptyState title={t('expertWork.noInvitations')} />
      ) : (
        <ul className="plain-list">
          {invitations.map((invitation) => (
            <li key={invitation.seatId}>
              <InvitationCard invitation={invitation} onAnswered={reload} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function InvitationCard({ invitation, onAnswered }: { invitation: Invitation; onAnswered(): void }) {
  const { t, label, formatDateTime } = useI18n();
  const open = invitation.status === 'INVITED';
  return (
    <article className="invitation" data-testid={`invitation-${invitation.seatId}`} aria-labelledby={`invitation-${invitation.seatId}-title`}>
      <h3 id={`invitation-${invitation.seatId}-title`}>
        <span className="mono">{invitation.projectCode}</span> {invitation.projectTitle}{' '}
        {invitation.supplementary && <span className="badge badge-pending">{t('expertWork.supplementaryRound', { n: invitation.round })}</span>}
      </h3>
      <dl className="facts">
        <dt>{t('expertWork.specialty')}</dt>
        <dd className="mono">{invitation.specialty}</dd>
        <dt>{t('expertWork.evaluationAt')}</dt>
        <dd>{formatDateTime(invitation.evaluationAt)}</dd>
        {invitation.respondBy && (
          <>
            <dt>{t('expertWork.respondBy')}</dt>
            <dd>
              {formatDateTime(invitation.respondBy)} {open && <TimeLeft until={invitation.respondBy} />}
            </dd>
          </>
        )}
        <dt>{t('expertWork.invitationStatus')}</dt>
        <dd>
          <span className={`badge ${invitation.status === 'ACCEPTED' ? 'badge-success' : open ? 'badge-pending' : 'badge-failed'}`}>{label('seatStatus', invitation.status)}</span>
        </dd>
      </dl>
      {open && <Answer seatId={invitation.seatId} onAnswered={onAnswered} />}
      {invitation.status === 'ACCEPTED' && (
        <p>
          <Link to={`/projects/${invitation.projectId}/evaluation`}>{t('expertWork.toEvaluation')}</Link>
        </p>
      )}
    </article>
  );
}

/** Time left to answer, on the server's clock. */
function TimeLeft({ until }: { until: string }) {
  const { t } = useI18n();
  const now = useServerNow();
  if (now === null) return null;
  const ms = Date.parse(until) - now;
  const { days, hours, minutes } = durationParts(ms);
  return <span className="muted small">{ms > 0 ? t('expertWork.timeLeft', { hours: days * 24 + hours, minutes }) : t('expertWork.timeUp')}</span>;
}

/** Accept, or decline with a reason; the server's errors go beside the reason or under the form. */
function Answer({ seatId, onAnswered }: { seatId: string; onAnswered(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<DrawError[]>([]);
  const [{ fetching, error }, respond] = useMutation<{ respondToInvitation: { errors: DrawError[] } }>(RESPOND_TO_INVITATION);

  const answer = async (accept: boolean) => {
    setErrors([]);
    const result = await respond({ seatId, accept, reason: accept ? null : reason.trim() || null });
    const payload = result.data?.respondToInvitation;
    if (!payload) return;
    if (payload.errors.length) setErrors(payload.errors);
    else onAnswered();
  };
  const decline = (event: FormEvent) => {
    event.preventDefault();
    void answer(false);
  };
  const describe = (e: DrawError): ReactNode => {
    const key = `drawError.${e.code}`;
    return isMessageKey(key) ? (
      <>
        {t(key)} <span className="field-error-detail">{e.message}</span>
      </>
    ) : (
      e.message
    );
  };
  const reasonErrors = errors.filter((e) => e.field === 'reason');

  return (
    <form onSubmit={decline} noValidate aria-busy={fetching}>
      <Field label={t('expertWork.declineReason')} hint={t('expertWork.declineExplain')} error={reasonErrors.length ? reasonErrors.map((e, i) => <span key={`${e.code}-${i}`} className="block">{describe(e)}</span>) : undefined}>
        <textarea name="reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormErrors errors={errors.filter((e) => e.field !== 'reason')} describe={describe} />
      {error && <ErrorMessage error={error} />}
      <div className="form-actions">
        <button type="button" disabled={fetching} onClick={() => void answer(true)}>
          {t('expertWork.accept')}
        </button>
        <button type="submit" className="button-secondary" disabled={fetching}>
          {t('expertWork.decline')}
        </button>
      </div>
    </form>
  );
}
