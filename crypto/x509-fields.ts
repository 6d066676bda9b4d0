/**
 * The few X.509 fields CMS needs (issuer, serial number, public key), read with the strict DER
 * reader. Not a validator: chain, validity and key usage are checked by crypto/pki.
 */
import { toHex } from './bytes';
import { DerNode, integerBytes, isContext, oid, readDer, sequence, time } from './der';
import { sha256 } from './hash';

export interface CertificateFields {
  der: Uint8Array;
  /** DER of the issuer Name, exactly as in the certificate. */
  issuer: Uint8Array;
  /** Contents of the serialNumber INTEGER. */
  serialNumber: Uint8Array;
  /** DER of the serialNumber INTEGER (tag and length included). */
  serialNumberDer: Uint8Array;
  subject: Uint8Array;
  subjectPublicKeyInfo: Uint8Array;
  publicKeyAlgorithm: string;
  notBefore: Date;
  notAfter: Date;
}

export function certificateFields(der: Uint8Array): CertificateFields {
  const root = readDer(der, { maxBytes: 64 * 1024 });
  const [tbs] = sequence(root, 'Certificate');
  const f = sequence(tbs, 'TBSCertificate');
  let i = isContext(f[0], 0) ? 1 : 0;
  const serial: DerNode = f[i++];
  i++; // signature AlgorithmIdentifier
  const issuer = f[i++];
  const validity = sequence(f[i++], 'Validity');
  const subject = f[i++];
  const spki = f[i++];
  if (!spki) throw new Error('certificate is missing fields');
  sequence(issuer, 'issuer Name');
  sequence(subject, 'subject Name');
  const [alg] = sequence(spki, 'SubjectPublicKeyInfo');
  return {
    der,
    issuer: issuer.der,
    serialNumber: integerBytes(serial, 'serialNumber'),
    serialNumberDer: serial.der,
    subject: subject.der,
    subjectPublicKeyInfo: spki.der,
    publicKeyAlgorithm: oid(sequence(alg)[0]),
    notBefore: time(validity[0]),
    notAfter: time(validity[1]),
  };
}

/** SHA-256 of the certificate DER, lowercase hex (the fingerprint used in manifests). */
export async function certificateFingerprint(der: Uint8Array): Promise<string> {
  return toHex(await sha256(der));
}
