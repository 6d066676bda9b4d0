/**
 * node:crypto when running on Node (through process.getBuiltinModule, so bundlers see no import),
 * undefined in browsers. Hashes, AES-GCM decryption and signatures done here skip WebCrypto's
 * thread-pool round trip and copies, which cost more than the operation itself; large inputs go in
 * slices of NATIVE_SLICE_BYTES with a turn of the event loop between them.
 */
export interface NativeHash { update(data: Uint8Array): NativeHash; digest(): Uint8Array }
export interface NativeDecipher { setAuthTag(tag: Uint8Array): NativeDecipher; update(data: Uint8Array): Uint8Array; final(): Uint8Array }
export type NativeKey = object;
export interface NativeCrypto {
  createHash(algorithm: 'sha256'): NativeHash;
  createDecipheriv(algorithm: 'aes-256-gcm', key: Uint8Array, iv: Uint8Array, options: { authTagLength: number }): NativeDecipher;
  createPrivateKey(key: { key: Uint8Array; format: 'der'; type: 'pkcs8' }): NativeKey;
  createPublicKey(key: { key: Uint8Array; format: 'der'; type: 'spki' }): NativeKey;
  sign(algorithm: null | string, data: Uint8Array, key: NativeKey): Uint8Array;
  verify(algorithm: null | string, data: Uint8Array, key: NativeKey, signature: Uint8Array): boolean;
}

type MaybeNodeProcess = { process?: { getBuiltinModule?: (id: string) => unknown } };

export const native: NativeCrypto | undefined = (globalThis as MaybeNodeProcess).process?.getBuiltinModule?.('node:crypto') as NativeCrypto | undefined;

/** Bytes hashed or decrypted between two turns of the event loop (≈ 1 ms of work), so a large bid never stalls it. */
export const NATIVE_SLICE_BYTES = 1 << 20;

/**
 * Hand `parts` to `each` in slices of at most NATIVE_SLICE_BYTES, with a turn of the event loop after
 * every NATIVE_SLICE_BYTES handed (small inputs: none, and no promise to wait for in between).
 */
export async function inSlices(parts: readonly Uint8Array[], each: (slice: Uint8Array) => void): Promise<void> {
  let sinceTurn = 0;
  for (const part of parts) {
    for (let from = 0; from < part.length; from += NATIVE_SLICE_BYTES) {
      if (sinceTurn >= NATIVE_SLICE_BYTES) {
        sinceTurn = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const slice = part.subarray(from, from + NATIVE_SLICE_BYTES);
      each(slice);
      sinceTurn += slice.length;
    }
  }
}
