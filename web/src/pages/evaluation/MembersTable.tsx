/**
 * The committee as the viewer may see it: 专家 A…, names once the server gives them, the no-conflict
 * declarations and the leader. For supervisors (`progress`) this is the progress view: who has
 * submitted (never what), the report acts, and the objections with their answer deadlines.
 */
import type { Evaluation } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';
import { Panel } from './eval-common';

export function MembersTable({ evaluation, progress }: { evaluation: Evaluation; progress: boolean }) {
  const { t, label, formatDateTime } = useI18n();
  const submitted = evaluation.members.filter((m) => m.sheetStatus === 'SUBMITTED').length;
  return (
    <Panel title={progress ? t('eval.progressTitle') : t('eval.committee')} className="eval-members">
      <p className="small muted">{progress ? t('eval.progressExplain') : t('eval.committeeSize', { count: evaluation.committeeSize })}</p>
      {progress && <p data-testid="submitted-count">{t('eval.submittedCount', { done: submitted, total: evaluation.committeeSize })}</p>}
      <div className="table-wrap">
        <table className="eval-members-table">
          <thead>
            <tr>
              <th scope="col">{t('eval.member')}</th>
              <th scope="col">{t('eval.conflict')}</th>
              {progress && <th scope="col">{t('eval.sheet')}</th>}
              <th scope="col">{t('eval.reportAct')}</th>
            </tr>
          </thead>
          <tbody>
            {evaluation.members.map((m) => (
              <tr key={m.id} data-seat={m.seat}>
                <td>
                  {m.label}
                  {m.name && <span className="block small">{m.name}</span>}
                  {m.isLeader && <span className="badge badge-valid">{t('eval.leader')}</span>}
                  {m.me && <span className="muted small">{t('eval.me')}</span>}
                </td>
                <td className="small">{m.conflictConfirmed ? t('eval.conflictDone') : <span className="muted">{t('eval.conflictOpen')}</span>}</td>
                {progress && <td className="small" data-sheet={m.sheetStatus ?? 'NONE'}>{t(`eval.sheetStatus.${m.sheetStatus ?? 'NONE'}`)}</td>}
                <td className="small">
                  {m.reportAct ? t(`eval.act.${m.reportAct}`) : '—'}
                  {m.reportReason && <span className="block muted">{m.reportReason}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {progress && evaluation.objections.length > 0 && (
        <>
          <h3>{t('eval.objections')}</h3>
          <ul className="plain-list small">
            {evaluation.objections.map((o) => (
              <li key={o.id}>
                {o.organisationName} · {o.answeredAt ? t('eval.answered', { at: formatDateTime(o.answeredAt) }) : t('eval.answerDue', { at: formatDateTime(o.answerDueAt) })}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="small muted">{label('evalStatus', evaluation.status)}</p>
    </Panel>
  );
}
