/** Typed failures of the CMS decoders: anything else escaping a decoder is a bug. */
export type CmsErrorCode =
  | 'MALFORMED' | 'ALGORITHM_NOT_ALLOWED' | 'TOO_LARGE'
  | 'NO_MATCHING_RECIPIENT' | 'KEY_UNWRAP_FAILED' | 'AUTHENTICATION_FAILED';

export class CmsError extends Error {
  constructor(readonly code: CmsErrorCode, message: string) {
    super(message);
    this.name = 'CmsError';
  }
}

/** Runs a parse step, turning any exception (DerError, RangeError, ...) into CmsError('MALFORMED'). */
export function parsing<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CmsError) throw e;
    throw new CmsError('MALFORMED', `${what}: ${(e as Error).message}`);
  }
}
