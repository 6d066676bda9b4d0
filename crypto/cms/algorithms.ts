/**
 * The algorithm allow-list of SBP/1, as encoders and strict decoders:
 *  - content: id-aes256-GCM with GCMParameters { nonce 12 bytes, ICVlen 16 (explicit) }
 *  - key transport: id-RSAES-OAEP { hash sha256, MGF1(sha256), pSource default (empty label) }
 *  - digest: sha256; signature: rsaEncryption or sha256WithRSAEncryption (PKCS#1 v1.5)
 * Hash AlgorithmIdentifiers are accepted with absent or NULL parameters (RFC 4055 §2.1), nothing else.
 */
import { DerNode, context, derAlgorithm, derExplicit, derNull, derOctetString, derSequence, derSmallInteger, nullValue, octetString, oid, sequence, smallInteger } from '../der';
import { CmsError } from './errors';
import { OID } from './oids';

export const GCM_NONCE_BYTES = 12;
export const GCM_TAG_BYTES = 16;

function notAllowed(message: string): never {
  throw new CmsError('ALGORITHM_NOT_ALLOWED', message);
}

/** AlgorithmIdentifier rsaEncryption with NULL parameters: the SignerInfo signatureAlgorithm we write. Do not mutate. */
export const RSA_ENCRYPTION_ALGORITHM: Uint8Array = derAlgorithm(OID.rsaEncryption, derNull());

export function sha256Algorithm(): Uint8Array {
  return derAlgorithm(OID.sha256);
}

export function aes256GcmAlgorithm(nonce: Uint8Array): Uint8Array {
  if (nonce.length !== GCM_NONCE_BYTES) throw new RangeError('GCM nonce must be 12 bytes');
  return derAlgorithm(OID.aes256Gcm, derSequence(derOctetString(nonce), derSmallInteger(GCM_TAG_BYTES)));
}

export function oaepSha256Algorithm(): Uint8Array {
  return derAlgorithm(OID.rsaesOaep, derSequence(
    derExplicit(0, sha256Algorithm()),
    derExplicit(1, derAlgorithm(OID.mgf1, sha256Algorithm())),
  ));
}

/** Checks an AlgorithmIdentifier is sha256 with absent or NULL parameters. */
export function expectSha256(node: DerNode, what: string): void {
  const f = sequence(node, `${what} AlgorithmIdentifier`);
  if (f.length < 1 || f.length > 2 || oid(f[0]) !== OID.sha256) notAllowed(`${what} must be sha256`);
  if (f.length === 2) nullValue(f[1]);
}

/** Returns the 12-byte nonce of an id-aes256-GCM AlgorithmIdentifier with ICVlen 16. */
export function expectAes256Gcm(node: DerNode): Uint8Array {
  const f = sequence(node, 'contentEncryptionAlgorithm');
  if (f.length < 1 || oid(f[0]) !== OID.aes256Gcm) notAllowed('content encryption must be id-aes256-GCM');
  if (f.length !== 2) throw new CmsError('MALFORMED', 'GCM parameters missing');
  const p = sequence(f[1], 'GCMParameters');
  if (p.length === 1) notAllowed('GCM ICV length must be stated as 16 (default 12 is not allowed)');
  if (p.length !== 2) throw new CmsError('MALFORMED', 'GCMParameters has wrong number of fields');
  const nonce = octetString(p[0], 'GCM nonce');
  if (nonce.length !== GCM_NONCE_BYTES) notAllowed(`GCM nonce must be 12 bytes, not ${nonce.length}`);
  const icv = smallInteger(p[1], 'GCM ICV length');
  if (icv !== GCM_TAG_BYTES) notAllowed(`GCM ICV length must be 16, not ${icv}`);
  return nonce;
}

/** Accepts only id-RSAES-OAEP with SHA-256 and MGF1-SHA-256 stated explicitly, empty label. */
export function expectOaepSha256(node: DerNode): void {
  const f = sequence(node, 'keyEncryptionAlgorithm');
  if (f.length < 1) throw new CmsError('MALFORMED', 'empty keyEncryptionAlgorithm');
  const alg = oid(f[0]);
  if (alg !== OID.rsaesOaep) notAllowed(alg === OID.rsaEncryption ? 'RSA PKCS#1 v1.5 key transport is not allowed (OAEP required)' : `key transport ${alg} is not allowed`);
  if (f.length !== 2) notAllowed('OAEP parameters absent (SHA-1 defaults are not allowed)');
  const p = sequence(f[1], 'RSAES-OAEP-params');
  if (p.length !== 2) notAllowed('OAEP parameters must be exactly hash and MGF (no defaults, no label)');
  const hashField = context(p[0], 0, true, 'hashAlgorithm');
  if (hashField.children.length !== 1) throw new CmsError('MALFORMED', 'bad OAEP hashAlgorithm');
  expectSha256(hashField.children[0], 'OAEP hash');
  const mgfField = context(p[1], 1, true, 'maskGenAlgorithm');
  if (mgfField.children.length !== 1) throw new CmsError('MALFORMED', 'bad OAEP maskGenAlgorithm');
  const mgf = sequence(mgfField.children[0], 'maskGenAlgorithm');
  if (mgf.length !== 2 || oid(mgf[0]) !== OID.mgf1) notAllowed('OAEP mask generation must be MGF1');
  expectSha256(mgf[1], 'MGF1 hash');
}

/** Accepts rsaEncryption (NULL or absent params) or sha256WithRSAEncryption as the signature algorithm. */
export function expectRsaPkcs1Sha256Signature(node: DerNode): void {
  const f = sequence(node, 'signatureAlgorithm');
  if (f.length < 1 || f.length > 2) throw new CmsError('MALFORMED', 'bad signatureAlgorithm');
  const alg = oid(f[0]);
  if (alg !== OID.rsaEncryption && alg !== OID.sha256WithRsaEncryption) notAllowed(`signature algorithm ${alg} is not allowed`);
  if (f.length === 2) nullValue(f[1]);
}
