/** Verifying a signature made with a certificate's key (login challenges, e-seal checks). */
import { parseCertificatePem } from './certificate';
import { verifyDer } from './signing';

/**
 * RSASSA-PKCS1-v1_5/SHA-256 for RSA keys, ECDSA/SHA-256 (DER-encoded signature) for EC keys, by
 * node:crypto. Only checks the signature: validate the certificate with validateCertificate.
 * false — never an exception — on any malformed input.
 */
export function verifySignature(certPem: string, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (!(data instanceof Uint8Array) || !(signature instanceof Uint8Array)) return false;
    const { publicKey } = parseCertificatePem(certPem);
    const keyType = publicKey.asymmetricKeyType;
    if (keyType !== 'rsa' && keyType !== 'ec') return false;
    return verifyDer({ oid: '', hash: 'sha256', keyType }, publicKey, data, signature);
  } catch {
    return false;
  }
}
