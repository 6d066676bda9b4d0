/**
 * 开标密钥保管人: who receives a share of the project's opening key (k of n rebuild it at the
 * opening). A checklist of `custodianCandidates` — people with a valid encryption certificate in the
 * caller's organisation, the trading centre or a supervisory authority — with name, organisation
 * and roles; the caller (first, checked by default) is one of the choices. The server checks every
 * custodian's certificate again on publication.
 */
import { useId, type ReactNode } from 'react';
import { useQuery } from 'urql';
import { useSession } from '../../auth/session';
import { ErrorMessage, Loading } from '../../components/status';
import { useI18n } from '../../i18n';

export interface CustodianCandidate {
  userId: string;
  displayName: string;
  organisationName: string;
  roles: string[];
}

export interface CustodianChoice {
  includeMe: boolean;
  /** user ids of the other custodians chosen, in the order they were ticked */
  others: string[];
}

export const INITIAL_CUSTODIANS: CustodianChoice = { includeMe: true, others: [] };

const CUSTODIAN_CANDIDATES = /* GraphQL */ `
  query CustodianCandidates { custodianCandidates { userId displayName organisationName roles } }
`;

/** The distinct user ids of a choice, the caller first. */
export function custodianIds(choice: CustodianChoice, myId: string | undefined): string[] {
  return [...new Set([...(choice.includeMe && myId ? [myId] : []), ...choice.others.filter((id) => id !== myId)])];
}

interface CustodianPickerProps {
  value: CustodianChoice;
  onChange(value: CustodianChoice): void;
  threshold: { k: number; n: number } | null;
  error?: ReactNode;
}

export function CustodianPicker({ value, onChange, threshold, error }: CustodianPickerProps) {
  const { t, label } = useI18n();
  const session = useSession();
  const id = useId();
  const me = session.user;
  const [{ data, fetching, error: loadError }, reload] = useQuery<{ custodianCandidates: CustodianCandidate[] }>({ query: CUSTODIAN_CANDIDATES });
  const count = custodianIds(value, me?.id).length;
  const k = threshold?.k ?? 1;
  const others = (data?.custodianCandidates ?? []).filter((c) => c.userId !== me?.id);
  const mine = data?.custodianCandidates.find((c) => c.userId === me?.id);
  const toggle = (userId: string, checked: boolean) =>
    onChange({ ...value, others: checked ? [...value.others.filter((u) => u !== userId), userId] : value.others.filter((u) => u !== userId) });

  return (
    <fieldset className={error ? 'custodians field-invalid' : 'custodians'} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
      <legend>{t('custodians.legend')}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {threshold ? t('custodians.explain', { k: threshold.k, n: threshold.n }) : t('custodians.explainNoThreshold')} {t('custodians.candidatesHint')}
      </p>
      {loadError && !data && <ErrorMessage error={loadError} onRetry={() => reload({ requestPolicy: 'network-only' })} />}
      {!data && fetching && <Loading />}
      <ul className="candidate-list" aria-label={t('custodians.candidates')}>
        {me && (
          <li>
            <label className="choice candidate">
              <input type="checkbox" name="custodianUserIds" value={me.id} checked={value.includeMe} onChange={(e) => onChange({ ...value, includeMe: e.target.checked })} />
              <span>
                <strong>{t('custodians.me', { name: me.displayName })}</strong>{' '}
                <span className="muted">{mine?.organisationName ?? me.organisation.name}</span>
                <span className="block small muted">{t('custodians.roles', { roles: me.roles.map((r) => label('role', r)).join('、') })}</span>
              </span>
            </label>
          </li>
        )}
        {others.map((c) => (
          <li key={c.userId}>
            <label className="choice candidate">
              <input type="checkbox" name="custodianUserIds" value={c.userId} checked={value.others.includes(c.userId)} onChange={(e) => toggle(c.userId, e.target.checked)} />
              <span>
                <strong>{c.displayName}</strong> <span className="muted">{c.organisationName}</span>
                <span className="block small muted">{t('custodians.roles', { roles: c.roles.map((r) => label('role', r)).join('、') })}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      {data && others.length === 0 && <p className="muted small">{t('custodians.noCandidates')}</p>}
      <p className={count >= k ? 'small' : 'small warning-text'} role="status">
        {t('custodians.count', { count, k })}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
