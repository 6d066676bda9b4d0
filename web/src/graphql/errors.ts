/** Turns urql errors into messages a person can act on (never a crash, never a stack trace). */
import type { CombinedError } from '@urql/core';
import type { Translate } from '../i18n';

export interface ErrorDescription {
  message: string;
  code?: string;
  reference?: string;
}

export function describeError(error: CombinedError, t: Translate): ErrorDescription {
  if (error.networkError && error.graphQLErrors.length === 0) return { message: t('error.network') };
  const first = error.graphQLErrors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
  const reference = typeof first?.extensions?.correlationId === 'string' ? first.extensions.correlationId : undefined;
  switch (code) {
    case 'FORBIDDEN':
      return { code, message: t('error.forbidden') };
    case 'UNAUTHENTICATED':
      return { code, message: t('error.unauthenticated') };
    case 'INTERNAL':
    case 'INTERNAL_SERVER_ERROR':
      return { code, reference, message: t('error.internal') };
    default:
      return { code, reference, message: t('error.generic', { message: first?.message ?? error.message }) };
  }
}
