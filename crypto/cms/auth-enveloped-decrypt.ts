/**
 * Opening an AuthEnvelope: unwrap the CEK with a recipient's RSA key (WebCrypto RSA-OAEP-SHA-256),
 * then AES-256-GCM decryption (node:crypto on Node, WebCrypto in browsers), which returns plaintext
 * only after the tag verifies.
 */
import { bufferSource, bytesEqual, concatBytes } from '../bytes';
import { inSlices, native } from '../native';
import { certificateDer } from '../pem';
import { certificateFields } from '../x509-fields';
import { GCM_TAG_BYTES } from './algorithms';
import { AuthEnvelope, KeyTransRecipient } from './auth-enveloped-decode';
import { CEK_BYTES } from './auth-enveloped-encrypt';
import { CmsError } from './errors';
import { oaepDecrypt } from './rsa-keys';

/** Recipients addressed to the given certificate (by issuer and serial number). */
export function recipientsFor(env: AuthEnvelope, certificate: string | Uint8Array): KeyTransRecipient[] {
  const cert = certificateFields(certificateDer(certificate));
  return env.recipients.filter((r) => bytesEqual(r.issuer, cert.issuer) && bytesEqual(r.serialNumber, cert.serialNumber));
}

/**
 * Unwraps the CEK. With a certificate, only that certificate's recipient entry is tried; without,
 * every entry is tried with the key. Throws CmsError NO_MATCHING_RECIPIENT or KEY_UNWRAP_FAILED.
 */
export async function unwrapContentKey(env: AuthEnvelope, privateKey: CryptoKey, certificate?: string | Uint8Array): Promise<Uint8Array> {
  const candidates = certificate ? recipientsFor(env, certificate) : env.recipients;
  if (candidates.length === 0) throw new CmsError('NO_MATCHING_RECIPIENT', 'the package has no recipient entry for this certificate');
  for (const r of candidates) {
    try {
      const cek = await oaepDecrypt(privateKey, r.encryptedKey);
      if (cek.length === CEK_BYTES) return cek;
      cek.fill(0);
    } catch {
      // wrong key for this entry: try the next
    }
  }
  throw new CmsError('KEY_UNWRAP_FAILED', 'no recipient entry could be unwrapped with this key');
}

/** AES-256-GCM decryption; throws CmsError AUTHENTICATION_FAILED, releasing nothing, if the tag is wrong. */
export async function decryptContent(env: AuthEnvelope, cek: Uint8Array): Promise<Uint8Array> {
  if (cek.length !== CEK_BYTES) throw new CmsError('KEY_UNWRAP_FAILED', 'CEK must be 32 bytes');
  return native ? decryptNatively(env, cek) : decryptWithWebCrypto(env, cek);
}

/** The browsers' path (exported so that Node tests keep it honest). */
export async function decryptWithWebCrypto(env: AuthEnvelope, cek: Uint8Array): Promise<Uint8Array> {
  const key = await globalThis.crypto.subtle.importKey('raw', bufferSource(cek), 'AES-GCM', false, ['decrypt']);
  try {
    return new Uint8Array(await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bufferSource(env.nonce), tagLength: GCM_TAG_BYTES * 8 },
      key, bufferSource(concatBytes(env.ciphertext, env.mac))));
  } catch {
    throw authenticationFailed();
  }
}

/**
 * On Node: node:crypto in slices on the main thread, yielding between slices. WebCrypto would copy
 * the ciphertext twice (to append the tag, then in its job) and is several times slower for a large
 * bid; the plaintext is still released only after the tag verifies, and wiped if it does not.
 */
async function decryptNatively(env: AuthEnvelope, cek: Uint8Array): Promise<Uint8Array> {
  const decipher = native!.createDecipheriv('aes-256-gcm', cek, env.nonce, { authTagLength: GCM_TAG_BYTES });
  decipher.setAuthTag(env.mac);
  const content = new Uint8Array(env.ciphertext.length);
  let at = 0;
  try {
    await inSlices([env.ciphertext], (slice) => {
      const part = decipher.update(slice);
      content.set(part, at);
      at += part.length;
    });
    const last = decipher.final();
    content.set(last, at);
    at += last.length;
  } catch {
    content.fill(0);
    throw authenticationFailed();
  }
  return at === content.length ? content : content.subarray(0, at);
}

const authenticationFailed = () => new CmsError('AUTHENTICATION_FAILED', 'AES-GCM authentication failed (wrong key or altered ciphertext)');
