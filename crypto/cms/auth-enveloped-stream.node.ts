/**
 * Node-only streaming AuthEnvelopedData encoder: definite-length DER headers are computed from the
 * declared content length, then ciphertext chunks are produced as plaintext chunks arrive, so memory
 * stays flat whatever the content size. Byte-identical to the one-shot encoder for the same CEK/nonce.
 */
import { createCipheriv } from 'node:crypto';
import { randomBytes } from '../bytes';
import { GCM_NONCE_BYTES, GCM_TAG_BYTES } from './algorithms';
import { CEK_BYTES, EnvelopeOptions } from './auth-enveloped-encrypt';
import { authEnvelopedFrame } from './auth-enveloped-layout';
import { recipientInfos } from './recipient-info';

export interface StreamingEnvelope {
  /** The CEK (needed for the commitment); the caller zeroises it. */
  cek: Uint8Array;
  /** Exact DER size of the output. */
  totalLength: number;
  /** DER chunks of the envelope; consume once. Throws if the source's size differs from the declared one. */
  chunks: AsyncIterable<Uint8Array>;
}

export async function encryptAuthEnvelopedStream(
  source: AsyncIterable<Uint8Array>, contentLength: number,
  recipientCertificates: readonly (string | Uint8Array)[], options: EnvelopeOptions = {},
): Promise<StreamingEnvelope> {
  const cek = options.cek ?? randomBytes(CEK_BYTES);
  if (cek.length !== CEK_BYTES) throw new RangeError('CEK must be 32 bytes (AES-256)');
  const nonce = options.nonce ?? randomBytes(GCM_NONCE_BYTES);
  const frame = authEnvelopedFrame(await recipientInfos(recipientCertificates, cek), nonce, contentLength);

  async function* chunks(): AsyncGenerator<Uint8Array> {
    const cipher = createCipheriv('aes-256-gcm', cek, nonce, { authTagLength: GCM_TAG_BYTES });
    yield frame.prefix;
    let seen = 0;
    for await (const chunk of source) {
      seen += chunk.length;
      if (seen > contentLength) throw new Error(`content is longer than the declared ${contentLength} bytes`);
      const out = cipher.update(chunk);
      if (out.length) yield new Uint8Array(out.buffer, out.byteOffset, out.length);
    }
    if (seen !== contentLength) throw new Error(`content is ${seen} bytes, ${contentLength} declared`);
    const last = cipher.final();
    if (last.length) yield new Uint8Array(last.buffer, last.byteOffset, last.length);
    yield frame.suffixFor(new Uint8Array(cipher.getAuthTag()));
  }
  return { cek, totalLength: frame.totalLength, chunks: chunks() };
}
