/** The leader's rule-19 form: one member's item score changed for one of the four reasons, with a note. */
import type { FormEvent } from 'react';
import { Field } from '../../components/Field';
import { CORRECT_SCORE, type Evaluation } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';
import { CHANGE_REASONS } from '../../lib/evaluation-rules';
import { bidNames, EvalErrors, MemberSelect, Panel, shortId, useActForm, useEvalAction } from './eval-common';

export function LeaderChangeForm({ evaluation, onEvaluation }: { evaluation: Evaluation; onEvaluation(e: Evaluation): void }) {
  const { t } = useI18n();
  const action = useEvalAction(onEvaluation);
  const names = bidNames(evaluation);
  const bidIds = evaluation.aggregate?.lines.map((l) => l.bidId) ?? [];
  const { form, update, done, setDone } = useActForm({ memberId: evaluation.members[0]?.id ?? '', bidId: bidIds[0] ?? '', itemKey: evaluation.criteria.scored[0]?.key ?? '', score: '', reason: CHANGE_REASONS[0] as string, note: '' });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const payload = await action.run(CORRECT_SCORE, { input: { projectId: evaluation.projectId, ...form } });
    setDone(!!payload && payload.errors.length === 0);
  };
  return (
    <Panel title={t('eval.changeTitle')} className="eval-change">
      <p className="hint">{t('eval.changeExplain')}</p>
      <form onSubmit={submit} noValidate aria-busy={action.busy}>
        <div className="form-grid">
          <Field label={t('eval.changeMember')}>
            <MemberSelect evaluation={evaluation} value={form.memberId} onChange={(memberId) => update({ memberId })} />
          </Field>
          <Field label={t('eval.changeBid')}>
            <select value={form.bidId} onChange={(e) => update({ bidId: e.target.value })}>
              {bidIds.map((id) => (
                <option key={id} value={id}>
                  {names[id] ?? shortId(id)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('eval.changeItem')}>
            <select value={form.itemKey} onChange={(e) => update({ itemKey: e.target.value })}>
              {evaluation.criteria.scored.map((i) => (
                <option key={i.key} value={i.key}>
                  {i.label}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('eval.changeScore')}>
            <input inputMode="decimal" value={form.score} onChange={(e) => update({ score: e.target.value })} />
          </Field>
          <Field label={t('eval.changeReason')}>
            <select value={form.reason} onChange={(e) => update({ reason: e.target.value })}>
              {CHANGE_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`eval.changeReason.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('eval.changeNote')}>
            <textarea rows={2} value={form.note} onChange={(e) => update({ note: e.target.value })} />
          </Field>
        </div>
        <EvalErrors errors={action.errors} />
        {done && (
          <p className="notice notice-success" role="status">
            {t('eval.changeDone')}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" disabled={action.busy}>
            {t('eval.changeSubmit')}
          </button>
        </div>
      </form>
    </Panel>
  );
}
