/** What a login attempt (password or certificate) came to, and how the page words it. */
import type { CombinedError } from '@urql/core';
import { isMessageKey, type Translate } from '../i18n';
import type { LoginPayload, User } from '../graphql/types';

export type LoginOutcome =
  | { kind: 'success'; token: string; user: User }
  /** a typed error from the payload (INVALID_CREDENTIALS …) or a local one (P12_PASSWORD …) */
  | { kind: 'rejected'; code: string; message: string }
  /** transport or GraphQL error (network down, INTERNAL …) */
  | { kind: 'error'; error: CombinedError };

export function outcomeOf(payload: LoginPayload | null | undefined, error: CombinedError | undefined): LoginOutcome {
  if (!payload) {
    if (error) return { kind: 'error', error };
    return { kind: 'rejected', code: 'UNKNOWN', message: 'empty response' };
  }
  if (payload.token && payload.user && payload.errors.length === 0) {
    return { kind: 'success', token: payload.token, user: payload.user };
  }
  const first = payload.errors[0] ?? { code: 'UNKNOWN', message: 'no token in the response' };
  return { kind: 'rejected', code: first.code, message: first.message };
}

/** The translated message for a rejection code; the server's own message when the code is new to us. */
export function rejectionMessage(code: string, serverMessage: string, t: Translate): string {
  const key = `loginError.${code}`;
  return isMessageKey(key) ? t(key) : t('loginError.unknown', { message: serverMessage });
}
