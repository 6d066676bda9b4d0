/**
 * X.509 v2 CRLs (RFC 5280 §5): built with forge.asn1 and signed by node:crypto; read strictly and
 * verified against the issuer certificate with node:crypto.
 */
import forge from 'node-forge';
import { PkiError } from './errors';
import {
  Asn1, bitStringBytes, build, children, decodePem, derOf, encodePem, parseDer, readSmallInteger, readTime, serialHexOf,
} from './der';
import { bytesEqual } from '../bytes';
import { authorityKeyIdExt, crlNumberExt, readExtensionList, reasonCodeExt } from './extensions';
import { CertificateAuthority, loadAuthority } from './authority';
import { ParsedCertificate, parseCertificatePem } from './certificate';
import { checkSerialHex, checkValidity } from './certificate-builder';
import { OID } from './oids';
import { SignatureAlgorithm, algorithmForKey, readSignatureAlgorithm, signDer, signatureAlgorithmId, verifyDer } from './signing';

const T = forge.asn1.Type;
const CONTEXT = forge.asn1.Class.CONTEXT_SPECIFIC;
const MAX_CRL_BYTES = 8 * 1024 * 1024;

export type RevocationReason = 'keyCompromise' | 'affiliationChanged' | 'superseded' | 'cessationOfOperation' | 'unspecified';
const REASON_CODES: Record<RevocationReason, number> = {
  unspecified: 0, keyCompromise: 1, affiliationChanged: 3, superseded: 4, cessationOfOperation: 5,
};

export function buildCrl(opts: {
  ca: CertificateAuthority;
  revoked: { serialHex: string; revokedAt: Date; reason?: RevocationReason }[];
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: number;
}): string {
  const authority = loadAuthority(opts.ca);
  if (!(authority.cert.extensions.keyUsage ?? []).includes('cRLSign')) throw new PkiError('CA_INVALID', 'The CA certificate lacks cRLSign.');
  checkValidity(opts.thisUpdate, opts.nextUpdate);
  if (!Number.isInteger(opts.crlNumber) || opts.crlNumber < 0 || !Number.isSafeInteger(opts.crlNumber)) {
    throw new PkiError('BAD_REQUEST', 'crlNumber must be a non-negative safe integer.');
  }
  const seen = new Set<string>();
  const entries = opts.revoked.map((r) => {
    const serial = checkSerialHex(r.serialHex);
    if (seen.has(serial)) throw new PkiError('BAD_REQUEST', `Serial ${serial} is listed twice.`);
    seen.add(serial);
    if (r.reason !== undefined && !(r.reason in REASON_CODES)) throw new PkiError('BAD_REQUEST', `Unknown reason ${r.reason}.`);
    // RFC 5280 §5.3.1: the reason code "unspecified" SHOULD be absent.
    const reason = r.reason && r.reason !== 'unspecified' ? build.seq([reasonCodeExt(REASON_CODES[r.reason])]) : undefined;
    return build.seq([build.intHex(serial), build.time(r.revokedAt), reason]);
  });
  const algorithm = algorithmForKey(authority.key);
  const tbs = build.seq([
    build.int(1), // v2
    signatureAlgorithmId(algorithm),
    build.raw(authority.cert.subjectDer),
    build.time(opts.thisUpdate),
    build.time(opts.nextUpdate),
    entries.length ? build.seq(entries) : undefined,
    build.explicit(0, build.seq([authorityKeyIdExt(authority.keyId), crlNumberExt(opts.crlNumber)])),
  ]);
  const tbsDer = derOf(tbs);
  const { signature } = signDer(tbsDer, authority.key);
  return encodePem('X509 CRL', derOf(build.seq([tbs, signatureAlgorithmId(algorithm), build.bits(signature)])));
}


export interface CrlContents {
  issuerDer: Uint8Array;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** canonical serial hex → revocation date */
  entries: Map<string, Date>;
  tbsDer: Uint8Array;
  algorithm: SignatureAlgorithm;
  signature: Uint8Array;
}

const UNDERSTOOD_CRL_EXTENSIONS = new Set<string>([OID.cRLNumber, OID.authorityKeyIdentifier]);
const UNDERSTOOD_ENTRY_EXTENSIONS = new Set<string>([OID.reasonCode, '2.5.29.24' /* invalidityDate */]);

/** Strict structural read; no signature check (see verifyCrl). */
export function readCrl(pem: string): CrlContents {
  const der = decodePem(pem, ['X509 CRL'], MAX_CRL_BYTES);
  const [tbs, outerAlg, bits] = children(parseDer(der, 'CRL'), 'CertificateList', T.SEQUENCE, 3, 3);
  const f = children(tbs, 'TBSCertList', T.SEQUENCE, 4, 7);
  let i = 0;
  if (f[0].type === T.INTEGER && f[0].tagClass === forge.asn1.Class.UNIVERSAL) {
    if (readSmallInteger(f[i++], 'CRL version') !== 1) throw new PkiError('MALFORMED', 'Unsupported CRL version.');
  }
  const innerAlg = f[i++];
  const algorithm = readSignatureAlgorithm(outerAlg, 'CRL signatureAlgorithm');
  if (!bytesEqual(derOf(innerAlg), derOf(outerAlg))) throw new PkiError('MALFORMED', 'CRL signature algorithms differ.');
  const issuerDer = derOf(f[i]);
  children(f[i++], 'CRL issuer');
  const thisUpdate = readTime(f[i++], 'thisUpdate');
  let nextUpdate: Date | undefined;
  if (f[i] && (f[i].type === T.UTCTIME || f[i].type === T.GENERALIZEDTIME) && f[i].tagClass === forge.asn1.Class.UNIVERSAL) {
    nextUpdate = readTime(f[i++], 'nextUpdate');
  }
  const entries = new Map<string, Date>();
  if (f[i] && f[i].type === T.SEQUENCE && f[i].tagClass === forge.asn1.Class.UNIVERSAL) {
    for (const entry of children(f[i++], 'revokedCertificates', T.SEQUENCE, 1)) {
      const parts = children(entry, 'revoked entry', T.SEQUENCE, 2, 3);
      const serial = serialHexOf(parts[0], 'revoked serial');
      if (parts[2]) rejectUnknownCritical(readExtensionList(parts[2], 'entry extensions'), UNDERSTOOD_ENTRY_EXTENSIONS);
      entries.set(serial, readTime(parts[1], 'revocationDate'));
    }
  }
  if (f[i] && f[i].tagClass === CONTEXT && f[i].type === 0) {
    rejectUnknownCritical(readExtensionList((f[i++].value as Asn1[])[0], 'crlExtensions'), UNDERSTOOD_CRL_EXTENSIONS);
  }
  if (i !== f.length) throw new PkiError('MALFORMED', 'Unexpected fields in TBSCertList.');
  const { unused, bytes: signature } = bitStringBytes(bits, 'CRL signature');
  if (unused !== 0) throw new PkiError('MALFORMED', 'CRL signature has unused bits.');
  return { issuerDer, thisUpdate, nextUpdate, entries, tbsDer: derOf(tbs), algorithm, signature };
}

function rejectUnknownCritical(list: { oid: string; critical: boolean }[], understood: Set<string>): void {
  const bad = list.find((e) => e.critical && !understood.has(e.oid));
  if (bad) throw new PkiError('MALFORMED', `Unsupported critical CRL extension ${bad.oid} (delta and indirect CRLs are not supported).`);
}

/** The issuer's name must match and its key must verify the CRL; it must be allowed to sign CRLs. */
export function verifyCrl(crl: CrlContents, issuer: ParsedCertificate): void {
  if (!bytesEqual(crl.issuerDer, issuer.subjectDer)) throw new PkiError('CRL_INVALID', 'The CRL was not issued by this certificate.');
  const ku = issuer.extensions.keyUsage;
  if (ku && !ku.includes('cRLSign')) throw new PkiError('CRL_INVALID', 'The CRL issuer certificate lacks cRLSign.');
  if (!verifyDer(crl.algorithm, issuer.publicKey, crl.tbsDer, crl.signature)) {
    throw new PkiError('CRL_INVALID', 'The CRL signature does not verify with the issuer’s key.');
  }
}

/** Reads and verifies a CRL; throws PkiError MALFORMED (unreadable) or CRL_INVALID (not from this issuer). */
export function parseCrl(pem: string, issuerCertPem: string): { revokedSerials: Set<string>; thisUpdate: Date; nextUpdate: Date } {
  const crl = readCrl(pem);
  verifyCrl(crl, parseCertificatePem(issuerCertPem));
  if (!crl.nextUpdate) throw new PkiError('MALFORMED', 'The CRL has no nextUpdate (required by RFC 5280 §5.1.2.5).');
  return { revokedSerials: new Set(crl.entries.keys()), thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate };
}
