/**
 * The sealed signature as one file (`*.eseal.json`): RFC 8785 canonical JSON
 *   {"sealRecord":"<base64 DER of sealRecord.p7s>","statement":"<base64 DER of statement.p7s>","v":"eseal-envelope/1"}
 * Standard base64 with padding, canonical. Each DER is an attached CMS SignedData that
 * `openssl cms -verify -inform DER` checks on its own once decoded.
 */
import { fromBase64, toBase64 } from '../bytes';
import { canonicalJsonBytes } from '../canonical-json';
import { formatError } from './errors';
import { canonicalObject } from './schema';

export const SEAL_ENVELOPE_VERSION = 'eseal-envelope/1';
export const MAX_SEAL_ENVELOPE_BYTES = 3 * 1024 * 1024;

export interface SealEnvelope {
  /** DER of the statement SignedData (statement.p7s), signed by the signer. */
  statement: Uint8Array;
  /** DER of the seal record SignedData (sealRecord.p7s), signed by the seal authority. */
  sealRecord: Uint8Array;
}

export function encodeSealEnvelope(envelope: SealEnvelope): Uint8Array {
  return canonicalJsonBytes({ v: SEAL_ENVELOPE_VERSION, statement: toBase64(envelope.statement), sealRecord: toBase64(envelope.sealRecord) });
}

function der(value: unknown, key: string): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) formatError(`envelope ${key} must be a base64 string`);
  try {
    return fromBase64(value);
  } catch (e) {
    formatError(`envelope ${key}: ${(e as Error).message}`);
  }
}

/** Parses envelope bytes: size cap, canonical JSON, exact fields, strict base64. */
export function decodeSealEnvelope(bytes: Uint8Array): SealEnvelope {
  const o = canonicalObject(bytes, MAX_SEAL_ENVELOPE_BYTES, 'seal envelope', ['v', 'statement', 'sealRecord']);
  if (o.v !== SEAL_ENVELOPE_VERSION) formatError(`envelope v must be "${SEAL_ENVELOPE_VERSION}"`);
  return { statement: der(o.statement, 'statement'), sealRecord: der(o.sealRecord, 'sealRecord') };
}
