/**
 * A project as those who run it see it: status and its timeline, announcements, documents with
 * their SHA-256, questions to answer, 更正 (amend: note + new deadline, with the amendment-notice
 * rule and the earliest legal date) and 终止 (cancel with a reason, confirmed).
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { Link, useLocation } from '../../app/router';
import { useSession } from '../../auth/session';
import { Field } from '../../components/Field';
import { FormErrors } from '../../components/form-errors';
import { errorsFor, useProjectErrorText } from '../../components/project-errors';
import { AnnouncementList, DocumentsTable, LotsTable, ScheduleFacts, StatusBadge, StatusReason, TransitionsTimeline } from '../../components/project';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import {
  PROCEDURES,
  PROJECT_DETAIL,
  PROJECT_DETAIL_FIELDS,
  PROJECT_ERROR_FIELDS,
  managesProject,
  type Clarification,
  type Procedure,
  type ProjectDetail,
  type ProjectError,
  type ProjectPayload,
} from '../../graphql/projects';
import { useI18n } from '../../i18n';
import { DrawConsole } from '../draw/DrawConsole';
import { beijingLocalToIso, isoToBeijingLocal, moveToDay } from '../../lib/time';
import { ScheduleInput, useCalendarDays } from './ScheduleInput';
import { describePeriod } from './ScheduleInput';

const AMEND = /* GraphQL */ `
  mutation AmendProject($input: AmendProjectInput!) { amendProject(input: $input) { project { ${PROJECT_DETAIL_FIELDS} } errors { ${PROJECT_ERROR_FIELDS} } } }
`;
const CANCEL = /* GraphQL */ `
  mutation CancelProject($input: CancelProjectInput!) { cancelProject(input: $input) { project { ${PROJECT_DETAIL_FIELDS} } errors { ${PROJECT_ERROR_FIELDS} } } }
`;
const ANSWER = /* GraphQL */ `
  mutation AnswerClarification($input: AnswerClarificationInput!) {
    answerClarification(input: $input) { clarification { id question askedAt answer answeredAt } errors { ${PROJECT_ERROR_FIELDS} } }
  }
`;

const AMENDABLE = ['PUBLISHED', 'BIDDING'];
const FINAL = ['CANCELLED', 'FAILED', 'AWARDED', 'CLOSED'];

export function ManageProjectPage({ id }: { id: string }) {
  const { t, label } = useI18n();
  const session = useSession();
  const { query } = useLocation();
  const [{ data, fetching, error }, refetch] = useQuery<{ project: ProjectDetail | null }>({ query: PROJECT_DETAIL, variables: { id }, requestPolicy: 'cache-and-network' });
  const [{ data: procedureData }] = useQuery<{ procedures: Procedure[] }>({ query: PROCEDURES });
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (error && !data) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return fetching ? <Loading /> : null;
  const project = data.project;
  if (!project || !managesProject(session.user, project)) {
    return (
      <section>
        <h1>{t('manage.title')}</h1>
        <EmptyState title={t('project.notFound')}>
          <Link to="/manage/projects">{t('manage.backToMine')}</Link>
        </EmptyState>
      </section>
    );
  }
  const procedure = procedureData?.procedures.find((p) => p.method === project.method);
  const unanswered = project.clarifications.filter((c) => !c.answer).length;

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/manage/projects">{t('mine.title')}</Link> <span aria-hidden="true">›</span> <span className="mono">{project.code}</span>
      </p>
      <h1>{project.title}</h1>
      <p className="lead">
        <StatusBadge status={project.status} /> <span className="mono">{project.code}</span> · {label('method', project.method)} · {project.tenderee.name}
        {project.agent && ` · ${t('project.agent')} ${project.agent.name}`}
      </p>
      {query.get('published') && project.status !== 'DRAFT' && (
        <p className="notice notice-success" role="status">
          {t('manage.published')}
        </p>
      )}
      <StatusReason project={project} />
      <div className="form-actions page-actions">
        {project.status === 'DRAFT' ? (
          <Link to={`/manage/projects/${project.id}/edit`} className="button">
            {t('mine.continue')}
          </Link>
        ) : (
          <>
            <Link to={`/projects/${project.id}`}>{t('manage.publicPage')}</Link>
            {['SEALED', 'OPENING', 'EVALUATING', 'PUBLICITY', 'AWARDED', 'CLOSED'].includes(project.status) && <Link to={`/projects/${project.id}/opening`}>{t('hall.link')}</Link>}
          </>
        )}
      </div>

      <div className="columns">
        <div className="column-main">
          <h2>
            {t('clarifications.title')} {unanswered > 0 && <span className="badge badge-pending">{t('manage.unanswered', { count: unanswered })}</span>}
          </h2>
          {project.clarifications.length === 0 ? (
            <p className="muted">{t('clarifications.none')}</p>
          ) : (
            <ol className="qa-list">
              {project.clarifications.map((c) => (
                <ClarificationItem key={c.id} clarification={c} onAnswered={reload} />
              ))}
            </ol>
          )}

          <h2>{t('announcements.title')}</h2>
          <AnnouncementList announcements={project.announcements} />

          <h2>{t('documents.title')}</h2>
          <DocumentsTable documents={project.documents} canDownload />

          <h2>{t('project.lots')}</h2>
          <LotsTable lots={project.lots} />

          <h2>{t('transitions.title')}</h2>
          <TransitionsTimeline transitions={project.transitions} />

          {project.status !== 'DRAFT' && (
            <section aria-labelledby="draw-title">
              <h2 id="draw-title">{t('draw.title')}</h2>
              <DrawConsole projectId={project.id} projectCode={project.code} role="operator" />
            </section>
          )}
        </div>
        <aside className="column-side">
          <div className="card">
            <h2>{t('project.schedule')}</h2>
            <ScheduleFacts project={project} />
          </div>
          {AMENDABLE.includes(project.status) && <AmendForm project={project} procedure={procedure} onAmended={reload} />}
          {!FINAL.includes(project.status) && <CancelForm project={project} onCancelled={reload} />}
        </aside>
      </div>
    </section>
  );
}

function ClarificationItem({ clarification, onAnswered }: { clarification: Clarification; onAnswered(): void }) {
  const { t, formatDateTime } = useI18n();
  const describe = useProjectErrorText();
  const [answer, setAnswer] = useState('');
  const [errors, setErrors] = useState<ProjectError[]>([]);
  const [{ fetching, error }, send] = useMutation<{ answerClarification: { clarification: Clarification | null; errors: ProjectError[] } }>(ANSWER);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!answer.trim()) {
      setErrors([{ code: 'TEXT_INVALID', message: t('clarifications.answerRequired'), field: 'answer', rule: null, earliestLegal: null }]);
      return;
    }
    setErrors([]);
    const result = await send({ input: { clarificationId: clarification.id, answer: answer.trim() } });
    const payload = result.data?.answerClarification;
    if (!payload) return;
    if (payload.errors.length) setErrors(payload.errors);
    else onAnswered();
  };

  return (
    <li className="qa">
      <p className="qa-question">
        <span className="qa-mark">{t('clarifications.q')}</span> {clarification.question}
        <span className="muted small block">{t('clarifications.askedAt', { at: formatDateTime(clarification.askedAt) })}</span>
      </p>
      {clarification.answer ? (
        <p className="qa-answer">
          <span className="qa-mark">{t('clarifications.a')}</span> {clarification.answer}
          <span className="muted small block">{t('clarifications.answeredAt', { at: formatDateTime(clarification.answeredAt) })}</span>
        </p>
      ) : (
        <form onSubmit={submit} noValidate aria-busy={fetching} className="answer-form">
          <Field label={t('clarifications.answer')} hint={t('clarifications.answerHint')} error={errors.length ? errors.map((e) => <span key={e.code}>{describe(e)} </span>) : null}>
            <textarea name="answer" rows={3} value={answer} onChange={(e) => setAnswer(e.target.value)} />
          </Field>
          {error && <ErrorMessage error={error} />}
          <div className="form-actions">
            <button type="submit" disabled={fetching}>
              {t('clarifications.submitAnswer')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

/** 更正公告: a note, and the new deadline (and opening) when the schedule moves. */
function AmendForm({ project, procedure, onAmended }: { project: ProjectDetail; procedure: Procedure | undefined; onAmended(): void }) {
  const { t } = useI18n();
  const describe = useProjectErrorText();
  const [note, setNote] = useState('');
  const [bidDeadline, setBidDeadline] = useState(() => isoToBeijingLocal(project.bidDeadline));
  const [openingAt, setOpeningAt] = useState(() => isoToBeijingLocal(project.openingAt));
  const [errors, setErrors] = useState<ProjectError[]>([]);
  const [done, setDone] = useState(false);
  const days = useCalendarDays([bidDeadline, openingAt].filter(Boolean));
  const [{ fetching, error }, amend] = useMutation<{ amendProject: ProjectPayload }>(AMEND);
  const hasDeadline = !!project.bidDeadline;
  const notice = procedure?.config.amendmentNotice;

  const fixDeadline = (earliest: string) => {
    const next = moveToDay(earliest, bidDeadline);
    setBidDeadline(next);
    if (openingAt && openingAt < next) setOpeningAt(next);
    setErrors((list) => list.filter((e) => e.field !== 'bidDeadline' && e.field !== 'openingAt'));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (!note.trim()) {
      setErrors([{ code: 'TEXT_INVALID', message: t('amend.noteRequired'), field: 'note', rule: null, earliestLegal: null }]);
      return;
    }
    setErrors([]);
    const schedule: Record<string, string> = {};
    if (hasDeadline && bidDeadline && bidDeadline !== isoToBeijingLocal(project.bidDeadline)) schedule.bidDeadline = beijingLocalToIso(bidDeadline)!;
    if (hasDeadline && openingAt && openingAt !== isoToBeijingLocal(project.openingAt)) schedule.openingAt = beijingLocalToIso(openingAt)!;
    const result = await amend({ input: { projectId: project.id, note: note.trim(), schedule: Object.keys(schedule).length ? schedule : null } });
    const payload = result.data?.amendProject;
    if (!payload) return;
    if (payload.errors.length) {
      setErrors(payload.errors);
      return;
    }
    setNote('');
    setDone(true);
    onAmended();
  };

  const otherErrors = errors.filter((e) => !['note', 'bidDeadline', 'openingAt'].includes(e.field ?? ''));
  return (
    <form className="card" onSubmit={submit} noValidate aria-busy={fetching} aria-labelledby="amend-title">
      <h2 id="amend-title">{t('amend.title')}</h2>
      <p className="hint">{notice ? t('amend.explain', { period: describePeriod(t, notice) }) : t('amend.explainFree')}</p>
      <Field label={t('amend.note')} error={errorsFor(errors, 'note', describe)}>
        <textarea name="note" rows={4} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      {hasDeadline && (
        <>
          <ScheduleInput
            field="bidDeadline"
            label={t('amend.newDeadline')}
            value={bidDeadline}
            onChange={setBidDeadline}
            config={procedure?.config}
            days={days}
            errors={errors.filter((e) => e.field === 'bidDeadline')}
            onFix={fixDeadline}
          />
          <ScheduleInput
            field="openingAt"
            label={t('amend.newOpening')}
            value={openingAt}
            onChange={setOpeningAt}
            config={procedure?.config}
            days={days}
            errors={errors.filter((e) => e.field === 'openingAt')}
            onFix={(earliest) => setOpeningAt(moveToDay(earliest, openingAt))}
          />
        </>
      )}
      <FormErrors errors={otherErrors} describe={describe} />
      {error && <ErrorMessage error={error} />}
      {done && (
        <p className="notice notice-success" role="status">
          {t('amend.done')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={fetching}>
          {t('amend.submit')}
        </button>
      </div>
    </form>
  );
}

/** 终止: a reason, then a confirmation (it cannot be undone). */
function CancelForm({ project, onCancelled }: { project: ProjectDetail; onCancelled(): void }) {
  const { t } = useI18n();
  const describe = useProjectErrorText();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<ProjectError[]>([]);
  const [{ fetching, error }, cancel] = useMutation<{ cancelProject: ProjectPayload }>(CANCEL);

  const ask = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setErrors([{ code: 'REASON_REQUIRED', message: t('cancel.reasonRequired'), field: 'reason', rule: null, earliestLegal: null }]);
      return;
    }
    setErrors([]);
    setConfirming(true);
  };

  const confirm = async () => {
    const result = await cancel({ input: { projectId: project.id, reason: reason.trim() } });
    const payload = result.data?.cancelProject;
    setConfirming(false);
    if (!payload) return;
    if (payload.errors.length) setErrors(payload.errors);
    else onCancelled();
  };

  return (
    <form className="card card-danger" onSubmit={ask} noValidate aria-busy={fetching} aria-labelledby="cancel-title">
      <h2 id="cancel-title">{t('cancel.title')}</h2>
      <p className="hint">{t('cancel.explain')}</p>
      <Field label={t('cancel.reason')} error={errorsFor(errors, 'reason', describe)}>
        <textarea name="reason" rows={3} value={reason} disabled={confirming} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormErrors errors={errors.filter((e) => e.field !== 'reason')} describe={describe} />
      {error && <ErrorMessage error={error} />}
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby="cancel-confirm">
          <p id="cancel-confirm">
            <strong>{t('cancel.confirmQuestion', { code: project.code })}</strong>
          </p>
          <div className="form-actions">
            <button type="button" className="button-danger" disabled={fetching} onClick={() => void confirm()}>
              {t('cancel.confirm')}
            </button>
            <button type="button" className="button-secondary" disabled={fetching} onClick={() => setConfirming(false)}>
              {t('cancel.back')}
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          <button type="submit" className="button-danger">
            {t('cancel.submit')}
          </button>
        </div>
      )}
    </form>
  );
}
