/** 专家库 — the expert pool (by specialty); administrators import experts from CSV (all rows or none). */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { useSession } from '../../auth/session';
import { Field } from '../../components/Field';
import { EmptyState, ErrorMessage, Loading } from '../../components/status';
import { EXPERTS, IMPORT_EXPERTS, type ExpertProfile, type ImportRowError } from '../../graphql/experts';
import { useI18n } from '../../i18n';

const CSV_HEADER = 'code,name,username,employer_uscc,employer_name,region,title,years,specialties,status';

export function ExpertsPage() {
  const { t, label } = useI18n();
  const session = useSession();
  const [specialty, setSpecialty] = useState('');
  const [filter, setFilter] = useState('');
  const [{ data, fetching, error }, refetch] = useQuery<{ experts: ExpertProfile[] }>({
    query: EXPERTS,
    variables: { specialty: filter || null },
    requestPolicy: 'cache-and-network',
  });
  const experts = data?.experts;

  return (
    <section>
      <h1>{t('experts.title')}</h1>
      <div className="columns">
        <div className="column-main">
          <h2>{t('experts.list')}</h2>
          <form
            className="toolbar"
            onSubmit={(e) => {
              e.preventDefault();
              setFilter(specialty.trim().toUpperCase());
            }}
          >
            <Field label={t('experts.filterSpecialty')} hint={t('experts.specialtyHint')}>
              <input name="specialty" className="mono" value={specialty} onChange={(e) => setSpecialty(e.target.value)} />
            </Field>
            <div className="form-actions">
              <button type="submit" className="button-secondary">
                {t('common.search')}
              </button>
            </div>
          </form>
          {error && <ErrorMessage error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
          {!experts && fetching && <Loading />}
          {experts && experts.length === 0 && <EmptyState title={t('experts.empty')} />}
          {experts && experts.length > 0 && (
            <>
              <p className="muted small">{t('common.totalCount', { count: experts.length })}</p>
              <div className="table-wrap" aria-busy={fetching}>
                <table>
                  <caption className="visually-hidden">{t('experts.list')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('experts.code')}</th>
                      <th scope="col">{t('experts.name')}</th>
                      <th scope="col">{t('experts.employer')}</th>
                      <th scope="col">{t('experts.region')}</th>
                      <th scope="col">{t('experts.titleYears')}</th>
                      <th scope="col">{t('experts.specialties')}</th>
                      <th scope="col">{t('experts.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {experts.map((expert) => (
                      <tr key={expert.id}>
                        <td className="mono nowrap">{expert.code}</td>
                        <td className="nowrap">{expert.name}</td>
                        <td>
                          {expert.employerName}
                          {expert.employerUscc && <span className="mono small muted block">{expert.employerUscc}</span>}
                        </td>
                        <td className="mono">{expert.region}</td>
                        <td>
                          {expert.title} · {t('experts.years', { years: expert.years })}
                        </td>
                        <td className="mono">{expert.specialties.join(' ')}</td>
                        <td className="nowrap">
                          <span className={`badge badge-expert-${expert.status.toLowerCase()}`}>{label('expertStatus', expert.status)}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
        <aside className="column-side">
          {session.hasRole('ADMIN') ? <ImportExpertsForm onImported={() => refetch({ requestPolicy: 'network-only' })} /> : <p className="hint">{t('experts.readOnly')}</p>}
        </aside>
      </div>
    </section>
  );
}

function ImportExpertsForm({ onImported }: { onImported(): void }) {
  const { t } = useI18n();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<ImportRowError[]>([]);
  const [imported, setImported] = useState<number | null>(null);
  const [missing, setMissing] = useState(false);
  const [{ fetching, error }, importExperts] = useMutation<{ importExperts: { imported: number; errors: ImportRowError[] } }>(IMPORT_EXPERTS);

  const chooseFile = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setCsv((await file.text()).replace(/^\uFEFF/, ''));
    setRowErrors([]);
    setImported(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setImported(null);
    if (!csv.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const result = await importExperts({ csv });
    const payload = result.data?.importExperts;
    if (!payload) return;
    setRowErrors(payload.errors);
    if (!payload.errors.length) {
      setImported(payload.imported);
      setCsv('');
      setFileName(null);
      onImported();
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-busy={fetching} aria-labelledby="import-title">
      <h2 id="import-title">{t('experts.import')}</h2>
      <p className="hint">{t('experts.importExplain')}</p>
      <pre className="pem">{CSV_HEADER}</pre>
      <Field label={t('experts.csvFile')} hint={fileName ? t('experts.csvChosen', { name: fileName }) : undefined}>
        <input name="csvFile" type="file" accept=".csv,text/csv" onChange={(e) => void chooseFile(e.target.files?.[0])} />
      </Field>
      <Field label={t('experts.csvText')} error={missing ? t('experts.csvRequired') : null}>
        <textarea name="csv" className="mono" rows={6} value={csv} spellCheck={false} onChange={(e) => setCsv(e.target.value)} />
      </Field>
      {rowErrors.length > 0 && (
        <div role="alert">
          <p className="form-error">{t('experts.importRefused', { count: rowErrors.length })}</p>
          <div className="table-wrap">
            <table className="import-errors">
              <caption className="visually-hidden">{t('experts.rowErrors')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('experts.row')}</th>
                  <th scope="col">{t('experts.column')}</th>
                  <th scope="col">{t('experts.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {rowErrors.map((e, i) => (
                  <tr key={`${e.row}-${e.column}-${i}`}>
                    <td className="num">{e.row}</td>
                    <td className="mono">{e.column}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {error && <ErrorMessage error={error} />}
      {imported !== null && (
        <p className="notice notice-success" role="status">
          {t('experts.imported', { count: imported })}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={fetching}>
          {t('experts.importSubmit')}
        </button>
      </div>
    </form>
  );
}
