/**
 * KeyTransRecipientInfo (RFC 5652 §6.2.1) with RSAES-OAEP-SHA-256, identified by issuerAndSerialNumber:
 *   SEQUENCE { version 0, SEQUENCE { issuer, serialNumber }, keyEncryptionAlgorithm, encryptedKey }
 */
import { derOctetString, derSequence, derSmallInteger } from '../der';
import { certificateDer } from '../pem';
import { certificateFields } from '../x509-fields';
import { oaepSha256Algorithm } from './algorithms';
import { OID } from './oids';
import { importOaepPublicKey, oaepEncrypt } from './rsa-keys';

export async function keyTransRecipientInfo(recipientCertificate: string | Uint8Array, cek: Uint8Array): Promise<Uint8Array> {
  const cert = certificateFields(certificateDer(recipientCertificate));
  if (cert.publicKeyAlgorithm !== OID.rsaEncryption) throw new Error('recipient certificate must hold an RSA key');
  const publicKey = await importOaepPublicKey(cert.subjectPublicKeyInfo);
  const encryptedKey = await oaepEncrypt(publicKey, cek);
  return derSequence(
    derSmallInteger(0),
    derSequence(cert.issuer, cert.serialNumberDer),
    oaepSha256Algorithm(),
    derOctetString(encryptedKey),
  );
}

/** One KeyTransRecipientInfo per certificate, all wrapping the same CEK. */
export function recipientInfos(recipientCertificates: readonly (string | Uint8Array)[], cek: Uint8Array): Promise<Uint8Array[]> {
  if (recipientCertificates.length === 0) throw new Error('at least one recipient is required');
  return Promise.all(recipientCertificates.map((c) => keyTransRecipientInfo(c, cek)));
}
