/**
 * Reading a PKCS#10 request and checking its self-signature with node:crypto (proof that the
 * requester holds the private key). Requested attributes/extensions are ignored: the CA decides.
 */
import crypto from 'node:crypto';
import { PkiError } from './errors';
import { Asn1, MAX_CERT_BYTES, bitStringBytes, children, decodePem, derOf, parseDer, readSmallInteger } from './der';
import { loadPublicKey, readSignatureAlgorithm, verifyDer } from './signing';

export interface VerifiedCsr { subjectDer: Uint8Array; spkiDer: Uint8Array; publicKey: crypto.KeyObject }

export function readCsr(pem: string): VerifiedCsr {
  try {
    const der = decodePem(pem, ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'], MAX_CERT_BYTES);
    const [info, alg, bits] = children(parseDer(der, 'CSR'), 'CertificationRequest', undefined, 3, 3);
    const fields = children(info, 'CertificationRequestInfo', undefined, 4, 4);
    if (readSmallInteger(fields[0], 'version') !== 0) throw new PkiError('CSR_INVALID', 'Unsupported CSR version.');
    const subject: Asn1 = fields[1];
    children(subject, 'subject');
    const spkiDer = derOf(fields[2]);
    const algorithm = readSignatureAlgorithm(alg, 'CSR signatureAlgorithm');
    const { unused, bytes: signature } = bitStringBytes(bits, 'CSR signature');
    const publicKey = loadPublicKey(spkiDer);
    if (unused !== 0 || !verifyDer(algorithm, publicKey, derOf(info), signature)) {
      throw new PkiError('CSR_INVALID', 'The CSR signature does not verify with its own public key.');
    }
    return { subjectDer: derOf(subject), spkiDer, publicKey };
  } catch (e) {
    if (e instanceof PkiError && e.code === 'CSR_INVALID') throw e;
    throw new PkiError('CSR_INVALID', `Not a valid certificate request: ${(e as Error).message}`);
  }
}
