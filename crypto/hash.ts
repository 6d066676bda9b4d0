/** SHA-256 and HMAC-SHA-256 through WebCrypto (Node 20 and browsers). */
import { concatBytes, bufferSource } from './bytes';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

export async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const data = parts.length === 1 ? parts[0] : concatBytes(...parts);
  return new Uint8Array(await subtle().digest('SHA-256', bufferSource(data)));
}

export async function hmacSha256Key(key: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('raw', bufferSource(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

export async function hmacSha256(key: CryptoKey, message: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().sign('HMAC', key, bufferSource(message)));
}
