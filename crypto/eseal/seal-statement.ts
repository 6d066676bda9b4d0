/**
 * The seal statement of eseal-sig/1 — what a signer signs when sealing a document: RFC 8785
 * canonical JSON with v "eseal-sig/1", documentSha256, documentName (optional), sealRecordSha256
 * (SHA-256 of the seal record's signed DER, sealRecord.p7s), signingTime (ISO, whole seconds,
 * equal to the CMS signingTime attribute), signerCertificateSha256, purpose (optional, e.g.
 * "opening-record").
 */
import { canonicalJsonBytes } from '../canonical-json';
import { formatError } from './errors';
import { canonicalObject, identifier, isoTime, objectWithKeys, sha256Hex, text } from './schema';

export const SEAL_STATEMENT_VERSION = 'eseal-sig/1';
export const MAX_SEAL_STATEMENT_BYTES = 8 * 1024;

export interface SealStatement {
  v: typeof SEAL_STATEMENT_VERSION;
  documentSha256: string;
  documentName?: string;
  sealRecordSha256: string;
  signingTime: string;
  signerCertificateSha256: string;
  purpose?: string;
}

const REQUIRED = ['v', 'documentSha256', 'sealRecordSha256', 'signingTime', 'signerCertificateSha256'];
const OPTIONAL = ['documentName', 'purpose'];

export function validateSealStatement(value: unknown): SealStatement {
  const o = objectWithKeys(value, 'seal statement', REQUIRED, OPTIONAL);
  if (o.v !== SEAL_STATEMENT_VERSION) formatError(`v must be "${SEAL_STATEMENT_VERSION}"`);
  sha256Hex(o, 'documentSha256');
  sha256Hex(o, 'sealRecordSha256');
  sha256Hex(o, 'signerCertificateSha256');
  if (isoTime(o, 'signingTime').getUTCMilliseconds() !== 0) formatError('signingTime must be whole seconds (CMS signingTime has no fractions)');
  if ('documentName' in o) text(o, 'documentName', 256);
  if ('purpose' in o) identifier(o, 'purpose');
  return o as unknown as SealStatement;
}

export function encodeSealStatement(statement: SealStatement): Uint8Array {
  return canonicalJsonBytes(validateSealStatement(statement));
}

export function decodeSealStatement(bytes: Uint8Array): SealStatement {
  return validateSealStatement(canonicalObject(bytes, MAX_SEAL_STATEMENT_BYTES, 'seal statement', REQUIRED, OPTIONAL));
}
