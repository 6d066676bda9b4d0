/** 项目公告 — the public home page: published projects, newest first. */
import { useQuery } from 'urql';
import { Pager, usePaging } from '../../components/Pager';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import type { Connection, Project } from '../../graphql/types';
import { useI18n } from '../../i18n';

const PROJECTS = /* GraphQL */ `
  query Projects($first: Int!, $after: String) {
    projects(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id code title } }
    }
  }
`;

const PAGE_SIZE = 20;

export function ProjectsPage() {
  const { t } = useI18n();
  const paging = usePaging();
  const [{ data, fetching, error }, refetch] = useQuery<{ projects: Connection<Project> }>({
    query: PROJECTS,
    variables: { first: PAGE_SIZE, after: paging.after },
  });
  const projects = data?.projects;

  return (
    <section>
      <h1>{t('projects.title')}</h1>
      <p className="lead">{t('projects.intro')}</p>
      {error && <ErrorMessage error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!projects && fetching && <Loading />}
      {projects && projects.edges.length === 0 && <EmptyState title={t('projects.empty')}>{t('projects.emptyHint')}</EmptyState>}
      {projects && projects.edges.length > 0 && (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('projects.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('projects.code')}</th>
                  <th scope="col">{t('projects.projectTitle')}</th>
                </tr>
              </thead>
              <tbody>
                {projects.edges.map(({ node }) => (
                  <tr key={node.id}>
                    <td className="nowrap mono">{node.code}</td>
                    <td>{node.title}</td>
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
