/** Loading, error and empty states, the same on every page. */
import type { CombinedError } from '@urql/core';
import type { ReactNode } from 'react';
import { describeError } from '../graphql/errors';
import { useI18n } from '../i18n';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="status status-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

export function ErrorMessage({ error, onRetry }: { error: CombinedError; onRetry?: () => void }) {
  const { t } = useI18n();
  const { message, reference } = describeError(error, t);
  return (
    <div className="status status-error" role="alert">
      <p>{message}</p>
      {reference && <p className="muted">{t('error.reference', { id: reference })}</p>}
      {onRetry && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="status status-empty">
      <p className="status-empty-title">{title}</p>
      {children && <p className="muted">{children}</p>}
    </div>
  );
}
