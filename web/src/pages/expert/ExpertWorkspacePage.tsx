/**
 * 评标邀请 — the expert's own workspace: its pool profile and its declarations for avoidance
 * (relations: relatives, shareholdings, former employers; periods away). Each declaration replaces
 * the previous one. The API has no query listing an expert's own invitations (see the hint below).
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { Field } from '../../components/Field';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import { DECLARE_RELATIONS, DECLARE_UNAVAILABILITY, MY_EXPERT_PROFILE, RELATION_KINDS, type ExpertProfile, type RelationKind } from '../../graphql/experts';
import { useI18n } from '../../i18n';
import { beijingLocalToIso } from '../../lib/time';
import { MyEvaluationsCard } from '../evaluation/MyEvaluationsCard';

export function ExpertWorkspacePage() {
  const { t, label } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery<{ myExpertProfile: ExpertProfile | null }>({ query: MY_EXPERT_PROFILE, requestPolicy: 'cache-and-network' });
  if (error && !data) return <ErrorMessage error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return fetching ? <Loading /> : null;
  const profile = data.myExpertProfile;
  return (
    <section>
      <h1>{t('expertWork.title')}</h1>
      {!profile ? (
        <EmptyState title={t('expertWork.notInPool')} />
      ) : (
        <div className="columns">
          <div className="column-main">
            <MyEvaluationsCard />
            <RelationsForm />
            <UnavailabilityForm />
          </div>
          <aside className="column-side">
            <div className="card">
              <h2>{t('expertWork.profile')}</h2>
              <dl className="facts">
                <dt>{t('experts.code')}</dt>
                <dd className="mono">{profile.code}</dd>
                <dt>{t('experts.name')}</dt>
                <dd>{profile.name}</dd>
                <dt>{t('experts.employer')}</dt>
                <dd>{profile.employerName}</dd>
                <dt>{t('experts.region')}</dt>
                <dd className="mono">{profile.region}</dd>
                <dt>{t('experts.titleYears')}</dt>
                <dd>
                  {profile.title} · {t('experts.years', { years: profile.years })}
                </dd>
                <dt>{t('experts.specialties')}</dt>
                <dd className="mono">{profile.specialties.join(' ')}</dd>
                <dt>{t('experts.status')}</dt>
                <dd>{label('expertStatus', profile.status)}</dd>
              </dl>
            </div>
          </aside>
        </div>
      )}
    </section>
  );
}

interface RelationRow {
  kind: RelationKind;
  organisationName: string;
  uscc: string;
  note: string;
}

function RelationsForm() {
  const { t, label } = useI18n();
  const [rows, setRows] = useState<RelationRow[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const [{ fetching, error }, declare] = useMutation(DECLARE_RELATIONS);
  const update = (i: number, patch: Partial<RelationRow>) => setRows((list) => list.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    if (rows.some((r) => !r.organisationName.trim())) {
      setProblem(t('expertWork.organisationRequired'));
      return;
    }
    setProblem(null);
    const relations = rows.map((r) => ({ kind: r.kind, organisationName: r.organisationName.trim(), uscc: r.uscc.trim().toUpperCase() || null, note: r.note.trim() }));
    const result = await declare({ relations });
    if (result.data) setDone(relations.length);
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-busy={fetching} aria-labelledby="relations-title">
      <h2 id="relations-title">{t('expertWork.relations')}</h2>
      <p className="hint">{t('expertWork.relationsExplain')}</p>
      {rows.map((row, i) => (
        <fieldset key={i} className="form-grid">
          <legend className="visually-hidden">{t('expertWork.relationN', { n: i + 1 })}</legend>
          <Field label={t('expertWork.kind')}>
            <select value={row.kind} onChange={(e) => update(i, { kind: e.target.value as RelationKind })}>
              {RELATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {label('relationKind', k)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('expertWork.organisation')}>
            <input value={row.organisationName} onChange={(e) => update(i, { organisationName: e.target.value })} />
          </Field>
          <Field label={`${t('organisations.uscc')}${t('common.optional')}`}>
            <input className="mono" maxLength={18} value={row.uscc} onChange={(e) => update(i, { uscc: e.target.value })} />
          </Field>
          <Field label={`${t('expertWork.note')}${t('common.optional')}`}>
            <input value={row.note} onChange={(e) => update(i, { note: e.target.value })} />
          </Field>
          <button type="button" className="button-link" onClick={() => setRows((list) => list.filter((_, j) => j !== i))}>
            {t('expertWork.remove')}
          </button>
        </fieldset>
      ))}
      <button type="button" className="button-secondary button-small" onClick={() => setRows((list) => [...list, { kind: 'RELATIVE', organisationName: '', uscc: '', note: '' }])}>
        {t('expertWork.addRelation')}
      </button>
      <FormOutcome problem={problem} error={error} saved={done === null ? null : t('expertWork.relationsSaved', { count: done })} save={t('expertWork.saveRelations')} busy={fetching} />
    </form>
  );
}

interface PeriodRow {
  from: string;
  until: string;
  reason: string;
}

function UnavailabilityForm() {
  const { t } = useI18n();
  const [rows, setRows] = useState<PeriodRow[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const [{ fetching, error }, declare] = useMutation(DECLARE_UNAVAILABILITY);
  const update = (i: number, patch: Partial<PeriodRow>) => setRows((list) => list.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const periods = rows.map((r) => ({ from: beijingLocalToIso(r.from), until: beijingLocalToIso(r.until), reason: r.reason.trim() }));
    if (periods.some((p) => !p.from || !p.until || p.until <= p.from)) {
      setProblem(t('expertWork.periodInvalid'));
      return;
    }
    setProblem(null);
    const result = await declare({ periods });
    if (result.data) setDone(periods.length);
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-busy={fetching} aria-labelledby="away-title">
      <h2 id="away-title">{t('expertWork.away')}</h2>
      <p className="hint">{t('expertWork.awayExplain')}</p>
      {rows.map((row, i) => (
        <fieldset key={i} className="form-grid">
          <legend className="visually-hidden">{t('expertWork.periodN', { n: i + 1 })}</legend>
          <Field label={t('expertWork.from')}>
            <input type="datetime-local" value={row.from} onChange={(e) => update(i, { from: e.target.value })} />
          </Field>
          <Field label={t('expertWork.until')}>
            <input type="datetime-local" value={row.until} onChange={(e) => update(i, { until: e.target.value })} />
          </Field>
          <Field label={`${t('expertWork.reason')}${t('common.optional')}`}>
            <input value={row.reason} onChange={(e) => update(i, { reason: e.target.value })} />
          </Field>
          <button type="button" className="button-link" onClick={() => setRows((list) => list.filter((_, j) => j !== i))}>
            {t('expertWork.remove')}
          </button>
        </fieldset>
      ))}
      <button type="button" className="button-secondary button-small" onClick={() => setRows((list) => [...list, { from: '', until: '', reason: '' }])}>
        {t('expertWork.addPeriod')}
      </button>
      <FormOutcome problem={problem} error={error} saved={done === null ? null : t('expertWork.awaySaved', { count: done })} save={t('expertWork.saveAway')} busy={fetching} />
    </form>
  );
}

/** What a declaration form says after an attempt, and its submit button. */
function FormOutcome({ problem, error, saved, save, busy }: { problem: string | null; error: CombinedError | undefined; saved: string | null; save: string; busy: boolean }) {
  return (
    <>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {error && <ErrorMessage error={error} />}
      {saved && (
        <p className="notice notice-success" role="status">
          {saved}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {save}
        </button>
      </div>
    </>
  );
}
