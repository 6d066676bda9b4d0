/**
 * A project's public page (/projects/<id>): announcements, schedule, lots, who runs it, documents
 * with their hashes, the registration count and the opening key's public facts. Bidders register,
 * download and ask here; those who run the project get a link to their own page.
 */
import { useQuery } from 'urql';
import { Link } from '../../app/router';
import { useSession } from '../../auth/session';
import { AnnouncementList, DocumentsTable, LotsTable, OpeningKeyFacts, ScheduleFacts, StatusBadge, StatusReason } from '../../components/project';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import { managesProject, PROJECT_DETAIL, type ProjectDetail } from '../../graphql/projects';
import { useI18n } from '../../i18n';
import { formatYuan } from '../../lib/documents';
import { BidderPanel } from '../bidder/BidderPanel';

export function ProjectDetailPage({ id }: { id: string }) {
  const { t, label } = useI18n();
  const session = useSession();
  const [{ data, fetching, error }, refetch] = useQuery<{ project: ProjectDetail | null }>({ query: PROJECT_DETAIL, variables: { id } });
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (error && !data) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return fetching ? <Loading /> : null;
  const project = data.project;
  if (!project) {
    return (
      <section>
        <h1>{t('project.notFoundTitle')}</h1>
        <EmptyState title={t('project.notFound')}>
          <Link to="/">{t('project.backToList')}</Link>
        </EmptyState>
      </section>
    );
  }

  const user = session.user;
  const manages = managesProject(user, project);
  const isBidder = session.hasRole('BIDDER');
  const canDownload = !!project.myRegistration || manages || session.hasRole('SUPERVISOR', 'ADMIN');
  const money: [string, string | null][] = [
    [t('project.budget'), project.budget],
    [t('project.estimatedPrice'), project.estimatedPrice],
    [t('project.startPrice'), project.startPrice],
  ];

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/">{t('nav.projects')}</Link> <span aria-hidden="true">›</span> <span className="mono">{project.code}</span>
      </p>
      <h1>{project.title}</h1>
      <p className="lead">
        <StatusBadge status={project.status} /> <span className="mono">{project.code}</span> · {label('method', project.method)}
      </p>
      <StatusReason project={project} role="status" />
      {manages && (
        <p className="notice notice-info">
          {t('project.youManage')} <Link to={`/manage/projects/${project.id}`}>{t('project.openManage')}</Link>
        </p>
      )}

      {project.method === 'LAND_LISTING' && project.status !== 'DRAFT' && (
        <p className="notice notice-info">
          <Link to={`/projects/${project.id}/listing`}>{t('listing.link')}</Link>
        </p>
      )}

      {session.hasRole('SUPERVISOR') && (
        <p className="notice notice-info">
          <Link to={`/supervision/projects/${project.id}/draw`}>{t('draw.superviseLink')}</Link>
        </p>
      )}

      {user && ['SEALED', 'OPENING', 'EVALUATING', 'PUBLICITY', 'AWARDED', 'CLOSED'].includes(project.status) && (project.myRegistration || manages || session.hasRole('SUPERVISOR', 'ADMIN', 'TENDEREE', 'AGENT')) && (
        <p className="notice notice-info">
          <Link to={`/projects/${project.id}/opening`}>{t('hall.link')}</Link>
          {session.hasRole('SUPERVISOR', 'ADMIN') && (
            <>
              {' · '}
              <Link to="/supervision/openings">{t('hall.superviseLink')}</Link>
            </>
          )}
        </p>
      )}

      {['EVALUATING', 'PUBLICITY', 'SUSPENDED', 'AWARDED', 'FAILED', 'CLOSED'].includes(project.status) && (
        <p className="notice notice-info">
          <Link to={`/projects/${project.id}/evaluation`}>{session.hasRole('SUPERVISOR', 'ADMIN') ? t('eval.superviseLink') : t('eval.link')}</Link>
        </p>
      )}

      <div className="columns">
        <div className="column-main">
          <h2>{t('announcements.title')}</h2>
          <AnnouncementList announcements={project.announcements} />

          <h2>{t('project.lots')}</h2>
          <LotsTable lots={project.lots} />

          <h2>{t('documents.title')}</h2>
          <DocumentsTable
            documents={project.documents}
            canDownload={canDownload}
            downloadHint={!user ? t('documents.loginToDownload') : isBidder ? t('documents.registerToDownload') : t('documents.onlyRegistered')}
          />

          {isBidder && <BidderPanel project={project} onChange={reload} />}
        </div>

        <aside className="column-side">
          <div className="card">
            <h2>{t('project.facts')}</h2>
            <dl className="facts">
              <dt>{t('project.tenderee')}</dt>
              <dd>{project.tenderee.name}</dd>
              <dt>{t('project.agent')}</dt>
              <dd>{project.agent?.name ?? '—'}</dd>
              {money
                .filter(([, amount]) => amount)
                .map(([name, amount]) => (
                  <div key={name} className="facts-row">
                    <dt>{name}</dt>
                    <dd className="num">{formatYuan(amount)}</dd>
                  </div>
                ))}
              <dt>{t('project.registrationCount')}</dt>
              <dd>
                <strong>{project.registrationCount}</strong> <span className="muted small">{t('project.registrationCountHint')}</span>
              </dd>
            </dl>
          </div>
          <div className="card">
            <h2>{t('project.schedule')}</h2>
            <ScheduleFacts project={project} />
            <p className="hint">{t('audit.timeZoneNote')}</p>
          </div>
          <div className="card">
            <h2>{t('opening.title')}</h2>
            <OpeningKeyFacts project={project} />
          </div>
          {project.publishedAt && <OpenDataCard projectId={project.id} code={project.code} />}
        </aside>
      </div>
    </section>
  );
}

/** Download links for the project's OCDS files (public HTTP endpoints, no login). */
function OpenDataCard({ projectId, code }: { projectId: string; code: string }) {
  const { t } = useI18n();
  const file = (name: 'releases' | 'records') => `/opendata/ocds/projects/${projectId}/${name}.json`;
  return (
    <section className="card" aria-labelledby="open-data-title">
      <h2 id="open-data-title">{t('opendata.title')}</h2>
      <p className="hint">{t('opendata.explain')}</p>
      <ul>
        <li>
          <a href={file('releases')} download={`${code}-releases.json`} type="application/json">{t('opendata.releases')}</a>
        </li>
        <li>
          <a href={file('records')} download={`${code}-records.json`} type="application/json">{t('opendata.records')}</a>
        </li>
      </ul>
    </section>
  );
}
