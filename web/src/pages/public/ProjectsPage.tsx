/** 项目公告 — the public home page: published projects, newest first, with search and filters. */
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Link } from '../../app/router';
import { Field } from '../../components/Field';
import { PagedTable } from '../../components/PagedTable';
import { usePaging } from '../../components/Pager';
import { StatusBadge } from '../../components/project';
import { EmptyState } from '../../components/status';
import { PROJECT_KINDS, PROJECT_STATUSES, PROJECT_SUMMARY_FIELDS, type ProjectKind, type ProjectStatus, type ProjectSummary } from '../../graphql/projects';
import type { Connection } from '../../graphql/types';
import { useI18n } from '../../i18n';

const PROJECTS = /* GraphQL */ `
  query Projects($first: Int!, $after: String, $filter: ProjectFilter) {
    projects(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ${PROJECT_SUMMARY_FIELDS} } }
    }
  }
`;

const PAGE_SIZE = 20;

interface Filter {
  search: string;
  kind: ProjectKind | '';
  status: ProjectStatus | '';
}

const EMPTY: Filter = { search: '', kind: '', status: '' };

function toVariables(filter: Filter): Record<string, string> | null {
  const set = Object.fromEntries(Object.entries({ ...filter, search: filter.search.trim() }).filter(([, v]) => v));
  return Object.keys(set).length ? set : null;
}

/** The deadline that matters to a reader: bid deadline, else the end of the listing. */
export function keyDeadline(project: ProjectSummary): string | null {
  return project.bidDeadline ?? project.listingEnd ?? project.listingStart ?? null;
}

export function ProjectsPage() {
  const { t, label, formatDateTime } = useI18n();
  const paging = usePaging();
  const [form, setForm] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const variables = toVariables(filter);
  const query = useQuery<{ projects: Connection<ProjectSummary> }>({
    query: PROJECTS,
    variables: { first: PAGE_SIZE, after: paging.after, filter: variables },
  });

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter(form);
    paging.reset();
  };
  const reset = () => {
    setForm(EMPTY);
    setFilter(EMPTY);
    paging.reset();
  };

  return (
    <section>
      <h1>{t('projects.title')}</h1>
      <p className="lead">{t('projects.intro')}</p>

      <form className="card filter" role="search" onSubmit={apply} aria-label={t('projects.filter')}>
        <div className="filter-grid">
          <Field label={t('projects.search')}>
            <input name="search" type="search" value={form.search} placeholder={t('projects.searchPlaceholder')} onChange={(e) => setForm((f) => ({ ...f, search: e.target.value }))} />
          </Field>
          <Field label={t('projects.kind')}>
            <select name="kind" value={form.kind} onChange={(e) => setForm((f) => ({ ...f, kind: e.target.value as ProjectKind | '' }))}>
              <option value="">{t('common.all')}</option>
              {PROJECT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {label('projectKind', kind)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('projects.status')}>
            <select name="status" value={form.status} onChange={(e) => setForm((f) => ({ ...f, status: e.target.value as ProjectStatus | '' }))}>
              <option value="">{t('common.all')}</option>
              {PROJECT_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {label('projectStatus', status)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit">{t('common.search')}</button>
          <button type="button" className="button-secondary" onClick={reset}>
            {t('common.reset')}
          </button>
        </div>
      </form>

      <PagedTable
        query={query}
        connection={(data) => data.projects}
        paging={paging}
        empty={<EmptyState title={variables ? t('projects.noMatch') : t('projects.empty')}>{variables ? null : t('projects.emptyHint')}</EmptyState>}
        columns={[t('projects.code'), t('projects.projectTitle'), t('projects.kind'), t('projects.status'), t('projects.publishedAt'), t('projects.deadline')]}
        caption={t('projects.title')}
        row={(node) => (
          <tr key={node.id}>
            <td className="nowrap mono">{node.code}</td>
            <td>
              <Link to={`/projects/${node.id}`}>{node.title}</Link>
            </td>
            <td className="nowrap">{label('projectKind', node.kind)}</td>
            <td className="nowrap">
              <StatusBadge status={node.status} />
            </td>
            <td className="nowrap">{formatDateTime(node.publishedAt)}</td>
            <td className="nowrap">{formatDateTime(keyDeadline(node))}</td>
          </tr>
        )}
      />
    </section>
  );
}
