/**
 * 挂牌竞价室 (/projects/:id/listing) — the live room of a land listing. Everyone (the public and
 * supervisors too) watches the current price, the quote timeline, the price chart and, in timed
 * bidding, the countdown on the server's clock. A qualified bidder quotes with a confirm step: the
 * browser signs quoteMessage({projectId, amount, previousHighest}) with the bidder's PKCS#12 key,
 * which never leaves it. The designated officer enters the sealed floor price; staff publish the result.
 */
import { useState, type FormEvent } from 'react';
import { useClient } from 'urql';
import { quoteMessage } from '../../../../crypto/listing-quote';
import { Link } from '../../app/router';
import { useServerNow } from '../../app/ServerClock';
import { Field } from '../../components/Field';
import { FormErrors } from '../../components/form-errors';
import { EmptyState, Loading } from '../../components/status';
import { CONFIRM_BOND, ENTER_FLOOR, MY_SEAL_AND_TIME, PUBLISH_RESULT, QUOTE, SEAL_DEAL_CONFIRMATION, type Listing, type ListingError } from '../../graphql/listing';
import { isMessageKey, useI18n } from '../../i18n';
import { reasonText } from '../../i18n/status-reason';
import { formatYuan } from '../../lib/documents';
import { useListingLive } from '../../lib/listing-live';
import { durationParts } from '../../lib/time';
import { LiveIndicator } from '../opening/HallStatus';
import { KeyFileForm } from '../opening/KeyFileForm';
import { ListingChart } from './ListingChart';

export function ListingRoomPage({ id }: { id: string }) {
  const { t } = useI18n();
  const live = useListingLive(id);
  const { listing } = live;
  if (listing === undefined) return live.error ? <p className="status status-error" role="alert">{live.error}</p> : <Loading />;
  return (
    <section className="listing-room">
      <p className="breadcrumb">
        <Link to="/">{t('nav.projects')}</Link> <span aria-hidden="true">›</span> <Link to={`/projects/${id}`}>{listing?.code ?? t('project.pageTitle')}</Link> <span aria-hidden="true">›</span> {t('listing.title')}
      </p>
      <div className="hall-head">
        <h1>{t('listing.title')}</h1>
        <LiveIndicator state={live.connection} reconnects={0} />
      </div>
      {!listing ? <EmptyState title={t('listing.none')}><Link to={`/projects/${id}`}>{t('project.backToList')}</Link></EmptyState> : <Room listing={listing} apply={live.apply} />}
    </section>
  );
}

function Room({ listing, apply }: { listing: Listing; apply(l: Listing | null | undefined): void }) {
  const { t, formatDateTime } = useI18n();
  const open = listing.phase === 'LISTING' || listing.phase === 'TIMED_BIDDING';
  return (
    <>
      <p className="lead">
        <span className="mono">{listing.code}</span> · {listing.title}
        <span className="block small" role="status" data-testid="listing-phase" data-phase={listing.phase}>{t(`listing.phase.${listing.phase}`)}</span>
      </p>
      <div className="hall-summary listing-summary">
        <div>
          <span className="muted">{t('listing.currentPrice')}</span>{' '}
          <strong className="num" data-testid="current-price">{listing.currentPrice ? formatYuan(listing.currentPrice) : t('listing.noQuote')}</strong>
          <span className="block small muted">{t('listing.startPrice', { price: formatYuan(listing.startPrice), increment: formatYuan(listing.increment) })}</span>
        </div>
        {listing.phase === 'TIMED_BIDDING' && listing.countdownEndsAt && <Countdown endsAt={listing.countdownEndsAt} />}
        {listing.phase === 'LISTING' && listing.listingEnd && <p className="small">{t('listing.closesAt', { at: formatDateTime(listing.listingEnd), freeze: formatDateTime(listing.freezeAt) })}</p>}
        {listing.myNumber !== null && (
          <p data-testid="my-rank">{t('listing.me', { number: listing.myNumber, rank: listing.myRank === null ? '—' : String(listing.myRank) })}</p>
        )}
      </div>
      {listing.closedAt && <Result listing={listing} />}
      <div className="columns">
        <div className="column-main">
          {open && listing.myNumber !== null && <QuoteForm listing={listing} apply={apply} />}
          {listing.isFloorOfficer && open && !listing.floorEntered && <FloorForm listing={listing} apply={apply} />}
          {listing.isManager && listing.closedAt && !listing.resultPublishedAt && <PublishResult listing={listing} apply={apply} />}
          {listing.confirmationJson && <DealConfirmation listing={listing} apply={apply} />}
          {listing.registrations && <Bonds listing={listing} apply={apply} />}
          <section className="card" aria-label={t('listing.chart')}>
            <h2>{t('listing.chart')}</h2>
            <ListingChart quotes={listing.quotes} startPrice={listing.startPrice} />
          </section>
          <Timeline listing={listing} />
        </div>
        <aside className="column-side card">
          <h2>{t('listing.parcel')}</h2>
          <dl className="facts">
            <dt>{t('listing.location')}</dt><dd>{listing.parcel.location}</dd>
            <dt>{t('listing.area')}</dt><dd>{listing.parcel.areaM2} m²</dd>
            <dt>{t('listing.landUse')}</dt><dd>{listing.parcel.landUse}</dd>
            <dt>{t('listing.plotRatio')}</dt><dd>{listing.parcel.plotRatio}</dd>
            <dt>{t('listing.term')}</dt><dd>{t('listing.years', { n: listing.parcel.termYears })}</dd>
            <dt>{t('listing.bond')}</dt><dd>{formatYuan(listing.bond)}</dd>
            <dt>{t('listing.floor')}</dt><dd>{listing.floorPrice ? formatYuan(listing.floorPrice) : listing.floorEntered ? t('listing.floorSealed') : '—'}</dd>
          </dl>
        </aside>
      </div>
    </>
  );
}

/** Time left of the timed bidding on the server's clock (never the browser's). */
function Countdown({ endsAt }: { endsAt: string }) {
  const { t, formatDateTime } = useI18n();
  const now = useServerNow();
  const left = now === null ? null : Date.parse(endsAt) - now;
  const parts = durationParts(Math.max(0, left ?? 0));
  return (
    <div className="hall-countdown" role="timer" aria-live="off" data-testid="countdown" data-ends-at={endsAt}>
      <span className="muted">{t('listing.countdown')}</span>{' '}
      <strong className="num">{left === null ? '…' : left <= 0 ? t('listing.countdownEnded') : `${parts.minutes}:${String(parts.seconds).padStart(2, '0')}`}</strong>
      <span className="block small muted">{t('listing.countdownEndsAt', { at: formatDateTime(endsAt) })}</span>
    </div>
  );
}

function Result({ listing }: { listing: Listing }) {
  const { t } = useI18n();
  return (
    <p className={`notice ${listing.outcome === 'DEAL' ? 'notice-success' : 'notice-info'}`} role="status" data-testid="listing-result" data-outcome={listing.outcome ?? ''}>
      {listing.outcome === 'DEAL'
        ? t('listing.deal', { price: formatYuan(listing.finalPrice), number: listing.winnerNumber ?? '—', name: listing.winnerName ?? '' })
        : reasonText(t, listing.outcomeReasonCode, listing.outcomeReasonParams, listing.outcomeReason)}
    </p>
  );
}

function Timeline({ listing }: { listing: Listing }) {
  const { t, formatDateTime } = useI18n();
  return (
    <section className="card" aria-label={t('listing.timeline')}>
      <h2>{t('listing.timeline')}</h2>
      {listing.quotes.length === 0 ? (
        <p className="muted">{t('listing.noQuote')}</p>
      ) : (
        <table className="table" data-testid="quote-timeline">
          <thead><tr><th>#</th><th>{t('listing.bidderNumber')}</th><th>{t('listing.amount')}</th><th>{t('listing.receivedAt')}</th><th>{t('listing.quotePhase')}</th></tr></thead>
          <tbody>
            {[...listing.quotes].reverse().map((q) => (
              <tr key={q.seq} className={q.mine ? 'row-mine' : undefined} data-seq={q.seq}>
                <td className="num">{q.seq}</td>
                <td>{q.bidderNumber}{q.mine ? ` (${t('listing.mine')})` : ''}</td>
                <td className="num">{formatYuan(q.amount)}</td>
                <td>{formatDateTime(q.receivedAt)}</td>
                <td>{t(`listing.quotePhase.${q.phase}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function useListingAction(apply: (l: Listing | null | undefined) => void) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<ListingError[]>([]);
  const run = async (mutation: string, variables: Record<string, unknown>): Promise<boolean> => {
    setBusy(true);
    setErrors([]);
    try {
      const result = await client.mutation<Record<string, { listing: Listing | null; errors: ListingError[] }>>(mutation, variables, { requestPolicy: 'network-only' }).toPromise();
      const payload = result.data ? Object.values(result.data)[0] : undefined;
      if (!payload) {
        setErrors([{ code: String(result.error?.graphQLErrors[0]?.extensions?.code ?? 'NETWORK'), message: result.error?.message ?? '' }]);
        return false;
      }
      apply(payload.listing);
      setErrors(payload.errors);
      return payload.errors.length === 0;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, errors, setErrors };
}

function Errors({ errors }: { errors: ListingError[] }) {
  const { t } = useI18n();
  return <FormErrors errors={errors} describe={(e) => { const key = `listingError.${e.code}`; return <>{isMessageKey(key) ? t(key) : e.code} <span className="field-error-detail">{e.message}</span></>; }} />;
}

/** Enter an amount, review it against the price seen, then sign with the PKCS#12 key and send. */
function QuoteForm({ listing, apply }: { listing: Listing; apply(l: Listing | null | undefined): void }) {
  const { t } = useI18n();
  const action = useListingAction(apply);
  const [amount, setAmount] = useState('');
  const [review, setReview] = useState<{ amount: string; previousHighest: string | null } | null>(null);
  const start = (event: FormEvent) => {
    event.preventDefault();
    const value = amount.trim() || listing.minimumQuote;
    if (!/^\d{1,16}(\.\d{1,2})?$/.test(value)) return action.setErrors([{ code: 'INPUT_INVALID', message: value }]);
    action.setErrors([]);
    setReview({ amount: value, previousHighest: listing.currentPrice });
  };
  return (
    <section className="card listing-quote" aria-label={t('listing.quoteTitle')}>
      <h2>{t('listing.quoteTitle')}</h2>
      {!review ? (
        <form onSubmit={start} noValidate>
          <Field label={t('listing.amountLabel', { min: formatYuan(listing.minimumQuote) })}>
            <input inputMode="decimal" value={amount} placeholder={listing.minimumQuote} onChange={(e) => setAmount(e.target.value)} data-testid="quote-amount" />
          </Field>
          <div className="form-actions"><button type="submit">{t('listing.review')}</button></div>
        </form>
      ) : (
        <div className="hall-step" data-testid="quote-confirm">
          <p>{t('listing.confirmText', { amount: formatYuan(review.amount), previous: review.previousHighest ? formatYuan(review.previousHighest) : t('listing.noQuote') })}</p>
          <p className="hint">{t('listing.finalHint')}</p>
          <KeyFileForm
            fileLabel={t('hall.signingFile')}
            submitLabel={t('listing.signAndSend')}
            disabled={action.busy}
            onUse={async (file, password) => {
              const { readSigningIdentity, signChallenge } = await import('../../auth/certificate-login');
              const identity = await readSigningIdentity(file, password);
              const message = new TextDecoder().decode(quoteMessage({ projectId: listing.projectId, ...review }));
              const signature = await signChallenge(identity.privateKey, message);
              const ok = await action.run(QUOTE, { input: { projectId: listing.projectId, ...review, certificatePem: identity.certificatePem, signature } });
              if (ok) setAmount('');
              setReview(null);
            }}
          />
          <button type="button" className="button-secondary" onClick={() => setReview(null)}>{t('listing.back')}</button>
        </div>
      )}
      <Errors errors={action.errors} />
    </section>
  );
}

function FloorForm({ listing, apply }: { listing: Listing; apply(l: Listing | null | undefined): void }) {
  const { t } = useI18n();
  const action = useListingAction(apply);
  const [amount, setAmount] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(ENTER_FLOOR, { projectId: listing.projectId, amount: amount.trim() });
  };
  return (
    <section className="card" aria-label={t('listing.floorTitle')}>
      <h2>{t('listing.floorTitle')}</h2>
      <p className="hint">{t('listing.floorHint')}</p>
      <form onSubmit={submit} noValidate>
        <Field label={t('listing.amount')}>
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="floor-amount" />
        </Field>
        <div className="form-actions"><button type="submit" disabled={action.busy}>{t('listing.floorSubmit')}</button></div>
      </form>
      <Errors errors={action.errors} />
    </section>
  );
}

function PublishResult({ listing, apply }: { listing: Listing; apply(l: Listing | null | undefined): void }) {
  const { t } = useI18n();
  const action = useListingAction(apply);
  return (
    <section className="card">
      <button type="button" disabled={action.busy} onClick={() => void action.run(PUBLISH_RESULT, { projectId: listing.projectId })}>{t('listing.publishResult')}</button>
      <Errors errors={action.errors} />
    </section>
  );
}

/** 成交确认书: the transferor (project staff) and the winner each seal the published confirmation with their e-seal. */
function DealConfirmation({ listing, apply }: { listing: Listing; apply(l: Listing | null | undefined): void }) {
  const { t, formatDateTime } = useI18n();
  const client = useClient();
  const action = useListingAction(apply);
  const role = listing.isManager ? 'TRANSFEROR' : listing.myNumber !== null && listing.myNumber === listing.winnerNumber ? 'TRANSFEREE' : null;
  const sealed = listing.confirmationSeals.some((s) => s.role === role);
  return (
    <section className="card" aria-label={t('listing.confirmation')}>
      <h2>{t('listing.confirmation')}</h2>
      <ul className="plain-list" data-testid="confirmation-seals">
        {listing.confirmationSeals.map((s) => (
          <li key={s.role}>
            {t(s.role === 'TRANSFEROR' ? 'listing.transferor' : 'listing.transferee')}: {s.signerName} <span className="muted small">{formatDateTime(s.sealedAt)}</span>
          </li>
        ))}
      </ul>
      {role && !sealed && (
        <KeyFileForm
          fileLabel={t('listing.signingFile')}
          submitLabel={t('listing.sealConfirmation')}
          disabled={action.busy}
          onUse={async (file, password) => {
            const result = await client.query<{ serverTime: string; mySeal: { seal: { sealRecordBase64: string } | null; errors: ListingError[] } }>(MY_SEAL_AND_TIME, {}, { requestPolicy: 'network-only' }).toPromise();
            const seal = result.data?.mySeal.seal;
            if (!result.data || !seal) return action.setErrors(result.data?.mySeal.errors.length ? result.data.mySeal.errors : [{ code: 'NETWORK', message: result.error?.message ?? '' }]);
            const { readSigningIdentity } = await import('../../auth/certificate-login');
            const { sealRecordJson } = await import('../../lib/opening-crypto');
            const identity = await readSigningIdentity(file, password);
            const envelope = await sealRecordJson({ recordJson: listing.confirmationJson!, sealRecordBase64: seal.sealRecordBase64, certificatePem: identity.certificatePem, signingKey: identity.privateKey, serverTime: result.data.serverTime, purpose: 'deal-confirmation' });
            await action.run(SEAL_DEAL_CONFIRMATION, { projectId: listing.projectId, envelope });
          }}
        />
      )}
      <Errors errors={action.errors} />
    </section>
  );
}

/** 竞买保证金: project staff confirm each registered organisation's bond, which makes it a bidder with a number. */
function Bonds({ listing, apply }: { listing: Listing; apply(l: Listing | null | undefined): void }) {
  const { t, formatDateTime } = useI18n();
  const action = useListingAction(apply);
  const open = listing.isManager && (listing.status === 'PUBLISHED' || listing.status === 'LISTING');
  return (
    <section className="card" aria-label={t('listing.bonds')}>
      <h2>{t('listing.bonds')}</h2>
      {!listing.registrations!.length ? (
        <p className="muted">{t('listing.noRegistrations')}</p>
      ) : (
        <table data-testid="bonds">
          <tbody>
            {listing.registrations!.map((r) => (
              <tr key={r.organisationId}>
                <th scope="row">{r.organisationName}</th>
                <td>
                  {r.bidderNumber !== null ? (
                    <>{t('listing.bondConfirmed', { number: r.bidderNumber })} <span className="muted small">{formatDateTime(r.bondConfirmedAt!)}</span></>
                  ) : open ? (
                    <button type="button" disabled={action.busy} onClick={() => void action.run(CONFIRM_BOND, { projectId: listing.projectId, organisationId: r.organisationId })}>
                      {t('listing.confirmBond')}
                    </button>
                  ) : (
                    <span className="muted">{t('listing.bondPending')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Errors errors={action.errors} />
    </section>
  );
}
