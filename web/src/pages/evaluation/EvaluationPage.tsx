/**
 * 评标 (/projects/:id/evaluation) — one page whose sections depend on the viewer (the server filters
 * what each may see; this only chooses what to offer): members declare no conflict, elect the leader
 * and score in the workbench; the leader changes results for a rule-19 reason; every member signs the
 * report; supervisors follow who has submitted; everyone sees the published candidates; bidders
 * object and see how their score was computed; the tenderee answers and seals the award notice.
 */
import type { ReactNode } from 'react';
import { Link } from '../../app/router';
import { useSession } from '../../auth/session';
import { EmptyState, Loading } from '../../components/status';
import { EVALUATION, EVALUATION_EVENTS, type Evaluation } from '../../graphql/evaluation';
import { useLiveSnapshot } from '../../lib/live-snapshot';
import { LiveIndicator } from '../opening/HallStatus';
import { useI18n } from '../../i18n';
import { PeriodNotice, ReplaceMemberForm, ReplacementsList, TimeInsufficientForm } from './CommitteeChanges';
import { CommitteeStep } from './CommitteeStep';
import { ExplainMyScore } from './ExplainMyScore';
import { LeaderChangeForm } from './LeaderChangeForm';
import { MembersTable } from './MembersTable';
import { PublicityPanel } from './PublicityPanel';
import { ReportSignForm } from './ReportSignForm';
import { ResultsTable } from './ResultsTable';
import { ScoringWorkbench } from './ScoringWorkbench';

const PUBLISHED = ['PUBLICITY', 'AWARDED', 'FAILED'];

export function EvaluationPage({ id }: { id: string }) {
  const { t } = useI18n();
  // the view, refetched on each step the caller may learn of (evaluationEvents), resuming after reconnects
  const live = useLiveSnapshot<Evaluation, { seq: number }>({
    projectId: id,
    snapshotQuery: EVALUATION,
    snapshotField: 'evaluation',
    eventsQuery: EVALUATION_EVENTS,
    eventsField: 'evaluationEvents',
    lastSeqOf: (evaluation) => evaluation?.lastEventSeq ?? 0,
  });
  const { snapshot: evaluation, error, apply } = live;
  const setEvaluation = (next: Evaluation) => apply(next);

  return (
    <section className="evaluation">
      <p className="breadcrumb">
        <Link to="/">{t('nav.projects')}</Link> <span aria-hidden="true">›</span> <Link to={`/projects/${id}`}>{t('project.pageTitle')}</Link> <span aria-hidden="true">›</span> {t('eval.title')}
      </p>
      <h1>{t('eval.title')}</h1>
      {error && (
        <p className="status status-error" role="alert">
          {error}
        </p>
      )}
      {evaluation === undefined ? (
        !error && <Loading />
      ) : evaluation === null ? (
        <EmptyState title={t('eval.notStarted')} />
      ) : (
        <Sections evaluation={evaluation} onEvaluation={setEvaluation} live={<LiveIndicator state={live.connection} reconnects={live.reconnects} />} />
      )}
    </section>
  );
}

function Sections({ evaluation, onEvaluation, live }: { evaluation: Evaluation; onEvaluation(e: Evaluation): void; live: ReactNode }) {
  const { t, label } = useI18n();
  const { hasRole } = useSession();
  const me = evaluation.members.find((m) => m.me) ?? null;
  const published = PUBLISHED.includes(evaluation.status);
  const supervisor = hasRole('SUPERVISOR', 'ADMIN');
  return (
    <>
      <p className="lead">
        <span role="status" data-status={evaluation.status}>
          {t('eval.statusLine', { status: label('evalStatus', evaluation.status) })}
        </span>
      </p>
      {live}
      <PeriodNotice evaluation={evaluation} />
      {/* full width: the bids side by side need the room */}
      {me && me.conflictConfirmed && evaluation.status === 'SCORING' && <ScoringWorkbench evaluation={evaluation} onEvaluation={onEvaluation} />}
      <div className="columns">
        <div className="column-main">
          {me && <CommitteeStep evaluation={evaluation} me={me} onEvaluation={onEvaluation} />}
          {me && <TimeInsufficientForm evaluation={evaluation} me={me} onEvaluation={onEvaluation} />}
          {evaluation.aggregate && <ResultsTable evaluation={evaluation} aggregate={evaluation.aggregate} />}
          {me?.isLeader && evaluation.status === 'REPORT' && <LeaderChangeForm evaluation={evaluation} onEvaluation={onEvaluation} />}
          {me && evaluation.status === 'REPORT' && <ReportSignForm evaluation={evaluation} me={me} onEvaluation={onEvaluation} />}
          {published && <PublicityPanel evaluation={evaluation} onEvaluation={onEvaluation} />}
          {published && hasRole('BIDDER') && <ExplainMyScore projectId={evaluation.projectId} />}
        </div>
        <aside className="column-side">
          <MembersTable evaluation={evaluation} progress={supervisor} />
          <ReplacementsList evaluation={evaluation} />
          {(supervisor || hasRole('TENDEREE', 'AGENT')) && !me && <ReplaceMemberForm evaluation={evaluation} onEvaluation={onEvaluation} bySupervisor={hasRole('SUPERVISOR')} />}
        </aside>
      </div>
    </>
  );
}
