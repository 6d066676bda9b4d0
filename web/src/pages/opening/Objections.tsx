/** 异议: raised by bidders, answered by the host on the record. */
import { useState } from 'react';
import { ANSWER_OBJECTION, type OpeningObjection, type OpeningSession } from '../../graphql/opening';
import { useI18n } from '../../i18n';
import { HallErrors, useHallAction } from './hall-common';

export function Objections({ session, canAnswer, onSession }: { session: OpeningSession; canAnswer: boolean; onSession(session: OpeningSession): void }) {
  const { t } = useI18n();
  const open = session.objections.filter((o) => !o.answer).length;
  return (
    <section className="card hall-objections" aria-label={t('hall.objections')}>
      <h2>
        {t('hall.objections')} {open > 0 && <span className="badge badge-pending">{t('hall.openObjections', { count: open })}</span>}
      </h2>
      {session.objections.length === 0 ? (
        <p className="muted small">{t('hall.noObjections')}</p>
      ) : (
        <ul className="plain-list">
          {session.objections.map((o) => (
            <ObjectionItem key={o.id} objection={o} projectId={session.projectId} canAnswer={canAnswer} onSession={onSession} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ObjectionItem({ objection, projectId, canAnswer, onSession }: { objection: OpeningObjection; projectId: string; canAnswer: boolean; onSession(session: OpeningSession): void }) {
  const { t, formatDateTime } = useI18n();
  const action = useHallAction(onSession);
  const [answer, setAnswer] = useState('');
  return (
    <li className="hall-objection">
      <p className="no-margin">
        <strong>{objection.organisationName}</strong> <span className="muted small">{formatDateTime(objection.raisedAt)}</span>
      </p>
      <p className="no-margin">{objection.text}</p>
      {objection.answer ? (
        <p className="notice notice-info small">{t('hall.answered', { answer: objection.answer })}</p>
      ) : canAnswer ? (
        <form
          className="form-inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (answer.trim()) void action.run(ANSWER_OBJECTION, { projectId, objectionId: objection.id, answer: answer.trim() });
          }}
        >
          <label>
            {t('hall.answerText')} <input value={answer} onChange={(e) => setAnswer(e.target.value)} maxLength={2000} />
          </label>
          <button type="submit" className="button-small" disabled={action.busy || !answer.trim()}>
            {t('hall.answerSubmit')}
          </button>
          <HallErrors errors={action.errors} />
        </form>
      ) : (
        <p className="muted small">{t('hall.unanswered')}</p>
      )}
    </li>
  );
}
