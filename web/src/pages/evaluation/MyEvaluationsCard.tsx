/** The expert's accepted committee seats, each linked to its scoring workbench (/projects/:id/evaluation). */
import { useQuery } from 'urql';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n';

interface Invitation {
  seatId: string;
  projectId: string;
  projectCode: string;
  projectTitle: string;
  evaluationAt: string;
  status: string;
}

const MY_INVITATIONS = /* GraphQL */ `query MyInvitationsForEvaluation { myInvitations { seatId projectId projectCode projectTitle evaluationAt status } }`;

export function MyEvaluationsCard() {
  const { t, formatDateTime } = useI18n();
  const [{ data }] = useQuery<{ myInvitations: Invitation[] }>({ query: MY_INVITATIONS, requestPolicy: 'cache-and-network' });
  const accepted = (data?.myInvitations ?? []).filter((i) => i.status === 'ACCEPTED');
  return (
    <section className="card" aria-labelledby="my-evaluations-title">
      <h2 id="my-evaluations-title">{t('eval.expertLink')}</h2>
      <p className="hint">{t('expertWork.evaluationsHint')}</p>
      <ul className="plain-list">
        {accepted.map((i) => (
          <li key={i.seatId}>
            <Link to={`/projects/${i.projectId}/evaluation`}>
              <span className="mono">{i.projectCode}</span> {i.projectTitle}
            </Link>{' '}
            <span className="muted small">{formatDateTime(i.evaluationAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
