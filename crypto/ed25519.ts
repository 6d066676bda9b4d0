/** Ed25519 through WebCrypto (Node 20 and current browsers), by node:crypto on Node for signing. Keys as raw 32-byte values. */
import { bufferSource, concatBytes, fromHex } from './bytes';
import { native, type NativeKey } from './native';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const PKCS8_SEED_PREFIX = fromHex('302e020100300506032b657004220420');

export interface Ed25519KeyPair {
  publicKey: Uint8Array; // 32 bytes
  seed: Uint8Array; // 32-byte private seed
}

export async function generateEd25519(): Promise<Ed25519KeyPair> {
  const pair = (await subtle().generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey));
  const publicKey = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
  return { publicKey, seed: pkcs8.slice(pkcs8.length - 32) };
}

/**
 * Imported keys by seed array: a long-lived signer (the ledger's log key) imports its key once, not
 * per signature. Keyed by the array itself, so a caller that changes a seed in place must pass a new array.
 */
const imported = new WeakMap<Uint8Array, { seed: string; key: NativeKey | Promise<CryptoKey> }>();

function signingKey(seed: Uint8Array): NativeKey | Promise<CryptoKey> {
  const fingerprint = seed.join(',');
  const hit = imported.get(seed);
  if (hit && hit.seed === fingerprint) return hit.key;
  const pkcs8 = concatBytes(PKCS8_SEED_PREFIX, seed);
  const key = native
    ? native.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
    : subtle().importKey('pkcs8', bufferSource(pkcs8), { name: 'Ed25519' }, false, ['sign']);
  imported.set(seed, { seed: fingerprint, key });
  return key;
}

export async function ed25519Sign(seed: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  if (seed.length !== 32) throw new RangeError('Ed25519 seed must be 32 bytes');
  const key = signingKey(seed);
  if (native) return new Uint8Array(native.sign(null, message, key as NativeKey));
  return new Uint8Array(await subtle().sign({ name: 'Ed25519' }, await (key as Promise<CryptoKey>), bufferSource(message)));
}

/** False on any malformed input or exception: an exception during verification means reject. */
export async function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = await subtle().importKey('raw', bufferSource(publicKey), { name: 'Ed25519' }, false, ['verify']);
    return await subtle().verify({ name: 'Ed25519' }, key, bufferSource(signature), bufferSource(message));
  } catch {
    return false;
  }
}
