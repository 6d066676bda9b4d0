/** A sealed-signature structure (seal record, statement, envelope) that breaks its schema. */
export class SealFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealFormatError';
  }
}

export function formatError(message: string): never {
  throw new SealFormatError(message);
}
