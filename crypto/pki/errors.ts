/** The one error type thrown by crypto/pki. `code` is stable and meant to be switched on. */
export class PkiError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'PkiError';
  }
}
