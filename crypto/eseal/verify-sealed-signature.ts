/**
 * Verifying a sealed signature: every link from the document to the trust anchors.
 *   envelope → statement.p7s (signature, strict encoding) → statement → document hash
 *   → sealRecord.p7s (hash named in the statement, signature, authority is a seal authority,
 *     authority's certificate path) → seal record → image → signer's certificate path
 *   → seal validity at the signing time and at `at` → signer allowed by the seal.
 * Never throws: any exception is a failure. Uses crypto/pki for certificate paths, so it runs on
 * Node (node:crypto); everything else in crypto/eseal is isomorphic.
 */
import { bytesEqual, toHex } from '../bytes';
import { SignedDataVerification, verifySignedData } from '../cms';
import { sha256 } from '../hash';
import { certificateDer, derToPem } from '../pem';
import { CertificateFacts, ValidationCode, ValidationOptions, validateCertificate } from '../pki';
import { certificateFingerprint } from '../x509-fields';
import { SealFormatError } from './errors';
import { decodeSealEnvelope } from './envelope';
import { sealImageProblem } from './seal-image';
import { SealImageType, SealRecord, decodeSealRecord } from './seal-record';
import { SealStatement, decodeSealStatement } from './seal-statement';
import { signedDataEncodingProblem } from './strict-signed-data';

/** How far a signing time may lie after the verification time (clocks differ). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export type SealVerificationCode =
  | 'MALFORMED' | 'SIGNATURE_INVALID' | 'DOCUMENT_MISMATCH' | 'SIGNER_CERTIFICATE_INVALID'
  | 'SEAL_RECORD_INVALID' | 'SEAL_NOT_YET_VALID' | 'SEAL_EXPIRED' | 'SIGNER_NOT_ALLOWED'
  | 'SEAL_IMAGE_MISMATCH' | 'SIGNING_TIME_INVALID';

export type SealVerification =
  | {
    ok: true;
    seal: SealRecord;
    image: { mediaType: SealImageType; base64: string };
    signer: CertificateFacts;
    signingTime: Date;
    statement: SealStatement;
    sealAuthority: CertificateFacts;
  }
  /** pkiCode: crypto/pki's reason when a certificate path failed. */
  | { ok: false; code: SealVerificationCode; message: string; pkiCode?: ValidationCode };

export interface SealVerificationOptions {
  trustAnchors: string[];
  /** Certificates (PEM or DER) of the seal authorities whose seal records are accepted. */
  sealAuthorities: readonly (string | Uint8Array)[];
  /**
   * Trusted time of the verification (e.g. the ledger time the sealed document was logged);
   * default now. Certificates are validated at `at`; the seal must be valid at `at` and at the
   * signer's claimed signing time, which may not lie after `at`.
   */
  at?: Date;
  isRevoked?: ValidationOptions['isRevoked'];
  crls?: string[];
}

type Failure = Extract<SealVerification, { ok: false }>;

class Refusal extends Error {
  constructor(readonly failure: Failure) { super(failure.message); }
}

function refuse(code: SealVerificationCode, message: string, pkiCode?: ValidationCode): never {
  throw new Refusal(pkiCode ? { ok: false, code, message, pkiCode } : { ok: false, code, message });
}

const pem = (der: Uint8Array): string => derToPem(der, 'CERTIFICATE');

/** Validates the signer of a verified SignedData; every embedded certificate must lie on the path. */
function certificatePath(v: Extract<SignedDataVerification, { ok: true }>, opts: SealVerificationOptions, at: Date, code: SealVerificationCode, who: string): CertificateFacts {
  const others = v.certificates.filter((c) => !bytesEqual(c, v.signerCertificate));
  const r = validateCertificate(pem(v.signerCertificate), {
    trustAnchors: opts.trustAnchors, intermediates: others.map(pem), at, usage: 'SIGNING', isRevoked: opts.isRevoked, crls: opts.crls,
  });
  if (!r.ok) refuse(code, `${who}: ${r.message}`, r.code);
  const onPath = new Set(r.chainPems);
  if (!others.every((c) => onPath.has(pem(c)))) refuse('MALFORMED', `${who}: the SignedData embeds certificates outside the certificate path`);
  return r.leaf;
}

function checkSealValidity(seal: SealRecord, time: Date, what: string): void {
  if (time.getTime() < Date.parse(seal.validFrom)) refuse('SEAL_NOT_YET_VALID', `seal ${seal.sealId} is not valid before ${seal.validFrom} (${what} ${time.toISOString()})`);
  if (time.getTime() > Date.parse(seal.validTo)) refuse('SEAL_EXPIRED', `seal ${seal.sealId} expired at ${seal.validTo} (${what} ${time.toISOString()})`);
}

async function verifyUnsafe(document: Uint8Array, sealedSignature: Uint8Array, opts: SealVerificationOptions): Promise<SealVerification> {
  const at = opts.at ?? new Date();
  const envelope = decodeSealEnvelope(sealedSignature);

  const signed = await verifySignedData(envelope.statement);
  if (!signed.ok) refuse(['MALFORMED', 'TOO_LARGE', 'CONTENT_MISSING'].includes(signed.code) ? 'MALFORMED' : 'SIGNATURE_INVALID', `statement: ${signed.reason}`);
  const encodingProblem = signedDataEncodingProblem(envelope.statement);
  if (encodingProblem) refuse('MALFORMED', `statement: ${encodingProblem}`);
  const statement = decodeSealStatement(signed.content);
  if (await certificateFingerprint(signed.signerCertificate) !== statement.signerCertificateSha256) {
    refuse('SIGNATURE_INVALID', 'the statement names another signing certificate than the one that signed it');
  }
  const signingTime = new Date(statement.signingTime);
  if (signed.signingTime?.getTime() !== signingTime.getTime()) refuse('MALFORMED', 'the CMS signingTime differs from the statement’s signingTime');
  if (signingTime.getTime() > at.getTime() + MAX_CLOCK_SKEW_MS) refuse('SIGNING_TIME_INVALID', `signed at ${statement.signingTime}, after the verification time ${at.toISOString()}`);

  if (toHex(await sha256(document)) !== statement.documentSha256) refuse('DOCUMENT_MISMATCH', 'the document is not the one that was sealed');

  if (toHex(await sha256(envelope.sealRecord)) !== statement.sealRecordSha256) refuse('SEAL_RECORD_INVALID', 'the seal record is not the one named in the statement');
  const record = await verifySignedData(envelope.sealRecord);
  if (!record.ok) refuse('SEAL_RECORD_INVALID', `seal record: ${record.code}: ${record.reason}`);
  const authorities = await Promise.all(opts.sealAuthorities.map((c) => certificateFingerprint(certificateDer(c))));
  if (!authorities.includes(await certificateFingerprint(record.signerCertificate))) refuse('SEAL_RECORD_INVALID', 'the seal record is not signed by a seal authority');
  const sealAuthority = certificatePath(record, opts, at, 'SEAL_RECORD_INVALID', 'seal authority');
  const seal = decodeSealRecord(record.content);
  const imageProblem = await sealImageProblem(seal.image);
  if (imageProblem) refuse('SEAL_IMAGE_MISMATCH', imageProblem);

  const signer = certificatePath(signed, opts, at, 'SIGNER_CERTIFICATE_INVALID', 'signing certificate');
  checkSealValidity(seal, signingTime, 'signed at');
  checkSealValidity(seal, at, 'verified at');
  if (!seal.allowedCertificates.includes(statement.signerCertificateSha256)) refuse('SIGNER_NOT_ALLOWED', `the signing certificate may not use seal ${seal.sealId}`);
  if (seal.organisationId && signer.organizationIdentifier && seal.organisationId !== signer.organizationIdentifier) {
    refuse('SIGNER_NOT_ALLOWED', `the signing certificate belongs to organisation ${signer.organizationIdentifier}, the seal to ${seal.organisationId}`);
  }
  return { ok: true, seal, image: { mediaType: seal.image.mediaType, base64: seal.image.base64 }, signer, signingTime, statement, sealAuthority };
}

export async function verifySealedSignature(document: Uint8Array, sealedSignature: Uint8Array, opts: SealVerificationOptions): Promise<SealVerification> {
  try {
    return await verifyUnsafe(document, sealedSignature, opts);
  } catch (e) {
    if (e instanceof Refusal) return e.failure;
    if (e instanceof SealFormatError) return { ok: false, code: 'MALFORMED', message: e.message };
    return { ok: false, code: 'SIGNATURE_INVALID', message: `verification failed: ${(e as Error)?.message ?? String(e)}` };
  }
}
