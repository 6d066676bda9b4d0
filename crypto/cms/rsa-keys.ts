/** Importing RSA keys into WebCrypto for the operations SBP/1 allows. */
import { bufferSource } from '../bytes';
import { native } from '../native';
import { pemToDer } from '../pem';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const OAEP = { name: 'RSA-OAEP', hash: 'SHA-256' } as const; // WebCrypto's MGF1 uses the same hash
const PKCS1 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** PKCS#8 as PEM ("PRIVATE KEY") or DER. */
function pkcs8(key: string | Uint8Array): Uint8Array {
  return typeof key === 'string' ? pemToDer(key, 'PRIVATE KEY') : key;
}

export function importOaepPublicKey(spki: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('spki', bufferSource(spki), OAEP, true, ['encrypt']);
}

export function importOaepPrivateKey(key: string | Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('pkcs8', bufferSource(pkcs8(key)), OAEP, true, ['decrypt']);
}

export function importSigningKey(key: string | Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('pkcs8', bufferSource(pkcs8(key)), PKCS1, true, ['sign']);
}

export function importVerifyingKey(spki: Uint8Array): Promise<CryptoKey> {
  return subtle().importKey('spki', bufferSource(spki), PKCS1, false, ['verify']);
}

/** RSASSA-PKCS1-v1_5 with SHA-256; on Node synchronously by node:crypto, for RSA keys only (as WebCrypto would import them). */
export async function verifyRsaPkcs1Sha256(spki: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  if (!native) return subtle().verify(PKCS1, await importVerifyingKey(spki), bufferSource(signature), bufferSource(data));
  const key = native.createPublicKey({ key: spki, format: 'der', type: 'spki' }) as { asymmetricKeyType?: string };
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`not an RSA (rsaEncryption) key: ${key.asymmetricKeyType}`);
  return native.verify('sha256', data, key, signature);
}

export async function oaepEncrypt(publicKey: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().encrypt(OAEP, publicKey, bufferSource(data)));
}

export async function oaepDecrypt(privateKey: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().decrypt(OAEP, privateKey, bufferSource(data)));
}

/** SubjectPublicKeyInfo of the public half of an RSA private key (to match a key to a certificate). */
export async function publicKeyOfPrivateKey(privateKey: CryptoKey): Promise<Uint8Array> {
  const jwk = await subtle().exportKey('jwk', privateKey);
  const pub = await subtle().importKey('jwk', { kty: 'RSA', n: jwk.n, e: jwk.e, alg: jwk.alg, ext: true }, privateKey.algorithm as RsaHashedImportParams, true, privateKey.algorithm.name === 'RSA-OAEP' ? ['encrypt'] : ['verify']);
  return new Uint8Array(await subtle().exportKey('spki', pub));
}

/** A signer callback (what SignedData needs) from a PKCS#8 RSA key. */
export async function rsaSha256Signer(key: string | Uint8Array | CryptoKey): Promise<(data: Uint8Array) => Promise<Uint8Array>> {
  const k = typeof key === 'string' || key instanceof Uint8Array ? await importSigningKey(key) : key;
  return async (data) => new Uint8Array(await subtle().sign(PKCS1, k, bufferSource(data)));
}
