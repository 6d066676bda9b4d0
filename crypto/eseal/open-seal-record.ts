/**
 * Reads sealRecord.p7s (attached SignedData by the seal authority): checks the CMS signature
 * (not the authority's certificate path, which needs crypto/pki) and the record's schema.
 */
import { toHex } from '../bytes';
import { verifySignedData } from '../cms';
import { sha256 } from '../hash';
import { SealFormatError } from './errors';
import { SealRecord, decodeSealRecord } from './seal-record';

export interface OpenedSealRecord {
  record: SealRecord;
  /** SHA-256 (hex) of the signed DER: what a seal statement refers to. */
  sha256: string;
  authorityCertificate: Uint8Array;
  /** Every certificate embedded in the SignedData (the authority's included). */
  certificates: Uint8Array[];
}

/** Throws SealFormatError when the SignedData or the record is not acceptable. */
export async function openSealRecord(signedRecord: Uint8Array): Promise<OpenedSealRecord> {
  const v = await verifySignedData(signedRecord);
  if (!v.ok) throw new SealFormatError(`the seal record's signature does not verify (${v.code}: ${v.reason})`);
  return {
    record: decodeSealRecord(v.content),
    sha256: toHex(await sha256(signedRecord)),
    authorityCertificate: v.signerCertificate,
    certificates: v.certificates,
  };
}
