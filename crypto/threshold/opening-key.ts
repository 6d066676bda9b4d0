/**
 * The per-project opening key: an RSA-2048 key pair made once at publication. The caller has the
 * public key certified (crypto/pki issueCertificate, ENCRYPTION profile); the private key exists
 * only long enough to be split into shares, and again, briefly, when ≥ k shares rebuild it.
 */
import { bytesEqual } from '../bytes';
import { integerBytes, readDer, sequence, smallInteger, octetString, oid, derSequence, derOid, derNull, tlv } from '../der';
import { derToPem } from '../pem';
import { OID } from '../cms/oids';

export interface OpeningKeyPair {
  /** PKCS#8 DER of the private key: zeroise after splitting. */
  pkcs8: Uint8Array;
  /** SubjectPublicKeyInfo DER, to be certified. */
  spki: Uint8Array;
  publicKeyPem: string;
}

export async function generateOpeningKeyPair(): Promise<OpeningKeyPair> {
  const pair = (await globalThis.crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true, ['encrypt', 'decrypt'])) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const spki = new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', pair.publicKey));
  return { pkcs8, spki, publicKeyPem: derToPem(spki, 'PUBLIC KEY') };
}

/**
 * SubjectPublicKeyInfo of an RSA PKCS#8 private key, read with the strict DER reader (no copy of
 * the private fields is made, so zeroising the PKCS#8 buffer leaves nothing behind).
 */
export function rsaPublicKeyInfoOfPkcs8(pkcs8: Uint8Array): Uint8Array {
  const pki = sequence(readDer(pkcs8, { maxBytes: 16 * 1024, maxDepth: 4 }), 'PrivateKeyInfo');
  if (pki.length < 3 || smallInteger(pki[0]) !== 0 || oid(sequence(pki[1])[0]) !== OID.rsaEncryption) throw new Error('not an RSA PKCS#8 key');
  const rsa = sequence(readDer(octetString(pki[2]), { maxBytes: 16 * 1024, maxDepth: 2 }), 'RSAPrivateKey');
  if (rsa.length < 3 || smallInteger(rsa[0]) !== 0) throw new Error('unsupported RSAPrivateKey');
  integerBytes(rsa[1]);
  integerBytes(rsa[2]);
  const rsaPublicKey = derSequence(rsa[1].der, rsa[2].der);
  return derSequence(derSequence(derOid(OID.rsaEncryption), derNull()), tlv(0x03, new Uint8Array([0]), rsaPublicKey));
}

export function publicKeyMatches(pkcs8: Uint8Array, spki: Uint8Array): boolean {
  try {
    return bytesEqual(rsaPublicKeyInfoOfPkcs8(pkcs8), spki);
  } catch {
    return false;
  }
}

