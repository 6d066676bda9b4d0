/** 我的项目 — projects the caller's organisation runs (as tenderee or as agent), drafts included. */
import { useQuery } from 'urql';
import { Link } from '../../app/router';
import { Pager, usePaging } from '../../components/Pager';
import { StatusBadge } from '../../components/project';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import { PROJECT_SUMMARY_FIELDS, type ProjectSummary } from '../../graphql/projects';
import type { Connection } from '../../graphql/types';
import { useI18n } from '../../i18n';
import { keyDeadline } from '../public/ProjectsPage';

const MY_PROJECTS = /* GraphQL */ `
  query MyProjects($first: Int!, $after: String) {
    projects(first: $first, after: $after, filter: { mine: true }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ${PROJECT_SUMMARY_FIELDS} } }
    }
  }
`;

const PAGE_SIZE = 20;

export function MyProjectsPage() {
  const { t, label, formatDateTime } = useI18n();
  const paging = usePaging();
  const [{ data, fetching, error }, refetch] = useQuery<{ projects: Connection<ProjectSummary> }>({
    query: MY_PROJECTS,
    variables: { first: PAGE_SIZE, after: paging.after },
    requestPolicy: 'cache-and-network',
  });
  const projects = data?.projects;

  return (
    <section>
      <h1>{t('mine.title')}</h1>
      <div className="toolbar toolbar-split">
        <p className="lead">{t('mine.intro')}</p>
        <Link to="/manage/projects/new" className="button">
          {t('nav.newProject')}
        </Link>
      </div>
      {error && <ErrorMessage error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!projects && fetching && <Loading />}
      {projects && projects.edges.length === 0 && (
        <EmptyState title={t('mine.empty')}>
          <Link to="/manage/projects/new">{t('mine.createFirst')}</Link>
        </EmptyState>
      )}
      {projects && projects.edges.length > 0 && (
        <>
          <div className="table-wrap" aria-busy={fetching}>
            <table>
              <caption className="visually-hidden">{t('mine.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('projects.code')}</th>
                  <th scope="col">{t('projects.projectTitle')}</th>
                  <th scope="col">{t('wizard.method')}</th>
                  <th scope="col">{t('projects.status')}</th>
                  <th scope="col">{t('projects.deadline')}</th>
                  <th scope="col">{t('documents.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {projects.edges.map(({ node }) => (
                  <tr key={node.id}>
                    <td className="nowrap mono">{node.code}</td>
                    <td>
                      <Link to={`/manage/projects/${node.id}`}>{node.title}</Link>
                    </td>
                    <td>{label('method', node.method)}</td>
                    <td className="nowrap">
                      <StatusBadge status={node.status} />
                    </td>
                    <td className="nowrap">{formatDateTime(keyDeadline(node))}</td>
                    <td className="nowrap">
                      {node.status === 'DRAFT' ? (
                        <Link to={`/manage/projects/${node.id}/edit`}>{t('mine.continue')}</Link>
                      ) : (
                        <Link to={`/projects/${node.id}`}>{t('manage.publicPage')}</Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager paging={paging} pageInfo={projects.pageInfo} totalCount={projects.totalCount} busy={fetching} />
        </>
      )}
    </section>
  );
}
