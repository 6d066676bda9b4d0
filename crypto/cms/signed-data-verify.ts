/**
 * Verification of CMS SignedData with one signer (RSA PKCS#1 v1.5, SHA-256), by WebCrypto.
 * Any exception during verification is a rejection. Checks: structure, algorithm allow-list,
 * signer identified by issuerAndSerialNumber, signed attributes present with exactly one
 * contentType (= eContentType) and one messageDigest (= SHA-256 of the content), signature valid.
 * The certificate path (chain, key usage, validity, revocation) is the caller's: see crypto/pki.
 */
import { bytesEqual, concatBytes } from '../bytes';
import { DerNode, children, integerBytes, isContext, octetString, oid, readDer, sequence, set, smallInteger, time } from '../der';
import { sha256 } from '../hash';
import { certificateDer } from '../pem';
import { certificateFields } from '../x509-fields';
import { expectRsaPkcs1Sha256Signature, expectSha256 } from './algorithms';
import { CmsError, parsing } from './errors';
import { OID } from './oids';
import { verifyRsaPkcs1Sha256 } from './rsa-keys';

export const MAX_SIGNED_DATA_BYTES = 1024 * 1024;

export type SignatureFailureCode =
  | 'MALFORMED' | 'ALGORITHM_NOT_ALLOWED' | 'TOO_LARGE' | 'CONTENT_MISSING' | 'SIGNER_NOT_FOUND'
  | 'CONTENT_TYPE_MISMATCH' | 'DIGEST_MISMATCH' | 'SIGNATURE_INVALID';

export type SignedDataVerification =
  | { ok: true; content: Uint8Array; signerCertificate: Uint8Array; signingTime?: Date; certificates: Uint8Array[] }
  | { ok: false; code: SignatureFailureCode; reason: string };

export interface VerifyOptions {
  /** Content of a detached signature (required when the SignedData carries none). */
  detachedContent?: Uint8Array;
  /** Require this signer; otherwise the signer is looked up among the embedded certificates. */
  signerCertificate?: string | Uint8Array;
}

interface ParsedSignedData {
  eContentType: string;
  content?: Uint8Array;
  certificates: Uint8Array[];
  sidIssuer: Uint8Array;
  sidSerial: Uint8Array;
  signedAttrs: DerNode;
  signature: Uint8Array;
}

function malformed(message: string): never {
  throw new CmsError('MALFORMED', message);
}

function parseSignedData(der: Uint8Array): ParsedSignedData {
  if (der.length > MAX_SIGNED_DATA_BYTES) throw new CmsError('TOO_LARGE', `SignedData of ${der.length} bytes exceeds ${MAX_SIGNED_DATA_BYTES}`);
  const root = parsing('SignedData', () => readDer(der, { maxBytes: MAX_SIGNED_DATA_BYTES, maxDepth: 24, maxElements: 20_000 }));
  return parsing('SignedData', () => {
    const ci = sequence(root, 'ContentInfo');
    if (ci.length !== 2 || oid(ci[0]) !== OID.signedData) malformed('not a SignedData ContentInfo');
    if (!isContext(ci[1], 0) || !ci[1].constructed || ci[1].children.length !== 1) malformed('ContentInfo content must be [0] EXPLICIT');
    const f = sequence(ci[1].children[0], 'SignedData');
    let i = 0;
    const version = smallInteger(f[i++] ?? malformed('empty SignedData'));
    if (version !== 1 && version !== 3) malformed(`SignedData version ${version}`);
    const digestAlgs = set(f[i++] ?? malformed('digestAlgorithms missing'), 'digestAlgorithms');
    digestAlgs.forEach((a) => expectSha256(a, 'digestAlgorithm'));
    const encap = children(f[i++] ?? malformed('encapContentInfo missing'), 1, 2, 'EncapsulatedContentInfo');
    sequence(f[i - 1], 'EncapsulatedContentInfo');
    const eContentType = oid(encap[0]);
    let content: Uint8Array | undefined;
    if (encap[1]) {
      if (!isContext(encap[1], 0) || !encap[1].constructed || encap[1].children.length !== 1) malformed('eContent must be [0] EXPLICIT OCTET STRING');
      content = octetString(encap[1].children[0], 'eContent');
    }
    const certificates: Uint8Array[] = [];
    if (isContext(f[i], 0)) {
      if (!f[i].constructed) malformed('certificates must be constructed');
      for (const c of f[i].children) {
        if (c.tagClass !== 'universal' || c.tagNumber !== 16) malformed('only X.509 certificates are accepted in the certificate set');
        certificates.push(c.der);
      }
      i++;
    }
    // crls [1] are not accepted: revocation is checked against the platform's own sources, and an
    // unused field would let bytes change without changing the verdict
    if (isContext(f[i], 1)) malformed('CRLs inside SignedData are not accepted');
    const signerInfos = set(f[i++] ?? malformed('signerInfos missing'), 'signerInfos');
    if (i !== f.length) malformed('unexpected fields in SignedData');
    if (signerInfos.length !== 1) malformed(`exactly one signer expected, found ${signerInfos.length}`);
    const si = children(signerInfos[0], 6, 7, 'SignerInfo');
    sequence(signerInfos[0], 'SignerInfo');
    if (smallInteger(si[0]) !== 1) throw new CmsError('ALGORITHM_NOT_ALLOWED', 'signer must be identified by issuerAndSerialNumber (version 1)');
    const ias = sequence(si[1], 'issuerAndSerialNumber');
    if (ias.length !== 2) malformed('issuerAndSerialNumber must have 2 fields');
    sequence(ias[0], 'issuer');
    expectSha256(si[2], 'SignerInfo digestAlgorithm');
    if (!isContext(si[3], 0) || !si[3].constructed) throw new CmsError('ALGORITHM_NOT_ALLOWED', 'signed attributes are required');
    expectRsaPkcs1Sha256Signature(si[4]);
    const signature = octetString(si[5], 'signature');
    if (si[6] && !isContext(si[6], 1)) malformed('unexpected field after signature');
    return { eContentType, content, certificates, sidIssuer: ias[0].der, sidSerial: integerBytes(ias[1]), signedAttrs: si[3], signature };
  });
}

interface SignedAttributes { contentType: string; messageDigest: Uint8Array; signingTime?: Date }

function readSignedAttributes(node: DerNode): SignedAttributes {
  return parsing('signed attributes', () => {
    const seen = new Map<string, DerNode[]>();
    for (const a of node.children) {
      const f = sequence(a, 'Attribute');
      if (f.length !== 2) malformed('Attribute must have type and values');
      const type = oid(f[0]);
      if (seen.has(type)) malformed(`attribute ${type} appears twice`);
      const values = set(f[1], 'AttributeValues');
      if (values.length === 0) malformed(`attribute ${type} has no value`);
      seen.set(type, values);
    }
    const one = (type: string, name: string): DerNode => {
      const v = seen.get(type);
      if (!v || v.length !== 1) malformed(`signed attributes need exactly one ${name}`);
      return v[0];
    };
    const st = seen.get(OID.signingTime);
    if (st && st.length !== 1) malformed('signingTime must have one value');
    return {
      contentType: oid(one(OID.contentType, 'contentType')),
      messageDigest: octetString(one(OID.messageDigest, 'messageDigest')),
      signingTime: st ? time(st[0]) : undefined,
    };
  });
}

async function verifyUnsafe(der: Uint8Array, options: VerifyOptions): Promise<SignedDataVerification> {
  const p = parseSignedData(der);
  if (p.content && options.detachedContent && !bytesEqual(p.content, options.detachedContent)) {
    return { ok: false, code: 'DIGEST_MISMATCH', reason: 'embedded content differs from the content given' };
  }
  const content = p.content ?? options.detachedContent;
  if (!content) return { ok: false, code: 'CONTENT_MISSING', reason: 'detached signature and no content given' };

  const matches = (certDer: Uint8Array): boolean => {
    const c = certificateFields(certDer);
    return bytesEqual(c.issuer, p.sidIssuer) && bytesEqual(c.serialNumber, p.sidSerial);
  };
  let signerCert: Uint8Array | undefined;
  if (options.signerCertificate) {
    signerCert = certificateDer(options.signerCertificate);
    if (!matches(signerCert)) return { ok: false, code: 'SIGNER_NOT_FOUND', reason: 'signed by another certificate than the one expected' };
    const expectedCert = signerCert;
    if (p.certificates.length > 0 && !p.certificates.some((c) => bytesEqual(c, expectedCert))) {
      return { ok: false, code: 'SIGNER_NOT_FOUND', reason: 'the embedded certificates do not include the expected signer certificate' };
    }
  } else {
    signerCert = p.certificates.find(matches);
    if (!signerCert) return { ok: false, code: 'SIGNER_NOT_FOUND', reason: 'signer certificate not found in the SignedData' };
  }

  const attrs = readSignedAttributes(p.signedAttrs);
  if (attrs.contentType !== p.eContentType) return { ok: false, code: 'CONTENT_TYPE_MISMATCH', reason: 'contentType attribute differs from eContentType' };
  if (!bytesEqual(attrs.messageDigest, await sha256(content))) return { ok: false, code: 'DIGEST_MISMATCH', reason: 'messageDigest does not match the content' };

  // the signature covers the DER of the attributes as a SET OF (tag 0x31), not the [0] IMPLICIT form
  const signedBytes = concatBytes(new Uint8Array([0x31]), p.signedAttrs.der.subarray(1));
  const valid = await verifyRsaPkcs1Sha256(certificateFields(signerCert).subjectPublicKeyInfo, p.signature, signedBytes);
  if (!valid) return { ok: false, code: 'SIGNATURE_INVALID', reason: 'signature does not verify with the signer certificate' };
  return { ok: true, content, signerCertificate: signerCert, signingTime: attrs.signingTime, certificates: p.certificates };
}

export async function verifySignedData(der: Uint8Array, options: VerifyOptions = {}): Promise<SignedDataVerification> {
  try {
    return await verifyUnsafe(der, options);
  } catch (e) {
    if (e instanceof CmsError) return { ok: false, code: e.code as SignatureFailureCode, reason: e.message };
    return { ok: false, code: 'SIGNATURE_INVALID', reason: `verification failed: ${(e as Error).message}` };
  }
}
