/**
 * Rules 12 and 13 on the evaluation page: a member says (once, with a reason) that the time is
 * insufficient; the project staff or a supervisor replaces a member with a reason until the report is
 * complete. Both show what happened: the extended period, and the replaced members.
 */
import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { DECLARE_TIME_INSUFFICIENT, REPLACE_COMMITTEE_MEMBER, type CommitteeMember, type Evaluation } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';
import { mayReplace } from '../../lib/evaluation-rules';
import { EvalErrors, MemberSelect, Panel, useActForm, useEvalAction } from './eval-common';


/** The extended period and how many members asked for it (whoever may see it). */
export function PeriodNotice({ evaluation }: { evaluation: Evaluation }) {
  const { t, formatDateTime } = useI18n();
  if (!evaluation.periodEndsAt && !evaluation.timeInsufficientCount) return null;
  return (
    <p className="notice" role="status" data-period-ends={evaluation.periodEndsAt ?? ''}>
      {evaluation.periodEndsAt && t('eval.periodEnds', { at: formatDateTime(evaluation.periodEndsAt) })}
      {evaluation.periodEndsAt && evaluation.timeInsufficientCount ? ' · ' : ''}
      {evaluation.timeInsufficientCount ? t('eval.timeCount', { count: evaluation.timeInsufficientCount }) : ''}
    </p>
  );
}

export function TimeInsufficientForm({ evaluation, me, onEvaluation }: { evaluation: Evaluation; me: CommitteeMember; onEvaluation(e: Evaluation): void }) {
  const { t } = useI18n();
  const action = useEvalAction(onEvaluation);
  const [reason, setReason] = useState('');
  if (me.saidTimeInsufficient) {
    return (
      <p className="hint eval-time-declared" role="status">
        {t('eval.timeDeclared', { reason: me.timeInsufficientReason ?? '' })}
      </p>
    );
  }
  if (evaluation.status !== 'SCORING' || !me.conflictConfirmed) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(DECLARE_TIME_INSUFFICIENT, { projectId: evaluation.projectId, reason });
  };
  return (
    <Panel title={t('eval.timeTitle')} className="eval-time">
      <p className="hint">{t('eval.timeExplain')}</p>
      <form onSubmit={submit} noValidate aria-busy={action.busy}>
        <Field label={t('eval.timeReason')}>
          <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <EvalErrors errors={action.errors} />
        <div className="form-actions">
          <button type="submit" className="button-secondary" disabled={action.busy}>
            {t('eval.timeSubmit')}
          </button>
        </div>
      </form>
    </Panel>
  );
}

export function ReplaceMemberForm({ evaluation, onEvaluation, bySupervisor }: { evaluation: Evaluation; onEvaluation(e: Evaluation): void; bySupervisor: boolean }) {
  const { t } = useI18n();
  const action = useEvalAction(onEvaluation);
  const { form, setForm, update, done, setDone } = useActForm({ memberId: evaluation.members[0]?.id ?? '', reason: '' });
  if (!mayReplace(evaluation.status, bySupervisor)) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const payload = await action.run(REPLACE_COMMITTEE_MEMBER, { input: { projectId: evaluation.projectId, ...form } });
    setDone(!!payload && payload.errors.length === 0);
    if (payload?.evaluation) setForm((f) => ({ memberId: payload.evaluation!.members[0]?.id ?? '', reason: payload.errors.length ? f.reason : '' }));
  };
  return (
    <Panel title={t('eval.replaceTitle')} className="eval-replace">
      <p className="hint">{t('eval.replaceExplain')}</p>
      <form onSubmit={submit} noValidate aria-busy={action.busy}>
        <div className="form-grid">
          <Field label={t('eval.replaceMember')}>
            <MemberSelect evaluation={evaluation} value={form.memberId} onChange={(memberId) => update({ memberId })} />
          </Field>
          <Field label={t('eval.replaceReason')}>
            <input value={form.reason} maxLength={500} onChange={(e) => update({ reason: e.target.value })} />
          </Field>
        </div>
        <EvalErrors errors={action.errors} />
        {done && (
          <p className="notice notice-success" role="status">
            {t('eval.replaceDone')}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" disabled={action.busy}>
            {t('eval.replaceSubmit')}
          </button>
        </div>
      </form>
    </Panel>
  );
}

export function ReplacementsList({ evaluation }: { evaluation: Evaluation }) {
  const { t } = useI18n();
  if (!evaluation.replacements?.length) return null;
  return (
    <Panel title={t('eval.replacementsTitle')} className="eval-replacements">
      <ul className="plain-list small">
        {evaluation.replacements.map((r) => (
          <li key={`${r.seat}-${r.replacedAt}`}>
            {t('eval.replacementLine', { label: evaluation.members.find((m) => m.seat === r.seat)?.label ?? String(r.seat), from: r.replacedName ?? '—', to: r.replacementName ?? '—', reason: r.reason })}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
