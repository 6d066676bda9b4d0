/** Shared bits of the evaluation page: running a step (mutation), typed errors, panels, bid names. */
import { useState, type ReactNode } from 'react';
import { useClient } from 'urql';
import { FormErrors } from '../../components/form-errors';
import type { Evaluation, EvaluationError, EvaluationPayload } from '../../graphql/evaluation';
import { useI18n } from '../../i18n';

/** SHEET_INVALID lists its problems per item: each is shown under the message. */
export function EvalErrors({ errors, itemLabel }: { errors: EvaluationError[]; itemLabel?: (bidId: string, itemKey: string | null | undefined) => string }) {
  const { label } = useI18n();
  return (
    <FormErrors
      errors={errors}
      describe={(e) => (
        <>
          {label('evalError', e.code)} <span className="field-error-detail">{e.message}</span>
          {e.details && e.details.length > 0 && (
            <ul className="small sheet-problems">
              {e.details.map((d, i) => (
                <li key={i} data-item={`${d.bidId}:${d.itemKey ?? ''}`}>
                  {itemLabel && d.bidId ? itemLabel(d.bidId, d.itemKey) : `${d.bidId ?? ''} ${d.itemKey ?? ''}`}
                  {d.code ? `：${label('sheetProblem', d.code)}` : d.score ? `：${d.score}` : ''}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    />
  );
}

/**
 * Runs one evaluation mutation: the payload's evaluation replaces the page's, typed errors and
 * transport failures become `errors`.
 */
export function useEvalAction(onEvaluation: (evaluation: Evaluation) => void) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<EvaluationError[]>([]);
  const run = async (mutation: string, variables: Record<string, unknown>): Promise<EvaluationPayload | null> => {
    setBusy(true);
    setErrors([]);
    try {
      const result = await client.mutation<Record<string, EvaluationPayload>>(mutation, variables, { requestPolicy: 'network-only' }).toPromise();
      const payload = result.data ? Object.values(result.data)[0] : undefined;
      if (!payload) {
        setErrors([{ code: result.error?.graphQLErrors[0]?.extensions?.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'NETWORK', message: result.error?.message ?? '' }]);
        return null;
      }
      if (payload.evaluation) onEvaluation(payload.evaluation);
      setErrors(payload.errors);
      return payload;
    } finally {
      setBusy(false);
    }
  };
  const fail = (code: string, message: string) => setErrors([{ code, message }]);
  return { run, busy, errors, fail };
}

export function Panel({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  return (
    <section className={`card eval-panel ${className ?? ''}`} aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** Organisation names of the bids, from whatever the viewer may see (the bids, or the signed report). */
export function bidNames(evaluation: Evaluation): Record<string, string> {
  const names: Record<string, string> = {};
  for (const b of evaluation.bids ?? []) names[b.bidId] = b.organisationName;
  if (evaluation.reportJson) {
    try {
      for (const b of (JSON.parse(evaluation.reportJson) as { bids?: { bidId: string; organisation: string }[] }).bids ?? []) names[b.bidId] = b.organisation;
    } catch {
      // a report that does not parse shows bid ids
    }
  }
  return names;
}

export const shortId = (id: string) => id.slice(0, 8);

/** A form's fields, and whether its last submission went through (cleared by the next edit). */
export function useActForm<F extends object>(initial: F) {
  const [form, setForm] = useState(initial);
  const [done, setDone] = useState(false);
  const update = (patch: Partial<F>) => {
    setDone(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  return { form, setForm, update, done, setDone };
}

/** A choice of one committee member (by seat label and name); id and aria attributes (from Field) go to the select. */
export function MemberSelect({ evaluation, value, onChange, ...control }: { evaluation: Evaluation; value: string; onChange(memberId: string): void; id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) {
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
      {evaluation.members.map((m) => (
        <option key={m.id} value={m.id}>
          {m.label} {m.name ?? ''}
        </option>
      ))}
    </select>
  );
}
