/** SHA-256 and HMAC-SHA-256 through WebCrypto (Node 20 and browsers); small inputs synchronously by node:crypto on Node. */
import { concatBytes, bufferSource } from './bytes';
import { SYNC_HASH_MAX_BYTES, native } from './native';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

export async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const size = parts.reduce((n, p) => n + p.length, 0);
  if (native && size <= SYNC_HASH_MAX_BYTES) {
    const h = native.createHash('sha256');
    for (const p of parts) h.update(p);
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
