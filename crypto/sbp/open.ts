/**
 * Opening a Sealed Bid Package (DESIGN §4 "At opening"): verify the signed manifest (it carries the
 * hash and the CEK commitment), check bid.cms against it, unwrap the CEK (or take one unwrapped
 * elsewhere, e.g. with a rebuilt threshold key), check the CEK commitment, decrypt (GCM releases
 * nothing before the tag verifies), then run the caller's certificate-path check.
 *
 * Failures are classified for the Art. 31 rule: `bidderCaused` true means the package as the bidder
 * signed it cannot be opened (→ REVOKED); false means the platform or a custodian failed (→ WITHDRAWN
 * with a claim flag). The bidder signed bidCmsSha256, so bytes that do not match it are the
 * platform's custody problem; bytes that match it are exactly what the bidder sent.
 */
import { bytesEqual, toHex, zeroise } from '../bytes';
import { AuthEnvelope, CmsError, decodeAuthEnveloped, decryptContent, publicKeyOfPrivateKey, recipientsFor, unwrapContentKey, verifySignedData } from '../cms';
import { sha256 } from '../hash';
import { certificateDer } from '../pem';
import { certificateFields } from '../x509-fields';
import { SignerValidation } from './check';
import { cekMatchesCommitment } from './commitments';
import { SbpManifest, decodeManifest } from './manifest';
import { SealedBidPackage } from './package';

export type OpenFailureCode =
  // bidder-caused
  | 'SIGNATURE_INVALID' | 'CERTIFICATE_INVALID' | 'PACKAGE_MALFORMED' | 'RECIPIENT_MISSING' | 'WRONG_KEY'
  | 'BAD_COMMITMENT' | 'CEK_MISMATCH_BETWEEN_RECIPIENTS' | 'DECRYPTION_FAILED'
  // not bidder-caused
  | 'STORAGE_CORRUPT' | 'KEY_CERTIFICATE_MISMATCH' | 'NO_KEY' | 'INTERNAL_ERROR';

const BIDDER_CAUSED: Record<OpenFailureCode, boolean> = {
  SIGNATURE_INVALID: true, CERTIFICATE_INVALID: true, PACKAGE_MALFORMED: true, RECIPIENT_MISSING: true, WRONG_KEY: true,
  BAD_COMMITMENT: true, CEK_MISMATCH_BETWEEN_RECIPIENTS: true, DECRYPTION_FAILED: true,
  STORAGE_CORRUPT: false, KEY_CERTIFICATE_MISMATCH: false, NO_KEY: false, INTERNAL_ERROR: false,
};

export function isBidderCaused(code: OpenFailureCode): boolean {
  return BIDDER_CAUSED[code];
}

/** A recipient's private key, with its certificate when known (then only that entry is tried). */
export interface RecipientKey {
  privateKey: CryptoKey;
  certificate?: string | Uint8Array;
  /**
   * SubjectPublicKeyInfo DER of privateKey, already verified by the caller (e.g. rebuildOpeningKey).
   * Needed to match a non-extractable key against `certificate`: without it such a key cannot be
   * checked, and a key that does not belong to the certificate would look like the bidder's fault.
   */
  spki?: Uint8Array;
}

export type OpeningKeys =
  | { keys: readonly RecipientKey[] }
  /** A CEK already unwrapped by the caller. */
  | { cek: Uint8Array };

export interface OpenOptions {
  /** When given, the manifest must be signed by this certificate. */
  signerCertificate?: string | Uint8Array;
  validateSigner?: (signerCertificateDer: Uint8Array) => Promise<SignerValidation> | SignerValidation;
}

export type OpenResult =
  | { ok: true; content: Uint8Array; manifest: SbpManifest; signerCertificate: Uint8Array }
  | { ok: false; code: OpenFailureCode; bidderCaused: boolean; reason: string; manifest?: SbpManifest };

/** A classified failure while opening (shared with the streaming opener, open-file.node.ts). */
export class OpenFailure extends Error {
  constructor(readonly code: OpenFailureCode, message: string) {
    super(message);
  }
}

export function fail(code: OpenFailureCode, message: string): never {
  throw new OpenFailure(code, message);
}

async function unwrapWith(env: AuthEnvelope, k: RecipientKey): Promise<Uint8Array> {
  if (k.certificate) {
    const certKey = certificateFields(certificateDer(k.certificate)).subjectPublicKeyInfo;
    // a non-extractable key (e.g. a rebuilt opening key) is matched through the spki its maker verified
    const keySpki = k.privateKey.extractable ? await publicKeyOfPrivateKey(k.privateKey) : k.spki;
    if (keySpki && !bytesEqual(keySpki, certKey)) fail('KEY_CERTIFICATE_MISMATCH', 'the private key does not belong to the certificate given');
    if (recipientsFor(env, k.certificate).length === 0) fail('RECIPIENT_MISSING', 'the package is not encrypted to this certificate');
  }
  try {
    return await unwrapContentKey(env, k.privateKey, k.certificate);
  } catch (e) {
    if (e instanceof CmsError && e.code === 'NO_MATCHING_RECIPIENT') fail('RECIPIENT_MISSING', e.message);
    fail('WRONG_KEY', 'the wrapped content key cannot be unwrapped with this recipient key');
  }
}

/** Unwraps with every key; all must yield the same CEK. */
export async function unwrapAll(env: AuthEnvelope, keys: readonly RecipientKey[]): Promise<Uint8Array> {
  if (keys.length === 0) fail('NO_KEY', 'no key given');
  const ceks: Uint8Array[] = [];
  try {
    for (const k of keys) ceks.push(await unwrapWith(env, k));
    if (ceks.some((c) => !bytesEqual(c, ceks[0]))) fail('CEK_MISMATCH_BETWEEN_RECIPIENTS', 'recipients were given different content keys');
    return ceks[0].slice();
  } finally {
    zeroise(...ceks);
  }
}

async function openUnsafe(pkg: SealedBidPackage, key: OpeningKeys, options: OpenOptions): Promise<OpenResult> {
  const sig = await verifySignedData(pkg.manifestP7s, { detachedContent: pkg.manifestJson, signerCertificate: options.signerCertificate });
  if (!sig.ok) fail('SIGNATURE_INVALID', `manifest.p7s: ${sig.reason}`);
  let manifest: SbpManifest;
  try {
    manifest = decodeManifest(pkg.manifestJson);
  } catch (e) {
    fail('PACKAGE_MALFORMED', (e as Error).message); // signed by the bidder, yet not a valid manifest
  }
  try {
    if (pkg.bidCms.length !== manifest.bidCmsSize || toHex(await sha256(pkg.bidCms)) !== manifest.bidCmsSha256) {
      fail('STORAGE_CORRUPT', 'bid.cms is not the file the bidder signed (hash mismatch)');
    }
    let env: AuthEnvelope;
    try {
      env = decodeAuthEnveloped(pkg.bidCms);
    } catch (e) {
      fail('PACKAGE_MALFORMED', `bid.cms: ${(e as Error).message}`);
    }
    const cek = 'cek' in key ? key.cek.slice() : await unwrapAll(env, key.keys);
    try {
      if (!(await cekMatchesCommitment(cek, manifest.cekCommitment))) fail('BAD_COMMITMENT', 'the unwrapped content key does not match cekCommitment');
      let content: Uint8Array;
      try {
        content = await decryptContent(env, cek);
      } catch {
        fail('DECRYPTION_FAILED', 'content does not decrypt under the committed key (GCM tag mismatch)');
      }
      if (options.validateSigner) {
        const v = await options.validateSigner(sig.signerCertificate);
        if (!v.ok) fail('CERTIFICATE_INVALID', `signer certificate: ${v.code}: ${v.message}`);
      }
      return { ok: true, content, manifest, signerCertificate: sig.signerCertificate };
    } finally {
      zeroise(cek);
    }
  } catch (e) {
    if (e instanceof OpenFailure) return { ok: false, code: e.code, bidderCaused: isBidderCaused(e.code), reason: e.message, manifest };
    throw e;
  }
}

/** Never throws for a bad package: every failure comes back classified. */
export async function openPackage(pkg: SealedBidPackage, key: OpeningKeys, options: OpenOptions = {}): Promise<OpenResult> {
  try {
    return await openUnsafe(pkg, key, options);
  } catch (e) {
    if (e instanceof OpenFailure) return { ok: false, code: e.code, bidderCaused: isBidderCaused(e.code), reason: e.message };
    return { ok: false, code: 'INTERNAL_ERROR', bidderCaused: false, reason: `unexpected error: ${(e as Error).message}` };
  }
}
