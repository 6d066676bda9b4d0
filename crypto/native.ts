/**
 * node:crypto when running on Node (through process.getBuiltinModule, so bundlers see no import),
 * undefined in browsers. Small hashes and signatures done synchronously here skip WebCrypto's
 * thread-pool round trip, which costs far more than the operation itself and yields the event loop.
 */
export interface NativeHash { update(data: Uint8Array): NativeHash; digest(): Uint8Array }
export type NativeKey = object;
export interface NativeCrypto {
  createHash(algorithm: 'sha256'): NativeHash;
  createPrivateKey(key: { key: Uint8Array; format: 'der'; type: 'pkcs8' }): NativeKey;
  createPublicKey(key: { key: Uint8Array; format: 'der'; type: 'spki' }): NativeKey;
  sign(algorithm: null | string, data: Uint8Array, key: NativeKey): Uint8Array;
  verify(algorithm: null | string, data: Uint8Array, key: NativeKey, signature: Uint8Array): boolean;
}

type MaybeNodeProcess = { process?: { getBuiltinModule?: (id: string) => unknown } };

export const native: NativeCrypto | undefined = (globalThis as MaybeNodeProcess).process?.getBuiltinModule?.('node:crypto') as NativeCrypto | undefined;

/** Inputs up to this size are hashed synchronously on Node; larger ones go to WebCrypto's thread pool (no long event-loop stall). */
export const SYNC_HASH_MAX_BYTES = 64 * 1024;
