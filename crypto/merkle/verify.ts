/**
 * Proof verifiers of RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency).
 * Sizes are plain numbers up to 2^53; no bitwise operators, so sizes above 2^31 work.
 */
import { bytesEqual } from '../bytes';
import { HASH_SIZE, nodeHash } from './hashing';

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);
const validSize = (x: number): boolean => Number.isSafeInteger(x) && x >= 0;
const validHashes = (hs: readonly Uint8Array[]): boolean => hs.every((h) => h.length === HASH_SIZE);

/** Recomputes the root from a leaf hash and its audit path; null if the path cannot fit the tree. */
export async function rootFromInclusionProof(
  leafHash: Uint8Array, index: number, size: number, path: readonly Uint8Array[],
): Promise<Uint8Array | null> {
  if (!validSize(index) || !validSize(size) || index >= size) return null;
  if (leafHash.length !== HASH_SIZE || !validHashes(path)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return null;
    if (isOdd(fn) || fn === sn) {
      r = await nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

export async function verifyInclusion(
  leafHash: Uint8Array, index: number, size: number, path: readonly Uint8Array[], root: Uint8Array,
): Promise<boolean> {
  const computed = await rootFromInclusionProof(leafHash, index, size, path);
  return computed !== null && bytesEqual(computed, root);
}

/** True iff `proof` shows the tree (newSize, newRoot) extends (oldSize, oldRoot). */
export async function verifyConsistency(
  oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[],
): Promise<boolean> {
  if (!validSize(oldSize) || !validSize(newSize) || oldSize > newSize) return false;
  if (oldRoot.length !== HASH_SIZE || newRoot.length !== HASH_SIZE || !validHashes(proof)) return false;
  if (oldSize === newSize) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (oldSize === 0) return proof.length === 0; // the empty tree is a prefix of every tree
  if (proof.length === 0) return false;

  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
}

function isPowerOfTwo(x: number): boolean {
  let k = 1;
  while (k < x) k *= 2;
  return k === x;
}
