/** Objections to the result: bidders raise them during the publicity; the tenderee or agent answers (≤ 3 days). */
import { useState, type FormEvent } from 'react';
import { useServerNow } from '../../app/ServerClock';
import { useSession } from '../../auth/session';
import { Field } from '../../components/Field';
import { ANSWER_RESULT_OBJECTION, RAISE_RESULT_OBJECTION, type Evaluation, type ResultObjection } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';
import { EvalErrors, Panel, useEvalAction } from './eval-common';

export function ResultObjections({ evaluation, onEvaluation }: { evaluation: Evaluation; onEvaluation(e: Evaluation): void }) {
  const { t } = useI18n();
  const { hasRole } = useSession();
  const action = useEvalAction(onEvaluation);
  const [text, setText] = useState('');
  const open = evaluation.status === 'PUBLICITY';
  const raise = async (event: FormEvent) => {
    event.preventDefault();
    const payload = await action.run(RAISE_RESULT_OBJECTION, { projectId: evaluation.projectId, text });
    if (payload && payload.errors.length === 0) setText('');
  };
  return (
    <Panel title={t('eval.objections')} className="eval-objections">
      {evaluation.objections.length === 0 ? (
        <p className="muted">{t('eval.noObjections')}</p>
      ) : (
        <ul className="plain-list">
          {evaluation.objections.map((o) => (
            <Objection key={o.id} objection={o} evaluation={evaluation} canAnswer={open && hasRole('TENDEREE', 'AGENT')} onEvaluation={onEvaluation} />
          ))}
        </ul>
      )}
      {open && hasRole('BIDDER') && (
        <form onSubmit={raise} noValidate aria-busy={action.busy}>
          <h3>{t('eval.raiseTitle')}</h3>
          <Field label={t('eval.raiseText')}>
            <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} />
          </Field>
          <EvalErrors errors={action.errors} />
          <div className="form-actions">
            <button type="submit" disabled={action.busy}>
              {t('eval.raiseSubmit')}
            </button>
          </div>
        </form>
      )}
    </Panel>
  );
}

function Objection({ objection: o, evaluation, canAnswer, onEvaluation }: { objection: ResultObjection; evaluation: Evaluation; canAnswer: boolean; onEvaluation(e: Evaluation): void }) {
  const { t, formatDateTime } = useI18n();
  const action = useEvalAction(onEvaluation);
  const [answer, setAnswer] = useState('');
  const now = useServerNow(); // platform time, never the browser's clock
  const overdue = !o.answeredAt && now !== null && new Date(o.answerDueAt).getTime() < now;
  return (
    <li className="objection" data-objection={o.id}>
      <p className="small muted">{t('eval.objectionBy', { organisation: o.organisationName, at: formatDateTime(o.raisedAt) })}</p>
      <p>{o.text}</p>
      {o.answeredAt ? (
        <p>
          <span className="small muted">{t('eval.answered', { at: formatDateTime(o.answeredAt) })}</span> {o.answer}
        </p>
      ) : (
        <p className={`small ${overdue ? 'light-red' : ''}`}>
          {t('eval.answerDue', { at: formatDateTime(o.answerDueAt) })} {overdue && <span className="badge badge-invalid">{t('eval.overdue')}</span>}
        </p>
      )}
      {canAnswer && !o.answeredAt && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(ANSWER_RESULT_OBJECTION, { projectId: evaluation.projectId, objectionId: o.id, answer });
          }}
          noValidate
        >
          <Field label={t('eval.answerText')}>
            <textarea rows={2} value={answer} onChange={(e) => setAnswer(e.target.value)} />
          </Field>
          <EvalErrors errors={action.errors} />
          <button type="submit" className="button-small" disabled={action.busy}>
            {t('eval.answerSubmit')}
          </button>
        </form>
      )}
    </li>
  );
}
