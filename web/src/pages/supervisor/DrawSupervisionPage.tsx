/**
 * 专家抽取监督 — a supervisor's view of one project's expert draw: the same console read-only, with
 * exclusion (回避, with a written reason, before the snapshot), the public beacon (after it), and
 * the supervisor's own commit and reveal as a party to the seed.
 */
import { useQuery } from 'urql';
import { Link } from '../../app/router';
import { StatusBadge } from '../../components/project';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import { useI18n } from '../../i18n';
import { DrawConsole } from '../draw/DrawConsole';
import { SupervisionTabs } from './SupervisionTabs';

const PROJECT = /* GraphQL */ `
  query SupervisedDrawProject($id: ID!) { project(id: $id) { id code title status } }
`;

export function DrawSupervisionPage({ id }: { id: string }) {
  const { t } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery<{ project: { id: string; code: string; title: string; status: string } | null }>({ query: PROJECT, variables: { id } });
  if (error && !data) return <ErrorMessage error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return fetching ? <Loading /> : null;
  const project = data.project;
  return (
    <section>
      <h1>{t('draw.superviseTitle')}</h1>
      <SupervisionTabs />
      {!project ? (
        <EmptyState title={t('project.notFound')} />
      ) : (
        <>
          <p className="lead">
            <StatusBadge status={project.status} /> <span className="mono">{project.code}</span> · <Link to={`/projects/${project.id}`}>{project.title}</Link>
          </p>
          <p className="hint">{t('draw.superviseIntro')}</p>
          <DrawConsole projectId={project.id} projectCode={project.code} role="supervisor" />
        </>
      )}
    </section>
  );
}
