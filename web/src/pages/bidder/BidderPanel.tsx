/**
 * The bidder's part of a project page: 报名 (register, choosing lots), then 提问 (ask about the
 * documents) and the answers. Other bidders never learn who asked; a bidder sees its own
 * unanswered questions and every answered one.
 */
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { Link } from '../../app/router';
import { Field } from '../../components/Field';
import { FormErrors } from '../../components/form-errors';
import { ErrorMessage } from '../../components/status';
import { PROJECT_ERROR_FIELDS, type Clarification, type ProjectDetail, type ProjectError, type Registration } from '../../graphql/projects';
import { useI18n } from '../../i18n';
import { useProjectErrorText } from '../../components/project-errors';

const REGISTER = /* GraphQL */ `
  mutation RegisterForProject($input: RegisterForProjectInput!) {
    registerForProject(input: $input) { registration { id lotNumbers registeredAt } errors { ${PROJECT_ERROR_FIELDS} } }
  }
`;

const ASK = /* GraphQL */ `
  mutation AskClarification($input: AskClarificationInput!) {
    askClarification(input: $input) { clarification { id question askedAt answer answeredAt } errors { ${PROJECT_ERROR_FIELDS} } }
  }
`;

const OPEN_FOR_BIDDERS = ['PUBLISHED', 'BIDDING'];

export function BidderPanel({ project, onChange }: { project: ProjectDetail; onChange(): void }) {
  const { t } = useI18n();
  const open = OPEN_FOR_BIDDERS.includes(project.status);
  return (
    <div className="card bidder-panel">
      <h2>{t('bidder.title')}</h2>
      {project.myRegistration ? <Registered project={project} registration={project.myRegistration} /> : open ? <RegisterForm project={project} onRegistered={onChange} /> : <p className="muted">{t('bidder.closed')}</p>}
      {project.myRegistration && project.status === 'BIDDING' && (
        <div className="bid-entry">
          <Link to={`/projects/${project.id}/bid`} className="button">
            {t('bidder.bidLink')}
          </Link>
          <span className="muted small">{t('bidder.bidExplain')}</span>
        </div>
      )}
      {project.myRegistration && (
        <>
          <h3>{t('clarifications.title')}</h3>
          <ClarificationList clarifications={project.clarifications} />
          {open && <AskForm projectId={project.id} onAsked={onChange} />}
        </>
      )}
    </div>
  );
}

function Registered({ project, registration }: { project: ProjectDetail; registration: Registration }) {
  const { t, formatDateTime } = useI18n();
  const titles = registration.lotNumbers.map((n) => project.lots.find((lot) => lot.number === n)?.title ?? String(n));
  return (
    <p className="notice notice-success" role="status">
      {t('bidder.registered', { at: formatDateTime(registration.registeredAt) })}
      <span className="block small">{t('bidder.registeredLots', { lots: titles.join('、') })}</span>
    </p>
  );
}

function RegisterForm({ project, onRegistered }: { project: ProjectDetail; onRegistered(): void }) {
  const { t } = useI18n();
  const describe = useProjectErrorText();
  const [chosen, setChosen] = useState<number[]>(() => project.lots.map((lot) => lot.number));
  const [errors, setErrors] = useState<ProjectError[]>([]);
  const [{ fetching, error }, register] = useMutation<{ registerForProject: { registration: Registration | null; errors: ProjectError[] } }>(REGISTER);

  const toggle = (number: number) => setChosen((c) => (c.includes(number) ? c.filter((n) => n !== number) : [...c, number].sort((a, b) => a - b)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) {
      setErrors([{ code: 'LOTS_INVALID', message: t('bidder.chooseLot'), field: 'lotNumbers', rule: null, earliestLegal: null }]);
      return;
    }
    setErrors([]);
    const result = await register({ input: { projectId: project.id, lotNumbers: chosen } });
    const payload = result.data?.registerForProject;
    if (!payload) return;
    if (payload.errors.length) setErrors(payload.errors);
    else onRegistered();
  };

  return (
    <form onSubmit={submit} noValidate aria-busy={fetching}>
      <p className="hint">{t('bidder.registerExplain')}</p>
      {project.lots.length > 1 && (
        <fieldset className="choices">
          <legend>{t('bidder.lots')}</legend>
          {project.lots.map((lot) => (
            <label key={lot.number} className="choice">
              <input type="checkbox" checked={chosen.includes(lot.number)} onChange={() => toggle(lot.number)} />
              {t('project.lotLabel', { number: lot.number })} {lot.title}
            </label>
          ))}
        </fieldset>
      )}
      <FormErrors errors={errors} describe={describe} />
      {error && <ErrorMessage error={error} />}
      <div className="form-actions">
        <button type="submit" disabled={fetching}>
          {t('bidder.register')}
        </button>
      </div>
    </form>
  );
}

/** Questions and answers; an unanswered one shown to a bidder is necessarily its own. */
function ClarificationList({ clarifications }: { clarifications: Clarification[] }) {
  const { t, formatDateTime } = useI18n();
  if (clarifications.length === 0) return <p className="muted">{t('clarifications.none')}</p>;
  return (
    <ol className="qa-list">
      {clarifications.map((c) => (
        <li key={c.id} className="qa">
          <p className="qa-question">
            <span className="qa-mark">{t('clarifications.q')}</span> {c.question}
            <span className="muted small block">{t('clarifications.askedAt', { at: formatDateTime(c.askedAt) })}</span>
          </p>
          {c.answer ? (
            <p className="qa-answer">
              <span className="qa-mark">{t('clarifications.a')}</span> {c.answer}
              <span className="muted small block">{t('clarifications.answeredAt', { at: formatDateTime(c.answeredAt) })}</span>
            </p>
          ) : (
            <p className="muted small">
              <span className="badge badge-pending">{t('clarifications.pending')}</span>
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

function AskForm({ projectId, onAsked }: { projectId: string; onAsked(): void }) {
  const { t } = useI18n();
  const describe = useProjectErrorText();
  const [question, setQuestion] = useState('');
  const [errors, setErrors] = useState<ProjectError[]>([]);
  const [asked, setAsked] = useState(false);
  const [{ fetching, error }, ask] = useMutation<{ askClarification: { clarification: Clarification | null; errors: ProjectError[] } }>(ASK);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAsked(false);
    if (!question.trim()) {
      setErrors([{ code: 'TEXT_INVALID', message: t('clarifications.questionRequired'), field: 'question', rule: null, earliestLegal: null }]);
      return;
    }
    setErrors([]);
    const result = await ask({ input: { projectId, question: question.trim() } });
    const payload = result.data?.askClarification;
    if (!payload) return;
    if (payload.errors.length) {
      setErrors(payload.errors);
      return;
    }
    setQuestion('');
    setAsked(true);
    onAsked();
  };

  return (
    <form onSubmit={submit} noValidate aria-busy={fetching} className="ask-form">
      <Field label={t('clarifications.ask')} hint={t('clarifications.anonymousHint')} error={errors.length ? errors.map((e) => <span key={e.code}>{describe(e)} </span>) : null}>
        <textarea name="question" rows={3} maxLength={5000} value={question} onChange={(e) => setQuestion(e.target.value)} />
      </Field>
      {error && <ErrorMessage error={error} />}
      {asked && (
        <p className="notice notice-success" role="status">
          {t('clarifications.asked')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={fetching}>
          {t('clarifications.submitQuestion')}
        </button>
      </div>
    </form>
  );
}
