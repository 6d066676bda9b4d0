/** 我的项目 — projects the caller's organisation runs (as tenderee or as agent), drafts included. */
import { useQuery } from 'urql';
import { Link } from '../../app/router';
import { PagedTable } from '../../components/PagedTable';
import { usePaging } from '../../components/Pager';
import { StatusBadge } from '../../components/project';
import { EmptyState } from '../../components/status';
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
  const query = useQuery<{ projects: Connection<ProjectSummary> }>({
    query: MY_PROJECTS,
    variables: { first: PAGE_SIZE, after: paging.after },
    requestPolicy: 'cache-and-network',
  });

  return (
    <section>
      <h1>{t('mine.title')}</h1>
      <div className="toolbar toolbar-split">
        <p className="lead">{t('mine.intro')}</p>
        <Link to="/manage/projects/new" className="button">
          {t('nav.newProject')}
        </Link>
      </div>
      <PagedTable
        query={query}
        connection={(data) => data.projects}
        paging={paging}
        empty={
          <EmptyState title={t('mine.empty')}>
            <Link to="/manage/projects/new">{t('mine.createFirst')}</Link>
          </EmptyState>
        }
        columns={[t('projects.code'), t('projects.projectTitle'), t('wizard.method'), t('projects.status'), t('projects.deadline'), t('documents.actions')]}
        caption={t('mine.title')}
        row={(node) => (
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
        )}
      />
    </section>
  );
}
