/**
 * SHA-256 and HMAC-SHA-256: on Node by node:crypto (small inputs at once, large ones in slices that
 * leave the event loop a turn between them), in browsers by WebCrypto.
 */
import { concatBytes, bufferSource } from './bytes';
import { inSlices, native } from './native';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

export async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  if (native) {
    const h = native.createHash('sha256');
    await inSlices(parts, (slice) => h.update(slice));
    return new Uint8Array(h.digest()); // a plain copy, not a Buffer
  }
  const data = parts.length === 1 ? parts[0] : concatBytes(...parts);
  return new Uint8Array(await subtle().digest('SHA-256', bufferSource(data)));
}

export async function hmacSha256Key(key: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('raw', bufferSource(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

export async function hmacSha256(key: CryptoKey, message: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().sign('HMAC', key, bufferSource(message)));
}
