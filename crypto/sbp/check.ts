/**
 * Submission-time check of a Sealed Bid Package, without decrypting (DESIGN §4 "Checks at submission"):
 * strict CMS parse with the algorithm allow-list, hashes and size of bid.cms against the signed
 * manifest, manifest schema and canonical form, manifest signature (and, through a callback, the
 * signer's certificate path), recipients against the allowed/required certificates, and the ids in
 * the signed manifest against the request. Collects every violation it can find.
 */
import { bytesEqual, toHex } from '../bytes';
import { AuthEnvelope, CmsError, decodeAuthEnveloped, verifySignedData } from '../cms';
import { DEFAULT_MAX_ENVELOPE_BYTES } from '../cms/auth-enveloped-decode';
import { sha256 } from '../hash';
import { certificateDer } from '../pem';
import { certificateFields, certificateFingerprint } from '../x509-fields';
import { ManifestError, SbpManifest, decodeManifest } from './manifest';
import { SealedBidPackage } from './package';
import { Violation, ViolationCode } from './violations';

export interface CheckExpectations {
  projectId?: string;
  lotId?: string;
  bidderId?: string;
  rev?: number;
  prevManifestSha256?: string | null;
  /** When given, every recipient in bid.cms must be one of these certificates. */
  allowedRecipients?: readonly (string | Uint8Array)[];
  /** Recipients that must be present, e.g. the project's opening certificate. */
  requiredRecipients?: readonly (string | Uint8Array)[];
  /** When given, the manifest must be signed by this certificate. */
  signerCertificate?: string | Uint8Array;
}

export type SignerValidation = { ok: true } | { ok: false; code: string; message: string };

export interface CheckOptions {
  /** Certificate path check for the signer (chain, keyUsage, validity, revocation), e.g. crypto/pki. */
  validateSigner?: (signerCertificateDer: Uint8Array) => Promise<SignerValidation> | SignerValidation;
  maxBidCmsBytes?: number;
}

export interface PackageFacts {
  manifest: SbpManifest;
  manifestSha256: string;
  signerCertificate: Uint8Array;
  signerFingerprint: string;
  signingTime?: Date;
  recipientCount: number;
}

export type CheckResult =
  | { ok: true; violations: []; facts: PackageFacts }
  | { ok: false; violations: Violation[] };

const CMS_CODE: Record<string, ViolationCode> = { ALGORITHM_NOT_ALLOWED: 'ALGORITHM_NOT_ALLOWED', TOO_LARGE: 'TOO_LARGE' };

async function checkRecipients(env: AuthEnvelope, manifest: SbpManifest | undefined, expected: CheckExpectations, add: (c: ViolationCode, m: string) => void): Promise<void> {
  const describe = async (c: string | Uint8Array) => {
    const der = certificateDer(c);
    const f = certificateFields(der);
    return { issuer: f.issuer, serial: f.serialNumber, fingerprint: await certificateFingerprint(der) };
  };
  const allowed = expected.allowedRecipients ? await Promise.all(expected.allowedRecipients.map(describe)) : undefined;
  const required = await Promise.all((expected.requiredRecipients ?? []).map(describe));
  const known = [...(allowed ?? []), ...required];
  const resolved: string[] = [];
  for (const r of env.recipients) {
    const cert = known.find((k) => bytesEqual(k.issuer, r.issuer) && bytesEqual(k.serial, r.serialNumber));
    if (allowed && !allowed.some((a) => bytesEqual(a.issuer, r.issuer) && bytesEqual(a.serial, r.serialNumber))) {
      add('RECIPIENT_NOT_ALLOWED', `bid.cms is encrypted to a certificate (serial ${toHex(r.serialNumber)}) that is not allowed`);
    }
    if (cert) resolved.push(cert.fingerprint);
  }
  for (const q of required) {
    if (!env.recipients.some((r) => bytesEqual(q.issuer, r.issuer) && bytesEqual(q.serial, r.serialNumber))) {
      add('RECIPIENT_MISSING', `bid.cms has no recipient entry for required certificate ${q.fingerprint}`);
    }
  }
  if (!manifest) return;
  if (manifest.recipients.length !== env.recipients.length) {
    add('RECIPIENTS_MISMATCH', `manifest lists ${manifest.recipients.length} recipients, bid.cms has ${env.recipients.length}`);
  }
  for (const fp of resolved) {
    if (!manifest.recipients.includes(fp)) add('RECIPIENTS_MISMATCH', `recipient ${fp} is in bid.cms but not in the manifest`);
  }
  for (const q of required) {
    if (!manifest.recipients.includes(q.fingerprint)) add('RECIPIENT_MISSING', `manifest does not list required recipient ${q.fingerprint}`);
  }
}

export async function checkPackage(pkg: SealedBidPackage, expected: CheckExpectations = {}, options: CheckOptions = {}): Promise<CheckResult> {
  const violations: Violation[] = [];
  const add = (code: ViolationCode, message: string): void => { violations.push({ code, message }); };

  // 1. the signed manifest
  const sig = await verifySignedData(pkg.manifestP7s, { detachedContent: pkg.manifestJson, signerCertificate: expected.signerCertificate });
  if (!sig.ok) add(sig.code === 'SIGNER_NOT_FOUND' && expected.signerCertificate ? 'SIGNER_MISMATCH' : 'SIGNATURE_INVALID', `manifest.p7s: ${sig.reason}`);
  if (sig.ok && options.validateSigner) {
    let v: SignerValidation;
    try {
      v = await options.validateSigner(sig.signerCertificate);
    } catch (e) {
      v = { ok: false, code: 'VALIDATION_ERROR', message: (e as Error).message };
    }
    if (!v.ok) violations.push({ code: 'CERTIFICATE_INVALID', message: `signer certificate: ${v.message}`, detail: v.code });
  }
  let manifest: SbpManifest | undefined;
  try {
    manifest = decodeManifest(pkg.manifestJson);
  } catch (e) {
    add('PACKAGE_MALFORMED', e instanceof ManifestError ? e.message : `manifest.json: ${(e as Error).message}`);
  }

  // 2. bid.cms against the manifest, then its structure (nothing over the size cap is hashed:
  // decodeAuthEnveloped below reports it as TOO_LARGE)
  const withinCap = pkg.bidCms.length <= (options.maxBidCmsBytes ?? DEFAULT_MAX_ENVELOPE_BYTES);
  if (manifest) {
    if (pkg.bidCms.length !== manifest.bidCmsSize) add('SIZE_MISMATCH', `bid.cms is ${pkg.bidCms.length} bytes, manifest says ${manifest.bidCmsSize}`);
    if (withinCap && toHex(await sha256(pkg.bidCms)) !== manifest.bidCmsSha256) add('HASH_MISMATCH', 'SHA-256 of bid.cms differs from bidCmsSha256 in the manifest');
  }
  let env: AuthEnvelope | undefined;
  try {
    env = decodeAuthEnveloped(pkg.bidCms, options.maxBidCmsBytes);
  } catch (e) {
    if (!(e instanceof CmsError)) throw e;
    add(CMS_CODE[e.code] ?? 'PACKAGE_MALFORMED', `bid.cms: ${e.message}`);
  }
  if (env) await checkRecipients(env, manifest, expected, add);

  // 3. the request
  if (manifest) {
    if (expected.projectId !== undefined && manifest.projectId !== expected.projectId) add('WRONG_PROJECT', `package is for project ${manifest.projectId}`);
    if (expected.lotId !== undefined && manifest.lotId !== expected.lotId) add('WRONG_LOT', `package is for lot ${manifest.lotId}`);
    if (expected.bidderId !== undefined && manifest.bidderId !== expected.bidderId) add('WRONG_BIDDER', `package is for bidder ${manifest.bidderId}`);
    if (expected.rev !== undefined && manifest.rev !== expected.rev) add('WRONG_REVISION', `package is revision ${manifest.rev}, ${expected.rev} expected`);
    if (expected.prevManifestSha256 !== undefined && manifest.prevManifestSha256 !== expected.prevManifestSha256) add('WRONG_REVISION', 'prevManifestSha256 does not name the package it replaces');
  }

  if (violations.length > 0 || !manifest || !sig.ok || !env) return { ok: false, violations };
  return {
    ok: true,
    violations: [],
    facts: {
      manifest,
      manifestSha256: toHex(await sha256(pkg.manifestJson)),
      signerCertificate: sig.signerCertificate,
      signerFingerprint: await certificateFingerprint(sig.signerCertificate),
      signingTime: sig.signingTime,
      recipientCount: env.recipients.length,
    },
  };
}
