/** A member's first steps: the no-conflict declaration (before any bid is shown), then the leader vote. */
import { useState } from 'react';
import { DECLARE_NO_CONFLICT, VOTE_LEADER, type CommitteeMember, type Evaluation } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';
import { NO_CONFLICT_DECLARATION } from '../../lib/evaluation-rules';
import { EvalErrors, Panel, useEvalAction } from './eval-common';

export function CommitteeStep({ evaluation, me, onEvaluation }: { evaluation: Evaluation; me: CommitteeMember; onEvaluation(e: Evaluation): void }) {
  const { t } = useI18n();
  const action = useEvalAction(onEvaluation);
  const [voted, setVoted] = useState(false);
  const projectId = evaluation.projectId;
  if (!me.conflictConfirmed) {
    if (evaluation.status !== 'COMMITTEE' && evaluation.status !== 'SCORING') return null;
    return (
      <Panel title={t('eval.declareTitle')} className="eval-declare">
        <p>{t('eval.declareExplain')}</p>
        <blockquote className="declaration">{NO_CONFLICT_DECLARATION}</blockquote>
        <div className="form-actions">
          <button type="button" disabled={action.busy} onClick={() => void action.run(DECLARE_NO_CONFLICT, { projectId })}>
            {t('eval.declareButton')}
          </button>
        </div>
        <EvalErrors errors={action.errors} />
      </Panel>
    );
  }
  if (evaluation.status !== 'COMMITTEE') return null;
  return (
    <Panel title={t('eval.voteTitle')} className="eval-vote">
      <p className="hint">{t('eval.voteExplain')}</p>
      <ul className="plain-list">
        {evaluation.members.map((m) => (
          <li key={m.id}>
            <button type="button" className="button-secondary button-small" disabled={action.busy || voted} onClick={() => void action.run(VOTE_LEADER, { projectId, memberId: m.id }).then((p) => setVoted(!!p && p.errors.length === 0))}>
              {t('eval.voteFor', { name: m.name ?? m.label })}
            </button>
          </li>
        ))}
      </ul>
      {voted && (
        <p className="notice notice-success" role="status">
          {t('eval.voted')}
        </p>
      )}
      <EvalErrors errors={action.errors} />
    </Panel>
  );
}
