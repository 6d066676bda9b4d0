/**
 * The rewrites of a SignedData that crypto/cms accepts because its signature does not cover them
 * (crypto/eseal/strict-signed-data.ts lists the lenient points; eseal/1 refuses them). Each is one
 * byte: the SignedData version 1 → 3, and the SignerInfo signature algorithm rsaEncryption →
 * sha256WithRSAEncryption (RFC 5754 §3.2 allows both). Found by an exhaustive one-byte sweep
 * (test/crypto/fuzz.test.ts); everything else a one-byte change can do is refused.
 */
import { bytesEqual } from '../../crypto/bytes';
import { readDer } from '../../crypto/der';

export interface UnsignedRewrite { name: string; at: number; from: number; value: number }

/** The unsigned one-byte rewrites of `der`, a SignedData as crypto/cms createSignedData writes it. */
export function unsignedRewrites(der: Uint8Array): UnsignedRewrite[] {
  const signedData = readDer(der).children[1].children[0];
  const version = signedData.children[0];
  const signerInfo = signedData.children[signedData.children.length - 1].children[0];
  const algorithm = signerInfo.children[4].children[0];
  const rewrites = [
    { name: 'SignedData version 1 → 3', at: version.offset + version.headerLength, from: 1, value: 3 },
    { name: 'signature algorithm rsaEncryption → sha256WithRSAEncryption', at: algorithm.offset + algorithm.der.length - 1, from: 1, value: 0x0b },
  ];
  for (const r of rewrites) if (der[r.at] !== r.from) throw new Error(`not the expected layout: ${r.name}`);
  return rewrites;
}

export function applyRewrites(der: Uint8Array, rewrites: readonly UnsignedRewrite[]): Uint8Array {
  const out = der.slice();
  for (const r of rewrites) out[r.at] = r.value;
  return out;
}

/** Whether `candidate` is `original` with one or more of its unsigned rewrites applied, and nothing else. */
export function isUnsignedRewrite(original: Uint8Array, candidate: Uint8Array): boolean {
  const rewrites = unsignedRewrites(original);
  if (candidate.length !== original.length || bytesEqual(candidate, original)) return false;
  return candidate.every((byte, i) => byte === original[i] || rewrites.some((r) => r.at === i && r.value === byte));
}
