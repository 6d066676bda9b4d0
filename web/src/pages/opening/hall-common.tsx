/** Shared bits of the opening hall: error wording, and running a step (mutation). */
import { useState, type ReactNode } from 'react';
import { useClient } from 'urql';
import { FormErrors } from '../../components/form-errors';
import type { OpeningError, OpeningPayload, OpeningSession } from '../../graphql/opening';
import { useI18n } from '../../i18n';

export function HallErrors({ errors }: { errors: OpeningError[] }) {
  const { label } = useI18n();
  return (
    <FormErrors
      errors={errors}
      describe={(e) => (
        <>
          {label('hallError', e.code)} <span className="field-error-detail">{e.message}</span>
        </>
      )}
    />
  );
}

/**
 * Runs one opening mutation: the payload's session replaces the snapshot, typed errors and
 * transport failures become `errors` (shown with HallErrors).
 */
export function useHallAction(onSession: (session: OpeningSession) => void) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<OpeningError[]>([]);
  const run = async (mutation: string, variables: Record<string, unknown>): Promise<OpeningPayload | null> => {
    setBusy(true);
    setErrors([]);
    try {
      const result = await client.mutation<Record<string, OpeningPayload>>(mutation, variables, { requestPolicy: 'network-only' }).toPromise();
      const payload = result.data ? Object.values(result.data)[0] : undefined;
      if (!payload) {
        setErrors([{ code: result.error?.graphQLErrors[0]?.extensions?.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'NETWORK', message: result.error?.message ?? '' }]);
        return null;
      }
      if (payload.session) onSession(payload.session);
      setErrors(payload.errors);
      return payload;
    } finally {
      setBusy(false);
    }
  };
  const fail = (code: string, message: string) => setErrors([{ code, message }]);
  return { run, busy, errors, fail, setBusy };
}

export function Panel({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  return (
    <section className={`card hall-panel ${className ?? ''}`} aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
