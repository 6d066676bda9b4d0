/**
 * 开标大厅 (/projects/:id/opening) — the live, remote opening of one project. Everyone sees the
 * steps, the live connection, the server-time countdown, the read-out table and the price chart;
 * bidders sign in, decrypt, object and confirm; the host takes each step; supervisors watch the
 * integrity flags and seal with the host; custodians submit their key shares.
 */
import { Link } from '../../app/router';
import { useSession } from '../../auth/session';
import { EmptyState, Loading } from '../../components/status';
import type { OpeningSession } from '../../graphql/opening';
import { useI18n } from '../../i18n';
import { useOpeningLive } from '../../lib/opening-live';
import { BidderActions } from './BidderActions';
import { CustodianStep } from './CustodianStep';
import { EventLog } from './EventLog';
import { Countdown, DecryptionProgress, HallSteps, LiveIndicator } from './HallStatus';
import { HostActions } from './HostActions';
import { IntegrityFlags } from './IntegrityFlags';
import { Objections } from './Objections';
import { PriceChart } from './PriceChart';
import { ReadOutTable } from './ReadOutTable';
import { SealStep } from './SealStep';

export function OpeningHallPage({ id }: { id: string }) {
  const { t } = useI18n();
  const live = useOpeningLive(id);
  const { session } = live;

  if (session === undefined) return live.error ? <p className="status status-error" role="alert">{live.error}</p> : <Loading />;
  return (
    <section className="opening-hall">
      <p className="breadcrumb">
        <Link to="/">{t('nav.projects')}</Link> <span aria-hidden="true">›</span> <Link to={`/projects/${id}`}>{session?.projectCode ?? t('project.pageTitle')}</Link> <span aria-hidden="true">›</span> {t('hall.title')}
      </p>
      <div className="hall-head">
        <h1>{t('hall.title')}</h1>
        <LiveIndicator state={live.connection} reconnects={live.reconnects} />
      </div>
      {!session ? (
        <EmptyState title={t('hall.notOpen')}>
          <Link to={`/projects/${id}`}>{t('project.backToList')}</Link>
        </EmptyState>
      ) : (
        <Hall session={session} live={live} />
      )}
    </section>
  );
}

function Hall({ session, live }: { session: OpeningSession; live: ReturnType<typeof useOpeningLive> }) {
  const { t, label } = useI18n();
  const { hasRole } = useSession();
  const onSession = live.apply;
  const mine = session.bids.find((b) => b.mine);
  const supervisor = hasRole('SUPERVISOR');
  return (
    <>
      <p className="lead">
        <span className="mono">{session.projectCode}</span> · {session.projectTitle}
        <span className="block small" role="status" data-status={session.status}>
          {t('hall.statusLine', { status: label('hallStatus', session.status) })}
        </span>
      </p>
      <HallSteps status={session.status} />
      <div className="hall-summary">
        {session.status === 'DECRYPTION' && session.decryptionEndsAt && <Countdown endsAt={session.decryptionEndsAt} />}
        <DecryptionProgress session={session} />
      </div>

      <div className="columns">
        <div className="column-main">
          {mine && <BidderActions session={session} mine={mine} onSession={onSession} />}
          {session.isHost && <HostActions session={session} onSession={onSession} />}
          {session.isCustodian && session.status === 'COMMITTEE' && <CustodianStep session={session} onSession={onSession} />}
          {(session.isHost || supervisor) && (session.status === 'SEALING' || session.status === 'PUBLISHED') && <SealStep session={session} role={session.isHost ? 'HOST' : 'SUPERVISOR'} onSession={onSession} />}

          <section className="card" aria-label={t('hall.readOut')}>
            <h2>{t('hall.readOut')}</h2>
            <ReadOutTable bids={session.bids} showFailures={supervisor} />
            <h3>{t('hall.chart')}</h3>
            <PriceChart bids={session.bids} controlPrice={session.controlPrice} />
          </section>
          <Objections session={session} canAnswer={session.isHost} onSession={onSession} />
        </div>
        <aside className="column-side">
          {supervisor && <IntegrityFlags flags={session.integrityFlags} />}
          <EventLog events={live.events} />
        </aside>
      </div>
    </>
  );
}
