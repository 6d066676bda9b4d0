/**
 * Certificate path validation (DESIGN §9.5): leaf → intermediates → one trust anchor, every
 * signature checked by node:crypto (X509Certificate.verify). Never throws: every failure is a
 * ValidationResult with a code and one human sentence.
 */
import { PkiError } from './errors';
import { CertificateFacts, ParsedCertificate, factsOf, isSignedBy, parseCertificatePem } from './certificate';
import { CertificateProfile } from './authority';
import { CrlContents, readCrl, verifyCrl } from './crl';
import { bytesEqual } from '../bytes';
import { UNDERSTOOD_EXTENSIONS } from './extensions';
import { nameToString } from './names';

export type ValidationCode =
  | 'MALFORMED' | 'UNTRUSTED' | 'BAD_SIGNATURE' | 'NOT_A_CA' | 'PATH_LEN_EXCEEDED'
  | 'EXPIRED' | 'NOT_YET_VALID' | 'REVOKED' | 'WRONG_USAGE';

export type ValidationResult =
  | { ok: true; chainPems: string[]; leaf: CertificateFacts }
  | { ok: false; code: ValidationCode; message: string };

export interface ValidationOptions {
  trustAnchors: string[];
  intermediates?: string[];
  at: Date;
  usage: CertificateProfile | 'ANY';
  isRevoked?: (f: { serialHex: string; issuerFingerprintSha256: string }) => boolean;
  crls?: string[];
}

const MAX_CHAIN_LENGTH = 8;
/** More intermediates than any real chain needs is refused before any path search. */
const MAX_INTERMEDIATES = 10;
/** Bound on signature verifications per path search (the search is exponential in the worst case). */
const MAX_SIGNATURE_CHECKS = 64;
/** Bound on partial paths tried, so memoised checks cannot make the search itself exponential. */
const MAX_PATH_STEPS = 1024;

class Refusal extends Error {
  constructor(readonly code: ValidationCode, message: string) { super(message); }
}

export function validateCertificate(leafPem: string, opts: ValidationOptions): ValidationResult {
  try {
    return validate(leafPem, opts);
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, code: e.code, message: e.message };
    return { ok: false, code: 'MALFORMED', message: `The certificate could not be validated: ${(e as Error)?.message ?? String(e)}` };
  }
}

function parse(pem: string, what: string): ParsedCertificate {
  try {
    return parseCertificatePem(pem);
  } catch (e) {
    const detail = e instanceof PkiError ? e.message : String(e);
    throw new Refusal('MALFORMED', `The ${what} is not a well-formed X.509 certificate (${detail}).`);
  }
}

const label = (c: ParsedCertificate): string => `“${nameToString(c.subject)}”`;

function validate(leafPem: string, opts: ValidationOptions): ValidationResult {
  const at = opts.at;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new Refusal('MALFORMED', 'The validation time is not a valid date.');
  if (!['SIGNING', 'ENCRYPTION', 'ANY'].includes(opts.usage)) throw new Refusal('MALFORMED', `Unknown usage ${String(opts.usage)}.`);
  const leaf = parse(leafPem, 'certificate');
  const anchors = (opts.trustAnchors ?? []).map((p, i) => parse(p, `trust anchor #${i + 1}`));
  if ((opts.intermediates ?? []).length > MAX_INTERMEDIATES) {
    throw new Refusal('MALFORMED', `At most ${MAX_INTERMEDIATES} intermediate certificates are accepted.`);
  }
  const intermediates = (opts.intermediates ?? []).map((p, i) => parse(p, `intermediate certificate #${i + 1}`));
  const crls = (opts.crls ?? []).map((p, i) => {
    try {
      return readCrl(p);
    } catch (e) {
      throw new Refusal('MALFORMED', `CRL #${i + 1} is not a well-formed X.509 CRL (${(e as Error).message}).`);
    }
  });

  const path = buildPath(leaf, anchors, intermediates);
  checkStructure(path);
  checkValidity(path, at);
  checkUsage(leaf, opts.usage);
  checkRevocation(path, at, opts.isRevoked, crls);
  return { ok: true, chainPems: path.map((c) => c.pem), leaf: factsOf(leaf) };
}

/** Depth-first search for leaf → … → anchor where each link matches by name (and key id) and signature. */
function buildPath(leaf: ParsedCertificate, anchors: ParsedCertificate[], intermediates: ParsedCertificate[]): ParsedCertificate[] {
  const anchorPrints = new Set(anchors.map((a) => a.fingerprintSha256));
  if (anchorPrints.has(leaf.fingerprintSha256)) return [leaf];
  const candidates = [...anchors, ...intermediates];
  let badSignature: string | undefined;
  // isSignedBy per (child, issuer) pair is computed once; the total number of checks is capped.
  const signedBy = new Map<string, boolean>();
  let signatureChecks = 0;
  let steps = 0;
  const giveUp = (): never => {
    throw new Refusal('UNTRUSTED', `No chain from ${label(leaf)} to a trusted certificate authority could be built within the search limits.`);
  };
  const verifies = (child: ParsedCertificate, issuer: ParsedCertificate): boolean => {
    const key = `${child.fingerprintSha256}:${issuer.fingerprintSha256}`;
    let ok = signedBy.get(key);
    if (ok === undefined) {
      if (++signatureChecks > MAX_SIGNATURE_CHECKS) giveUp();
      ok = isSignedBy(child, issuer);
      signedBy.set(key, ok);
    }
    return ok;
  };
  const extend = (path: ParsedCertificate[]): ParsedCertificate[] | null => {
    const child = path[path.length - 1];
    if (path.length >= MAX_CHAIN_LENGTH) return null;
    if (++steps > MAX_PATH_STEPS) giveUp();
    for (const issuer of candidates) {
      if (!bytesEqual(issuer.subjectDer, child.issuerDer)) continue;
      if (path.some((c) => c.fingerprintSha256 === issuer.fingerprintSha256)) continue;
      const aki = child.extensions.authorityKeyId;
      const ski = issuer.extensions.subjectKeyId;
      if (aki && ski && aki !== ski) continue;
      if (!verifies(child, issuer)) {
        badSignature ??= child.signatureAlgorithm
          ? `The signature on ${label(child)} does not verify with the key of ${label(issuer)}.`
          : `${label(child)} is signed with an algorithm that is not accepted (only SHA-256/384/512 with RSA or ECDSA).`;
        continue;
      }
      const next = [...path, issuer];
      if (anchorPrints.has(issuer.fingerprintSha256)) return next;
      const found = extend(next);
      if (found) return found;
    }
    return null;
  };
  const path = extend([leaf]);
  if (path) return path;
  if (badSignature) throw new Refusal('BAD_SIGNATURE', badSignature);
  throw new Refusal('UNTRUSTED', `No chain from ${label(leaf)} to a trusted certificate authority could be built.`);
}

function checkStructure(path: ParsedCertificate[]): void {
  for (let i = 1; i < path.length; i++) {
    const ca = path[i];
    if (!ca.extensions.isCa || !(ca.extensions.keyUsage ?? []).includes('keyCertSign')) {
      throw new Refusal('NOT_A_CA', `${label(ca)} is not a CA certificate (basicConstraints cA and keyUsage keyCertSign) but issued ${label(path[i - 1])}.`);
    }
    const below = i - 1; // intermediate CA certificates between this CA and the leaf
    if (ca.extensions.pathLen !== undefined && below > ca.extensions.pathLen) {
      throw new Refusal('PATH_LEN_EXCEEDED', `${label(ca)} allows ${ca.extensions.pathLen} intermediate CA(s) below it, but the chain has ${below}.`);
    }
  }
  for (const cert of path) {
    const unknown = cert.extensions.list.find((e) => e.critical && !UNDERSTOOD_EXTENSIONS.has(e.oid));
    if (unknown) throw new Refusal('MALFORMED', `${label(cert)} has a critical extension this platform does not understand (${unknown.oid}).`);
  }
}

function checkValidity(path: ParsedCertificate[], at: Date): void {
  for (const cert of path) {
    if (at.getTime() < cert.notBefore.getTime()) {
      throw new Refusal('NOT_YET_VALID', `${label(cert)} is not valid before ${cert.notBefore.toISOString()}.`);
    }
    if (at.getTime() > cert.notAfter.getTime()) {
      throw new Refusal('EXPIRED', `${label(cert)} expired at ${cert.notAfter.toISOString()}.`);
    }
  }
}

function checkUsage(leaf: ParsedCertificate, usage: CertificateProfile | 'ANY'): void {
  if (usage === 'ANY') return;
  const ku = leaf.extensions.keyUsage ?? [];
  const ok = usage === 'SIGNING'
    ? ku.includes('digitalSignature') || ku.includes('nonRepudiation')
    : ku.includes('keyEncipherment');
  if (!ok) {
    const needed = usage === 'SIGNING' ? 'digitalSignature or nonRepudiation' : 'keyEncipherment';
    throw new Refusal('WRONG_USAGE', `${label(leaf)} may not be used for ${usage.toLowerCase()}: its keyUsage lacks ${needed}.`);
  }
}

function checkRevocation(
  path: ParsedCertificate[], at: Date, isRevoked: ValidationOptions['isRevoked'], crls: CrlContents[],
): void {
  for (let i = 0; i < path.length - 1; i++) {
    const cert = path[i];
    const issuer = path[i + 1];
    if (isRevoked) {
      let revoked: boolean;
      try {
        revoked = isRevoked({ serialHex: cert.serialHex, issuerFingerprintSha256: issuer.fingerprintSha256 }) === true;
      } catch (e) {
        throw new Refusal('REVOKED', `The revocation status of ${label(cert)} could not be determined (${(e as Error)?.message}).`);
      }
      if (revoked) throw new Refusal('REVOKED', `${label(cert)} has been revoked.`);
    }
    for (const crl of crls) {
      if (!bytesEqual(crl.issuerDer, issuer.subjectDer)) continue;
      try {
        verifyCrl(crl, issuer);
      } catch (e) {
        throw new Refusal('BAD_SIGNATURE', `A CRL naming ${label(issuer)} as issuer does not verify (${(e as Error).message}).`);
      }
      // RFC 5280 §6.3.3: past its nextUpdate a CRL no longer tells the status at `at` (fail closed)
      if (crl.nextUpdate && crl.nextUpdate.getTime() < at.getTime()) {
        throw new Refusal('REVOKED', `The revocation status of ${label(cert)} cannot be determined: the CRL of ${label(issuer)} expired on ${crl.nextUpdate.toISOString()}.`);
      }
      const revokedAt = crl.entries.get(cert.serialHex);
      if (revokedAt && revokedAt.getTime() <= at.getTime()) {
        throw new Refusal('REVOKED', `${label(cert)} was revoked on ${revokedAt.toISOString()} (CRL of ${label(issuer)}).`);
      }
    }
  }
}
