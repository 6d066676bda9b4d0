/**
 * Assembles a signed X.509 v3 certificate: forge.asn1 builds the TBSCertificate DER,
 * node:crypto signs it, forge.asn1 wraps {tbs, algorithm, BIT STRING signature}.
 */
import crypto from 'node:crypto';
import { PkiError } from './errors';
import { Asn1, build, derOf, fromHex, normalizeSerialHex, toHex } from './der';
import { algorithmForKey, signDer, signatureAlgorithmId } from './signing';

export interface CertificateSpec {
  serialHex?: string;
  issuerNameDer: Uint8Array;
  subjectName: Asn1;
  notBefore: Date;
  notAfter: Date;
  spkiDer: Uint8Array;
  extensions: Asn1[];
  signingKey: crypto.KeyObject;
}

/** Random positive 16-byte serial with the top bits set so its DER INTEGER is exactly 16 bytes. */
export function randomSerialHex(): string {
  const b = crypto.randomBytes(16);
  b[0] = (b[0] & 0x7f) | 0x40;
  return b.toString('hex');
}

export function checkSerialHex(hex: string): string {
  const s = normalizeSerialHex(hex);
  if (/^0+$/.test(s) || fromHex(s).length > 20) {
    throw new PkiError('BAD_REQUEST', 'serialHex must be a positive integer of at most 20 octets (RFC 5280 §4.1.2.2).');
  }
  return s;
}

export function checkValidity(notBefore: Date, notAfter: Date): void {
  for (const d of [notBefore, notAfter]) {
    if (!(d instanceof Date) || Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1950 || d.getUTCFullYear() > 9999) {
      throw new PkiError('VALIDITY_INVALID', 'notBefore and notAfter must be dates between 1950 and 9999.');
    }
  }
  if (notAfter.getTime() <= notBefore.getTime()) throw new PkiError('VALIDITY_INVALID', 'notAfter must be later than notBefore.');
}

export function signCertificate(spec: CertificateSpec): { der: Uint8Array; serialHex: string } {
  checkValidity(spec.notBefore, spec.notAfter);
  const serialHex = spec.serialHex === undefined ? randomSerialHex() : checkSerialHex(spec.serialHex);
  const algorithm = algorithmForKey(spec.signingKey);
  const algId = signatureAlgorithmId(algorithm);
  const tbs = build.seq([
    build.explicit(0, build.int(2)), // v3
    build.intHex(serialHex),
    algId,
    build.raw(spec.issuerNameDer),
    build.seq([build.time(spec.notBefore), build.time(spec.notAfter)]),
    spec.subjectName,
    build.raw(spec.spkiDer),
    build.explicit(3, build.seq(spec.extensions)),
  ]);
  const tbsDer = derOf(tbs);
  const { signature } = signDer(tbsDer, spec.signingKey);
  const der = derOf(build.seq([build.raw(tbsDer), signatureAlgorithmId(algorithm), build.bits(signature)]));
  return { der, serialHex: toHex(fromHex(serialHex)) };
}
