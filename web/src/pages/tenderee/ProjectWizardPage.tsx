/**
 * 新建项目 — the tenderee's (or agent's) project wizard: 1 basics → 2 lots → 3 schedule (calendar
 * hints) → 4 documents → 5 publish (announcement + custodians). Step 1 creates the draft; every
 * later step saves to it, so a draft can be resumed from 我的项目. A schedule the server refuses at
 * publication sends the user back to step 3 with each error beside its field.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { Link, navigate, useLocation } from '../../app/router';
import { useSession } from '../../auth/session';
import { Field } from '../../components/Field';
import { FormErrors } from '../../components/form-errors';
import { errorsFor, useProjectErrorText } from '../../components/project-errors';
import { DocumentsTable } from '../../components/project';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import {
  PROCEDURES,
  PROJECT_DETAIL,
  PROJECT_DETAIL_FIELDS,
  PROJECT_ERROR_FIELDS,
  managesProject,
  scheduleFieldsFor,
  type Procedure,
  type ProjectDetail,
  type ProjectError,
  type ProjectPayload,
  type ScheduleField,
} from '../../graphql/projects';
import type { Organisation } from '../../graphql/types';
import { useI18n } from '../../i18n';
import { DocumentRequestError, uploadDocument } from '../../lib/documents';
import { beijingLocalToIso, isoToBeijingLocal, moveToDay } from '../../lib/time';
import { CustodianPicker, custodianIds, INITIAL_CUSTODIANS, type CustodianChoice } from './CustodianPicker';
import { ScheduleInput, useCalendarDays } from './ScheduleInput';

const CREATE = /* GraphQL */ `
  mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { ${PROJECT_DETAIL_FIELDS} } errors { ${PROJECT_ERROR_FIELDS} } } }
`;
const UPDATE = /* GraphQL */ `
  mutation UpdateProject($input: UpdateProjectInput!) { updateProject(input: $input) { project { ${PROJECT_DETAIL_FIELDS} } errors { ${PROJECT_ERROR_FIELDS} } } }
`;
const PUBLISH = /* GraphQL */ `
  mutation PublishProject($input: PublishProjectInput!) { publishProject(input: $input) { project { ${PROJECT_DETAIL_FIELDS} } errors { ${PROJECT_ERROR_FIELDS} } } }
`;

const TENDEREE_ORGANISATIONS = /* GraphQL */ `
  query TendereeOrganisations { tendereeOrganisations { id name kind uscc } }
`;

const STEPS = ['wizard.step.basics', 'wizard.step.lots', 'wizard.step.schedule', 'wizard.step.documents', 'wizard.step.publish'] as const;

export function ProjectWizardPage({ id }: { id?: string }) {
  const { t } = useI18n();
  const session = useSession();
  const { query } = useLocation();
  const step = id ? Math.min(Math.max(Number(query.get('step')) || 1, 1), STEPS.length) : 1;
  const [{ data, fetching, error }, refetch] = useQuery<{ project: ProjectDetail | null }>({ query: PROJECT_DETAIL, variables: { id }, pause: !id });
  const [{ data: procedureData, error: procedureError }] = useQuery<{ procedures: Procedure[] }>({ query: PROCEDURES });
  // publication state outlives a detour to the schedule step
  const [announcement, setAnnouncement] = useState<string | null>(null);
  const [custodians, setCustodians] = useState<CustodianChoice>(INITIAL_CUSTODIANS);
  const [scheduleErrors, setScheduleErrors] = useState<ProjectError[]>([]);

  const project = id ? data?.project : null;
  const procedures = procedureData?.procedures;
  if ((id && error && !data) || (procedureError && !procedures)) return <ErrorMessage error={(error ?? procedureError)!} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if ((id && !data) || !procedures) return fetching || !procedures ? <Loading /> : null;
  if (id && (!project || !managesProject(session.user, project))) {
    return (
      <section>
        <h1>{t('wizard.title')}</h1>
        <EmptyState title={t('project.notFound')}>
          <Link to="/manage/projects">{t('manage.backToMine')}</Link>
        </EmptyState>
      </section>
    );
  }
  if (project && project.status !== 'DRAFT') {
    return (
      <section>
        <h1>{t('wizard.title')}</h1>
        <p className="notice">{t('wizard.notDraft')}</p>
        <Link to={`/manage/projects/${project.id}`}>{t('manage.open')}</Link>
      </section>
    );
  }
  const procedure = procedures.find((p) => p.method === project?.method);
  const go = (next: number) => project && navigate(`/manage/projects/${project.id}/edit?step=${next}`);
  const saved = () => void refetch({ requestPolicy: 'network-only' });

  return (
    <section>
      <h1>{project ? t('wizard.titleEdit', { code: project.code }) : t('wizard.title')}</h1>
      {project && <p className="lead">{project.title}</p>}
      <ol className="steps" aria-label={t('wizard.steps')}>
        {STEPS.map((key, i) => (
          <li key={key} className={i + 1 === step ? 'step step-current' : i + 1 < step ? 'step step-done' : 'step'} aria-current={i + 1 === step ? 'step' : undefined}>
            {project && i + 1 !== step ? (
              <Link to={`/manage/projects/${project.id}/edit?step=${i + 1}`}>
                <span className="step-number">{i + 1}</span> {t(key)}
              </Link>
            ) : (
              <span>
                <span className="step-number">{i + 1}</span> {t(key)}
              </span>
            )}
          </li>
        ))}
      </ol>

      <div className="card wizard-card">
        {step === 1 && <BasicsStep project={project ?? null} procedures={procedures} />}
        {step === 2 && project && <LotsStep project={project} onSaved={() => { saved(); go(3); }} />}
        {step === 3 && project && (
          <ScheduleStep
            project={project}
            procedure={procedure}
            serverErrors={scheduleErrors}
            backToPublish={scheduleErrors.length > 0}
            onSaved={() => {
              const back = scheduleErrors.length > 0;
              setScheduleErrors([]);
              saved();
              go(back ? 5 : 4);
            }}
          />
        )}
        {step === 4 && project && <DocumentsStep project={project} onUploaded={saved} onNext={() => go(5)} />}
        {step === 5 && project && (
          <PublishStep
            project={project}
            procedure={procedure}
            announcement={announcement ?? t('wizard.announcementTemplate', { title: project.title, code: project.code })}
            onAnnouncement={setAnnouncement}
            custodians={custodians}
            onCustodians={setCustodians}
            onScheduleErrors={(errors) => {
              setScheduleErrors(errors);
              go(3);
            }}
          />
        )}
      </div>
    </section>
  );
}

/** Step 1: method, title, tenderee (agents), amounts. Creates the draft, or saves it. */
function BasicsStep({ project, procedures }: { project: ProjectDetail | null; procedures: Procedure[] }) {
  const { t, label } = useI18n();
  const session = useSession();
  const describe = useProjectErrorText();
  const isAgent = session.hasRole('AGENT') && !session.hasRole('TENDEREE');
  const [form, setForm] = useState(() => ({
    method: project?.method ?? procedures[0]?.method ?? '',
    title: project?.title ?? '',
    tendereeId: '',
    budget: project?.budget ?? '',
    estimatedPrice: project?.estimatedPrice ?? '',
    startPrice: project?.startPrice ?? '',
    description: project?.description ?? '',
  }));
  const [errors, setErrors] = useState<ProjectError[]>([]);
  const [tenderees] = useQuery<{ tendereeOrganisations: Organisation[] }>({ query: TENDEREE_ORGANISATIONS, pause: !isAgent || !!project });
  const [createState, create] = useMutation<{ createProject: ProjectPayload }>(CREATE);
  const [updateState, update] = useMutation<{ updateProject: ProjectPayload }>(UPDATE);
  const busy = createState.fetching || updateState.fetching;
  const procedure = procedures.find((p) => p.method === form.method);
  const land = procedure?.kind === 'LAND_TRANSFER';
  const edit = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value }));
  const money = (value: string) => value.trim().replace(/,/g, '') || null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.title.trim()) {
      setErrors([{ code: 'TITLE_INVALID', message: t('wizard.titleRequired'), field: 'title', rule: null, earliestLegal: null }]);
      return;
    }
    if (isAgent && !project && !form.tendereeId) {
      setErrors([{ code: 'TENDEREE_INVALID', message: t('wizard.tendereeRequired'), field: 'tendereeId', rule: null, earliestLegal: null }]);
      return;
    }
    setErrors([]);
    const amounts = { budget: money(form.budget), estimatedPrice: money(form.estimatedPrice), startPrice: land ? money(form.startPrice) : null };
    if (project) {
      const result = await update({ input: { projectId: project.id, title: form.title.trim(), description: form.description.trim(), ...amounts } });
      const payload = result.data?.updateProject;
      if (!payload) return;
      if (payload.errors.length) setErrors(payload.errors);
      else navigate(`/manage/projects/${project.id}/edit?step=2`);
      return;
    }
    const result = await create({
      input: { method: form.method, title: form.title.trim(), description: form.description.trim() || null, tendereeId: isAgent ? form.tendereeId.trim() || null : null, ...amounts },
    });
    const payload = result.data?.createProject;
    if (!payload) return;
    if (payload.errors.length || !payload.project) setErrors(payload.errors);
    else navigate(`/manage/projects/${payload.project.id}/edit?step=2`, { replace: true });
  };

  const otherErrors = errors.filter((e) => !e.field || !['method', 'title', 'tendereeId', 'budget', 'estimatedPrice', 'startPrice', 'description'].includes(e.field));
  return (
    <form onSubmit={submit} noValidate aria-busy={busy}>
      <h2>{t('wizard.step.basics')}</h2>
      <div className="form-grid">
        <Field label={t('wizard.method')} hint={project ? t('wizard.methodFixed') : procedure ? t('wizard.methodHint', { minBids: procedure.minBids }) : undefined} error={errorsFor(errors, 'method', describe)}>
          <select name="method" value={form.method} disabled={!!project} onChange={edit('method')}>
            {procedures.map((p) => (
              <option key={p.method} value={p.method}>
                {label('method', p.method) === p.method ? p.label : label('method', p.method)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('wizard.projectTitle')} error={errorsFor(errors, 'title', describe)}>
          <input name="title" value={form.title} maxLength={200} onChange={edit('title')} />
        </Field>
        {isAgent && !project && (
          <Field label={t('wizard.tendereeId')} hint={t('wizard.tendereeIdHint')} error={errorsFor(errors, 'tendereeId', describe)}>
            <select name="tendereeId" value={form.tendereeId} onChange={edit('tendereeId')}>
              <option value="">{tenderees.fetching && !tenderees.data ? t('common.loading') : t('wizard.tendereeChoose')}</option>
              {(tenderees.data?.tendereeOrganisations ?? []).map((organisation) => (
                <option key={organisation.id} value={organisation.id}>
                  {organisation.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label={`${t('project.budget')}${t('common.optional')}`} hint={t('wizard.yuanHint')} error={errorsFor(errors, 'budget', describe)}>
          <input name="budget" inputMode="decimal" value={form.budget} onChange={edit('budget')} />
        </Field>
        <Field label={`${t('project.estimatedPrice')}${t('common.optional')}`} hint={t('wizard.yuanHint')} error={errorsFor(errors, 'estimatedPrice', describe)}>
          <input name="estimatedPrice" inputMode="decimal" value={form.estimatedPrice} onChange={edit('estimatedPrice')} />
        </Field>
        {land && (
          <Field label={t('project.startPrice')} hint={t('wizard.yuanHint')} error={errorsFor(errors, 'startPrice', describe)}>
            <input name="startPrice" inputMode="decimal" value={form.startPrice} onChange={edit('startPrice')} />
          </Field>
        )}
      </div>
      <Field label={`${t('wizard.description')}${t('common.optional')}`} error={errorsFor(errors, 'description', describe)}>
        <textarea name="description" rows={3} value={form.description} onChange={edit('description')} />
      </Field>
      <FormErrors errors={otherErrors} describe={describe} />
      {tenderees.error && !tenderees.data && <ErrorMessage error={tenderees.error} />}
      {(createState.error || updateState.error) && <ErrorMessage error={(createState.error ?? updateState.error)!} />}
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {project ? t('wizard.saveNext') : t('wizard.createNext')}
        </button>
        {!project && <span className="muted small">{t('wizard.createExplain')}</span>}
      </div>
    </form>
  );
}

/** Step 2: lots (标段 / 包), each with a title and an optional budget. */
function LotsStep({ project, onSaved }: { project: ProjectDetail; onSaved(): void }) {
  const { t } = useI18n();
  const describe = useProjectErrorText();
  const [lots, setLots] = useState(() => project.lots.map((lot) => ({ title: lot.title, budget: lot.budget ?? '' })));
  const [errors, setErrors] = useState<ProjectError[]>([]);
  const [{ fetching, error }, update] = useMutation<{ updateProject: ProjectPayload }>(UPDATE);
  const change = (index: number, name: 'title' | 'budget', value: string) => setLots((l) => l.map((lot, i) => (i === index ? { ...lot, [name]: value } : lot)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors([]);
    const input = lots.map((lot) => ({ title: lot.title.trim(), budget: lot.budget.trim().replace(/,/g, '') || null }));
    const result = await update({ input: { projectId: project.id, lots: input } });
    const payload = result.data?.updateProject;
    if (!payload) return;
    if (payload.errors.length) setErrors(payload.errors);
    else onSaved();
  };

  return (
    <form onSubmit={submit} noValidate aria-busy={fetching}>
      <h2>{t('wizard.step.lots')}</h2>
      <p className="hint">{t('wizard.lotsHint')}</p>
      <ol className="lots-editor">
        {lots.map((lot, i) => (
          <li key={i}>
            <fieldset>
              <legend>{t('project.lotLabel', { number: i + 1 })}</legend>
              <div className="form-grid">
                <Field label={t('project.lotTitle')}>
                  <input name={`lot-${i + 1}-title`} value={lot.title} maxLength={200} onChange={(e) => change(i, 'title', e.target.value)} />
                </Field>
                <Field label={`${t('project.lotBudget')}${t('common.optional')}`} hint={t('wizard.yuanHint')}>
                  <input name={`lot-${i + 1}-budget`} inputMode="decimal" value={lot.budget} onChange={(e) => change(i, 'budget', e.target.value)} />
                </Field>
              </div>
              {lots.length > 1 && (
                <button type="button" className="button-secondary button-small" onClick={() => setLots((l) => l.filter((_, j) => j !== i))}>
                  {t('wizard.removeLot', { number: i + 1 })}
                </button>
              )}
            </fieldset>
          </li>
        ))}
      </ol>
      <p>
        <button type="button" className="button-secondary" disabled={lots.length >= 50} onClick={() => setLots((l) => [...l, { title: '', budget: '' }])}>
          {t('wizard.addLot')}
        </button>
      </p>
      <FormErrors errors={errors} describe={describe} />
      {error && <ErrorMessage error={error} />}
      <div className="form-actions">
        <button type="submit" disabled={fetching}>
          {t('wizard.saveNext')}
        </button>
      </div>
    </form>
  );
}

/** Step 3: the schedule, with the method's rules and the calendar beside each field. */
function ScheduleStep({
  project,
  procedure,
  serverErrors,
  backToPublish,
  onSaved,
}: {
  project: ProjectDetail;
  procedure: Procedure | undefined;
  serverErrors: ProjectError[];
  backToPublish: boolean;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const describe = useProjectErrorText();
  const fields = scheduleFieldsFor(procedure?.config);
  const [values, setValues] = useState<Record<ScheduleField, string>>(() => ({
    documentsFrom: isoToBeijingLocal(project.documentsFrom),
    documentsUntil: isoToBeijingLocal(project.documentsUntil),
    bidDeadline: isoToBeijingLocal(project.bidDeadline),
    openingAt: isoToBeijingLocal(project.openingAt),
    listingStart: isoToBeijingLocal(project.listingStart),
    listingEnd: isoToBeijingLocal(project.listingEnd),
  }));
  const [errors, setErrors] = useState<ProjectError[]>(serverErrors);
  const [fixNote, setFixNote] = useState<string | null>(null);
  const days = useCalendarDays(fields.map((f) => values[f]).filter(Boolean));
  const [{ fetching, error }, update] = useMutation<{ updateProject: ProjectPayload }>(UPDATE);

  const set = (field: ScheduleField, value: string) => setValues((v) => ({ ...v, [field]: value }));
  const fix = (field: ScheduleField, earliestLegal: string) => {
    const next = { ...values, [field]: moveToDay(earliestLegal, values[field]) };
    // the opening follows a deadline that moved past it
    if (field === 'bidDeadline' && next.openingAt && next.openingAt < next.bidDeadline) {
      next.openingAt = next.bidDeadline;
      setFixNote(t('schedule.openingFollowed'));
    } else setFixNote(null);
    setValues(next);
    setErrors((list) => list.filter((e) => e.field !== field && !(field === 'bidDeadline' && e.field === 'openingAt' && e.rule === 'OPENING_BEFORE_DEADLINE')));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const schedule = Object.fromEntries(fields.map((f) => [f, values[f] ? (beijingLocalToIso(values[f]) ?? null) : null]));
    const result = await update({ input: { projectId: project.id, schedule } });
    const payload = result.data?.updateProject;
    if (!payload) return;
    if (payload.errors.length) setErrors(payload.errors);
    else onSaved();
  };

  const fieldErrors = (field: ScheduleField) => errors.filter((e) => e.field === field);
  const otherErrors = errors.filter((e) => !e.field || !fields.includes(e.field as ScheduleField));
  return (
    <form onSubmit={submit} noValidate aria-busy={fetching}>
      <h2>{t('wizard.step.schedule')}</h2>
      <p className="hint">
        {t('wizard.scheduleHint', { method: procedure?.label ?? project.method })} {t('audit.timeZoneNote')}
      </p>
      {backToPublish && errors.length > 0 && (
        <p className="form-error" role="alert">
          {t('wizard.publishRefusedSchedule')}
        </p>
      )}
      <div className="schedule-grid">
        {fields.map((field) => (
          <ScheduleInput
            key={field}
            field={field}
            value={values[field]}
            onChange={(value) => set(field, value)}
            config={procedure?.config}
            days={days}
            errors={fieldErrors(field)}
            onFix={(earliest) => fix(field, earliest)}
          />
        ))}
      </div>
      {fixNote && (
        <p className="notice notice-info" role="status">
          {fixNote}
        </p>
      )}
      <FormErrors errors={otherErrors} describe={describe} />
      {error && <ErrorMessage error={error} />}
      <div className="form-actions">
        <button type="submit" disabled={fetching}>
          {backToPublish ? t('wizard.saveBackToPublish') : t('wizard.saveNext')}
        </button>
        <span className="muted small">{t('wizard.scheduleChecked')}</span>
      </div>
    </form>
  );
}

/** Step 4: tender documents, uploaded one by one; their SHA-256 is published with the announcement. */
function DocumentsStep({ project, onUploaded, onNext }: { project: ProjectDetail; onUploaded(): void; onNext(): void }) {
  const { t } = useI18n();
  const session = useSession();
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!session.token) return;
    if (files.length === 0) {
      setProblem(t('documents.chooseFile'));
      return;
    }
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const names: string[] = [];
      for (const file of files) names.push((await uploadDocument(project.id, file, session.token)).name);
      setDone(t('documents.uploaded', { names: names.join('、') }));
      setFiles([]);
      setInputKey((k) => k + 1);
      onUploaded();
    } catch (error) {
      const code = error instanceof DocumentRequestError ? error.code : 'NETWORK';
      setProblem(code === 'NETWORK' ? t('error.network') : t('documents.uploadFailed', { message: (error as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <h2>{t('wizard.step.documents')}</h2>
      <p className="hint">{t('wizard.documentsHint')}</p>
      <DocumentsTable documents={project.documents} canDownload={false} />
      <form className="upload" onSubmit={upload} aria-busy={busy}>
        <Field label={t('documents.file')} hint={t('documents.fileHint')}>
          <input key={inputKey} name="file" type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button-secondary" disabled={busy}>
            {busy ? t('documents.uploading') : t('documents.upload')}
          </button>
        </div>
      </form>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {done && (
        <p className="notice notice-success" role="status">
          {done}
        </p>
      )}
      <div className="form-actions wizard-next">
        <button type="button" onClick={onNext}>
          {t('wizard.next')}
        </button>
        {project.documents.length === 0 && <span className="muted small">{t('wizard.noDocumentsYet')}</span>}
      </div>
    </div>
  );
}

/** Step 5: the announcement and the custodians of the opening key; 发布. */
function PublishStep({
  project,
  procedure,
  announcement,
  onAnnouncement,
  custodians,
  onCustodians,
  onScheduleErrors,
}: {
  project: ProjectDetail;
  procedure: Procedure | undefined;
  announcement: string;
  onAnnouncement(text: string): void;
  custodians: CustodianChoice;
  onCustodians(choice: CustodianChoice): void;
  onScheduleErrors(errors: ProjectError[]): void;
}) {
  const { t, label, formatDateTime } = useI18n();
  const session = useSession();
  const describe = useProjectErrorText();
  const [errors, setErrors] = useState<ProjectError[]>([]);
  const [{ fetching, error }, publish] = useMutation<{ publishProject: ProjectPayload }>(PUBLISH);
  const needsCustodians = procedure ? procedure.openingPolicy !== 'BIDDER_ONLY' : true;
  const fields = scheduleFieldsFor(procedure?.config);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors([]);
    const result = await publish({
      input: { projectId: project.id, announcement: announcement.trim(), custodianUserIds: needsCustodians ? custodianIds(custodians, session.user?.id) : null },
    });
    const payload = result.data?.publishProject;
    if (!payload) return;
    if (payload.errors.length || !payload.project) {
      const schedule = payload.errors.filter((e) => e.code === 'SCHEDULE_INVALID');
      if (schedule.length) onScheduleErrors(payload.errors.filter((e) => e.code === 'SCHEDULE_INVALID' || (e.field && fields.includes(e.field as ScheduleField))));
      else setErrors(payload.errors);
      return;
    }
    navigate(`/manage/projects/${project.id}?published=1`);
  };

  const otherErrors = errors.filter((e) => e.field !== 'announcement' && e.field !== 'custodianUserIds');
  return (
    <form onSubmit={submit} noValidate aria-busy={fetching}>
      <h2>{t('wizard.step.publish')}</h2>
      <div className="summary">
        <dl className="facts">
          <dt>{t('wizard.method')}</dt>
          <dd>{label('method', project.method)}</dd>
          <dt>{t('project.lots')}</dt>
          <dd>{project.lots.map((lot) => lot.title).join('、')}</dd>
          {fields.map((field) => (
            <div key={field} className="facts-row">
              <dt>{label('scheduleField', field)}</dt>
              <dd>{formatDateTime(project[field])}</dd>
            </div>
          ))}
          <dt>{t('documents.title')}</dt>
          <dd>{project.documents.length ? project.documents.map((d) => d.name).join('、') : t('documents.none')}</dd>
        </dl>
      </div>
      <Field label={t('wizard.announcement')} hint={t('wizard.announcementHint')} error={errorsFor(errors, 'announcement', describe)}>
        <textarea name="announcement" rows={8} maxLength={20000} value={announcement} onChange={(e) => onAnnouncement(e.target.value)} />
      </Field>
      {needsCustodians ? (
        <CustodianPicker value={custodians} onChange={onCustodians} threshold={procedure?.config.openingThreshold ?? null} error={errorsFor(errors, 'custodianUserIds', describe)} />
      ) : (
        <p className="hint">{t('custodians.notNeeded')}</p>
      )}
      <FormErrors errors={otherErrors} describe={describe} />
      {error && <ErrorMessage error={error} />}
      <div className="form-actions">
        <button type="submit" disabled={fetching}>
          {fetching ? t('wizard.publishing') : t('wizard.publish')}
        </button>
        <span className="muted small">{t('wizard.publishExplain')}</span>
      </div>
    </form>
  );
}
