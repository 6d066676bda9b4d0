/** One-shot AuthEnvelopedData encryption with WebCrypto (browser and Node). */
import { bufferSource, concatBytes, randomBytes } from '../bytes';
import { GCM_NONCE_BYTES, GCM_TAG_BYTES } from './algorithms';
import { authEnvelopedFrame } from './auth-enveloped-layout';
import { recipientInfos } from './recipient-info';

export const CEK_BYTES = 32;

export interface EnvelopeOptions {
  /** Content-encryption key; a fresh random one if omitted. Callers that pass one own its zeroisation. */
  cek?: Uint8Array;
  nonce?: Uint8Array;
}

export async function aesGcmEncrypt(cek: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Promise<{ ciphertext: Uint8Array; mac: Uint8Array }> {
  const key = await globalThis.crypto.subtle.importKey('raw', bufferSource(cek), 'AES-GCM', false, ['encrypt']);
  const out = new Uint8Array(await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: bufferSource(nonce), tagLength: GCM_TAG_BYTES * 8 }, key, bufferSource(plaintext)));
  return { ciphertext: out.subarray(0, out.length - GCM_TAG_BYTES), mac: out.subarray(out.length - GCM_TAG_BYTES) };
}

/** Encrypts `content` for every recipient certificate; returns the DER and the CEK used. */
export async function encryptAuthEnveloped(
  content: Uint8Array, recipientCertificates: readonly (string | Uint8Array)[], options: EnvelopeOptions = {},
): Promise<{ der: Uint8Array; cek: Uint8Array }> {
  const cek = options.cek ?? randomBytes(CEK_BYTES);
  if (cek.length !== CEK_BYTES) throw new RangeError('CEK must be 32 bytes (AES-256)');
  const nonce = options.nonce ?? randomBytes(GCM_NONCE_BYTES);
  const ris = await recipientInfos(recipientCertificates, cek);
  const { ciphertext, mac } = await aesGcmEncrypt(cek, nonce, content);
  const frame = authEnvelopedFrame(ris, nonce, ciphertext.length);
  return { der: concatBytes(frame.prefix, ciphertext, frame.suffixFor(mac)), cek };
}
