/** 机构管理 — registered organisations; administrators also register new ones here. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { useSession } from '../../auth/session';
import { Field } from '../../components/Field';
import { FormErrors } from '../../components/form-errors';
import { PagedTable } from '../../components/PagedTable';
import { usePaging } from '../../components/Pager';
import { EmptyState, ErrorMessage } from '../../components/status';
import { ORGANISATION_KINDS, type Connection, type Organisation, type OrganisationKind, type PayloadError } from '../../graphql/types';
import { isMessageKey, useI18n } from '../../i18n';

const ORGANISATIONS = /* GraphQL */ `
  query Organisations($first: Int!, $after: String, $kind: OrganisationKind) {
    organisations(first: $first, after: $after, kind: $kind) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id name kind uscc } }
    }
  }
`;

const REGISTER_ORGANISATION = /* GraphQL */ `
  mutation RegisterOrganisation($input: RegisterOrganisationInput!) {
    registerOrganisation(input: $input) {
      organisation { id name kind uscc }
      errors { code message field }
    }
  }
`;

const PAGE_SIZE = 20;

/** Kinds that must give a 统一社会信用代码 (the server decides; this only words the label). */
const USCC_REQUIRED: readonly OrganisationKind[] = ['BIDDER', 'TENDEREE', 'AGENT'];

export function OrganisationsPage() {
  const { t, label } = useI18n();
  const session = useSession();
  const paging = usePaging();
  const [kind, setKind] = useState<OrganisationKind | ''>('');
  const query = useQuery<{ organisations: Connection<Organisation> }>({
    query: ORGANISATIONS,
    variables: { first: PAGE_SIZE, after: paging.after, kind: kind || null },
  });
  const [, refetch] = query;

  return (
    <section>
      <h1>{t('organisations.title')}</h1>
      <div className="columns">
        <div className="column-main">
          <h2>{t('organisations.list')}</h2>
          <div className="toolbar">
            <Field label={t('organisations.filterKind')}>
              <select
                value={kind}
                onChange={(e) => {
                  setKind(e.target.value as OrganisationKind | '');
                  paging.reset();
                }}
              >
                <option value="">{t('common.all')}</option>
                {ORGANISATION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {label('organisationKind', k)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <PagedTable
            query={query}
            connection={(data) => data.organisations}
            paging={paging}
            empty={<EmptyState title={t('organisations.empty')} />}
            columns={[t('organisations.name'), t('organisations.kind'), t('organisations.uscc')]}
            caption={t('organisations.list')}
            row={(node) => (
              <tr key={node.id}>
                <td>{node.name}</td>
                <td className="nowrap">{label('organisationKind', node.kind)}</td>
                <td className="mono nowrap">{node.uscc ?? '—'}</td>
              </tr>
            )}
          />
        </div>
        <aside className="column-side">
          {session.hasRole('ADMIN') ? (
            <RegisterOrganisationForm onRegistered={() => refetch({ requestPolicy: 'network-only' })} />
          ) : (
            <p className="hint">{t('organisations.readOnly')}</p>
          )}
        </aside>
      </div>
    </section>
  );
}

function RegisterOrganisationForm({ onRegistered }: { onRegistered(): void }) {
  const { t, label, locale } = useI18n();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<OrganisationKind>('BIDDER');
  const [uscc, setUscc] = useState('');
  const [errors, setErrors] = useState<PayloadError[]>([]);
  const [registered, setRegistered] = useState<Organisation | null>(null);
  const [{ fetching, error }, register] = useMutation<{
    registerOrganisation: { organisation: Organisation | null; errors: PayloadError[] };
  }>(REGISTER_ORGANISATION);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRegistered(null);
    if (!name.trim()) {
      setErrors([{ code: 'NAME_REQUIRED', message: t('organisations.nameRequired'), field: 'name' }]);
      return;
    }
    setErrors([]);
    const result = await register({ input: { name: name.trim(), kind, uscc: uscc.trim().toUpperCase() || null } });
    const payload = result.data?.registerOrganisation;
    if (!payload) return; // transport or GraphQL error: shown below
    if (payload.errors.length || !payload.organisation) {
      setErrors(payload.errors);
      return;
    }
    setRegistered(payload.organisation);
    setName('');
    setUscc('');
    onRegistered();
  };

  /** Our wording for a known code, with the server's own message (the precise reason) after it. */
  const describe = (e: PayloadError) => {
    const key = `organisationError.${e.code}`;
    if (!isMessageKey(key) || locale === 'en') return e.message;
    return (
      <>
        {t(key)} <span className="field-error-detail">{e.message}</span>
      </>
    );
  };
  const fieldError = (field: string) => {
    const matching = errors.filter((e) => e.field === field);
    return matching.length ? matching.map((e) => <span key={e.code + e.message}>{describe(e)} </span>) : null;
  };
  const otherErrors = errors.filter((e) => !e.field || !['name', 'kind', 'uscc'].includes(e.field));

  return (
    <form className="card" onSubmit={submit} noValidate aria-busy={fetching}>
      <h2>{t('organisations.register')}</h2>
      <Field label={t('organisations.name')} error={fieldError('name')}>
        <input name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
      </Field>
      <Field label={t('organisations.kind')} error={fieldError('kind')}>
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as OrganisationKind)}>
          {ORGANISATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {label('organisationKind', k)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={USCC_REQUIRED.includes(kind) ? t('organisations.uscc') : `${t('organisations.uscc')}${t('common.optional')}`} hint={t('organisations.usccHint')} error={fieldError('uscc')}>
        <input name="uscc" className="mono" value={uscc} maxLength={18} autoComplete="off" spellCheck={false} onChange={(e) => setUscc(e.target.value)} />
      </Field>
      <FormErrors errors={otherErrors} describe={describe} />
      {error && <ErrorMessage error={error} />}
      {registered && (
        <p className="notice notice-success" role="status">
          {t('organisations.registered', { name: registered.name })}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={fetching}>
          {fetching ? t('organisations.submitting') : t('organisations.submit')}
        </button>
      </div>
    </form>
  );
}
