/** 审计日志 — the audit trail, for supervisors and administrators: filter + paged table. */
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Field } from '../../components/Field';
import { PagedTable } from '../../components/PagedTable';
import { usePaging } from '../../components/Pager';
import { EmptyState } from '../../components/status';
import { AUDIT_OUTCOMES, type AuditOutcome, type AuditRecord, type Connection } from '../../graphql/types';
import { useI18n } from '../../i18n';
import { beijingLocalToIso } from '../../lib/time';
import { SupervisionTabs } from './SupervisionTabs';

const AUDIT_RECORDS = /* GraphQL */ `
  query AuditRecords($first: Int!, $after: String, $filter: AuditFilter) {
    auditRecords(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node { id at actorUsername organisationName operation argumentsDigest outcome errorCode clientIp }
      }
    }
  }
`;

const PAGE_SIZE = 20;

interface FilterForm {
  operation: string;
  actor: string;
  outcome: AuditOutcome | '';
  /** `<input type="datetime-local">` values, read as Beijing time */
  from: string;
  to: string;
}

interface AuditFilter {
  operation?: string;
  actor?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
}

const EMPTY_FORM: FilterForm = { operation: '', actor: '', outcome: '', from: '', to: '' };

function toFilter(form: FilterForm): AuditFilter | null {
  const filter: AuditFilter = {
    operation: form.operation.trim() || undefined,
    actor: form.actor.trim() || undefined,
    outcome: form.outcome || undefined,
    from: beijingLocalToIso(form.from),
    to: beijingLocalToIso(form.to),
  };
  const set = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as AuditFilter;
  return Object.keys(set).length ? set : null;
}

export function AuditTrailPage() {
  const { t, label, formatDateTime } = useI18n();
  const paging = usePaging();
  const [form, setForm] = useState<FilterForm>(EMPTY_FORM);
  const [filter, setFilter] = useState<AuditFilter | null>(null);
  const [rangeError, setRangeError] = useState(false);

  const query = useQuery<{ auditRecords: Connection<AuditRecord> }>({
    query: AUDIT_RECORDS,
    variables: { first: PAGE_SIZE, after: paging.after, filter },
    requestPolicy: 'cache-and-network',
  });

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = toFilter(form);
    const badRange = !!(next?.from && next.to && Date.parse(next.from) > Date.parse(next.to));
    setRangeError(badRange);
    if (badRange) return;
    setFilter(next);
    paging.reset();
  };

  const reset = () => {
    setForm(EMPTY_FORM);
    setFilter(null);
    setRangeError(false);
    paging.reset();
  };

  const edit = (name: keyof FilterForm) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: event.target.value }));

  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <SupervisionTabs />
      <p className="lead">{t('audit.intro')}</p>

      <form className="card filter" onSubmit={apply} aria-label={t('audit.filter')}>
        <div className="filter-grid">
          <Field label={t('audit.operation')}>
            <input name="operation" value={form.operation} placeholder={t('audit.operationPlaceholder')} onChange={edit('operation')} />
          </Field>
          <Field label={t('audit.actor')}>
            <input name="actor" value={form.actor} autoComplete="off" onChange={edit('actor')} />
          </Field>
          <Field label={t('audit.outcome')}>
            <select name="outcome" value={form.outcome} onChange={edit('outcome')}>
              <option value="">{t('common.all')}</option>
              {AUDIT_OUTCOMES.map((outcome) => (
                <option key={outcome} value={outcome}>
                  {label('auditOutcome', outcome)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('audit.from')}>
            <input name="from" type="datetime-local" value={form.from} onChange={edit('from')} />
          </Field>
          <Field label={t('audit.to')} error={rangeError ? t('audit.invalidRange') : null}>
            <input name="to" type="datetime-local" value={form.to} onChange={edit('to')} />
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit">{t('common.search')}</button>
          <button type="button" className="button-secondary" onClick={reset}>
            {t('common.reset')}
          </button>
          <span className="muted small">{t('audit.timeZoneNote')}</span>
        </div>
      </form>

      <PagedTable
        query={query}
        connection={(data) => data.auditRecords}
        paging={paging}
        empty={<EmptyState title={t('audit.empty')} />}
        columns={[t('audit.at'), t('audit.actor'), t('audit.organisation'), t('audit.operation'), t('audit.outcome'), t('audit.errorCode'), t('audit.clientIp'), t('audit.argumentsDigest')]}
        caption={t('audit.title')}
        row={(node) => (
          <tr key={node.id}>
            <td className="nowrap">{formatDateTime(node.at)}</td>
            <td className="mono">{node.actorUsername ?? <span className="muted">{t('audit.anonymous')}</span>}</td>
            <td>{node.organisationName ?? '—'}</td>
            <td className="mono">{node.operation}</td>
            <td className="nowrap">
              <span className={`badge badge-${node.outcome.toLowerCase()}`}>{label('auditOutcome', node.outcome)}</span>
            </td>
            <td className="mono">{node.errorCode ?? '—'}</td>
            <td className="mono nowrap">{node.clientIp ?? '—'}</td>
            <td className="mono small digest" title={node.argumentsDigest}>
              {node.argumentsDigest}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
