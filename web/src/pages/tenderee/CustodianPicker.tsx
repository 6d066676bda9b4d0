/**
 * 开标密钥保管人: who receives a share of the project's opening key (k of n rebuild it at the
 * opening). Tenderees and agents cannot list users, so for now the choice is the caller itself plus
 * user ids typed in (the supervisor's and the trading centre's, obtained from them). Every custodian
 * needs a valid encryption certificate; the server checks that on publication.
 * Kept in this one component so a later `custodianCandidates` query can replace the text field.
 */
import { useId, type ReactNode } from 'react';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n';

export interface CustodianChoice {
  includeMe: boolean;
  /** free text: user ids, one per line (commas and spaces also separate) */
  others: string;
}

export const INITIAL_CUSTODIANS: CustodianChoice = { includeMe: true, others: '' };

/** The distinct user ids of a choice, the caller first. */
export function custodianIds(choice: CustodianChoice, myId: string | undefined): string[] {
  const others = choice.others
    .split(/[\s,，;；]+/)
    .map((id) => id.trim())
    .filter(Boolean);
  return [...new Set([...(choice.includeMe && myId ? [myId] : []), ...others])];
}

interface CustodianPickerProps {
  value: CustodianChoice;
  onChange(value: CustodianChoice): void;
  threshold: { k: number; n: number } | null;
  error?: ReactNode;
}

export function CustodianPicker({ value, onChange, threshold, error }: CustodianPickerProps) {
  const { t } = useI18n();
  const session = useSession();
  const id = useId();
  const me = session.user;
  const count = custodianIds(value, me?.id).length;
  const k = threshold?.k ?? 1;
  return (
    <fieldset className={error ? 'custodians field-invalid' : 'custodians'} aria-describedby={`${id}-hint`}>
      <legend>{t('custodians.legend')}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {threshold ? t('custodians.explain', { k: threshold.k, n: threshold.n }) : t('custodians.explainNoThreshold')}
      </p>
      {me && (
        <label className="choice">
          <input type="checkbox" checked={value.includeMe} onChange={(e) => onChange({ ...value, includeMe: e.target.checked })} />
          {t('custodians.me', { name: me.displayName })} <span className="mono small muted">{me.id}</span>
        </label>
      )}
      <div className="field">
        <label htmlFor={`${id}-others`}>{t('custodians.others')}</label>
        <textarea
          id={`${id}-others`}
          name="custodianUserIds"
          className="mono"
          rows={3}
          spellCheck={false}
          value={value.others}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-others-hint${error ? ` ${id}-error` : ''}`}
          onChange={(e) => onChange({ ...value, others: e.target.value })}
        />
        <p id={`${id}-others-hint`} className="field-hint">
          {t('custodians.othersHint')}
        </p>
      </div>
      <p className={count >= k ? 'small' : 'small warning-text'}>{t('custodians.count', { count, k })}</p>
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
